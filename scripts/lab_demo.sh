#!/usr/bin/env bash
# The load balancer end to end on one machine: a 3-node Keel cluster (lab/lab.sh: network
# namespaces, real corosync, fencing by the lab fence agent) configured from
# doc/examples/lb-demo.crm: HAProxy (ocf:keel:Proxy) cloned on every node, and on one of them the
# VIP (ocf:keel:IPaddr) with an LVS director (ocf:keel:IPVSDirector, nftables NAT) spreading
# VIP:80 over the three HAProxys, which balance over two web servers (b1, b2) in their own
# namespaces. A client namespace sends 50 requests/s through the VIP. The demo prints
# `crm status`, crashes the VIP's node (link cut + SIGKILL), prints the client's view of the
# failover and `crm status` again, and tears everything down on any exit. Root.
# KEEL_BUILD: the build directory (default build/). Exits non-zero when the service does not
# come back.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
BUILD=$(readlink -f "${KEEL_BUILD:-build}")
LAB=$REPO/lab/lab.sh
export LAB_NAME="demo$$" LAB_DIR="/tmp/keel-lab/demo$$" LAB_CRMD="$BUILD/crmd/crmd" LAB_NODES=3
CRM="$BUILD/cli/crm"
NET=198.18.0
VIP=$NET.100
HOSTS=(b1:21 b2:22 cli:30)  # extra namespaces on the lab's switch: name:last octet

host_ns() { echo "${LAB_NAME}-$1"; }
cleanup() {
  local h
  for pid in ${HOST_PIDS:-}; do kill -TERM "$pid" 2>/dev/null || true; done
  for h in "${HOSTS[@]}"; do ip netns del "$(host_ns "${h%%:*}")" 2>/dev/null || true; done
  "$LAB" down >/dev/null 2>&1 || true
  rm -rf "$LAB_DIR"
}
trap cleanup EXIT
die() { echo "demo: $*" >&2; exit 1; }
crm_on() { local k=$1; shift; "$LAB" exec "$k" env OCF_ROOT="$LAB_DIR/ocf" KEEL_FENCE_AGENT_DIR="$LAB_DIR/fence/usr/sbin" "$CRM" "$@"; }
# wait_for SECS WHAT CMD...: polls every 50 ms.
wait_for() {
  local secs=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + secs))
  while ((SECONDS < deadline)); do
    "$@" && return 0
    sleep 0.05
  done
  die "timed out after ${secs}s waiting for: $what"
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
has_vip() { "$LAB" exec "$1" ip -4 -o addr show dev eth0 2>/dev/null | grep -q " $VIP/"; }
vip_node() { local k; for k in "$@"; do has_vip "$k" && { echo "$k"; return 0; }; done; return 1; }
synced() { crm_on "$1" status --json 2>/dev/null | grep -q '"synced":true'; }
through_vip() { ip netns exec "$(host_ns cli)" curl -s -m 1 "http://$VIP/" 2>/dev/null | grep -q '^b[12]$'; }
clone_everywhere() { crm_on 1 status 2>/dev/null | grep -q "Clone Set: proxy-clone .*Started \[ n1 n2 n3 \]"; }

mkdir -p "$LAB_DIR"
# Agents: Debian's and Keel's in one OCF root; the lab fence agent.
mkdir -p "$LAB_DIR/ocf/resource.d"
ln -sfn /usr/lib/ocf/lib "$LAB_DIR/ocf/lib"
ln -sfn /usr/lib/ocf/resource.d/heartbeat "$LAB_DIR/ocf/resource.d/heartbeat"
bash agents/install.sh "$BUILD" "$LAB_DIR/ocf" >/dev/null
bash fencing/install.sh "$LAB_DIR/fence" >/dev/null
export LAB_CRMD_ARGS="--ocf-root $LAB_DIR/ocf --fence-agent-dir $LAB_DIR/fence/usr/sbin"

echo "== starting a 3-node lab cluster ($LAB_NAME) and hosts b1, b2 (web servers), cli (client)"
"$LAB" up >/dev/null 2>&1 || die "lab up failed"
for k in 1 2 3; do "$LAB" exec "$k" sysctl -qw net.ipv4.ip_forward=1; done
HOST_PIDS=""
for h in "${HOSTS[@]}"; do
  name=${h%%:*} ns=$(host_ns "${h%%:*}")
  ip netns add "$ns"
  ip link add name eth0 netns "$ns" type veth peer name "h$name" netns "${LAB_NAME}-sw"
  ip -n "${LAB_NAME}-sw" link set "h$name" master br0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$NET.${h##*:}/24" dev eth0
  ip -n "$ns" link set eth0 up
  [[ $name == cli ]] && continue
  mkdir -p "$LAB_DIR/www-$name" && echo "$name" >"$LAB_DIR/www-$name/index.html"
  ip netns exec "$ns" setsid python3 -c '
import http.server, socketserver, sys, os
os.chdir(sys.argv[2])
class Server(http.server.ThreadingHTTPServer):
    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "backend", self.server_address[1]
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass
Server((sys.argv[1], 80), Quiet).serve_forever()' "$NET.${h##*:}" "$LAB_DIR/www-$name" \
    >"$LAB_DIR/$name.log" 2>&1 &
  HOST_PIDS+=" $!"
done
for k in 1 2 3; do wait_for 30 "n$k synced" synced "$k"; done

# Every node's HAProxy balances over b1 and b2 (health-checked every 500 ms).
cat >"$LAB_DIR/haproxy.cfg" <<CFG
global
  maxconn 1000
defaults
  mode http
  timeout connect 1s
  timeout client 5s
  timeout server 5s
frontend fe
  bind *:8080
  default_backend web
backend web
  balance roundrobin
  server b1 $NET.21:80 check inter 500ms
  server b2 $NET.22:80 check inter 500ms
CFG
sed -e "s|@HAPROXY_CFG@|$LAB_DIR/haproxy.cfg|; s|@LAB_NAME@|$LAB_NAME|" doc/examples/lb-demo.crm \
  >"$LAB_DIR/lb-demo.crm"
echo "== configuring the cluster from doc/examples/lb-demo.crm"
crm_on 1 configure load replace "$LAB_DIR/lb-demo.crm" >/dev/null ||
  die "loading the configuration failed: $(crm_on 1 configure load replace "$LAB_DIR/lb-demo.crm" 2>&1)"
wait_for 60 "HAProxy on every node" clone_everywhere
wait_for 60 "the VIP up on a node" vip_node 1 2 3 >/dev/null
wait_for 30 "an answer from a web server through the VIP" through_vip
holder=$(vip_node 1 2 3)
echo "== crm status (on n1)"
crm_on 1 status || true

others=()
for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
out=$LAB_DIR/client.log
echo "== client: 50 requests/s through http://$VIP/ for 20 s; crashing n$holder (the VIP and director) after 5 s"
ip netns exec "$(host_ns cli)" python3 scripts/lb_client.py "$VIP" 80 50 20 "$out" &
client=$!
HOST_PIDS+=" $client"
sleep 5
t0=$(now_ms)
"$LAB" crash "$holder" >/dev/null 2>&1
wait_for 60 "the VIP up on a surviving node" vip_node "${others[@]}" >/dev/null
t1=$(now_ms)
echo "== the VIP is up on n$(vip_node "${others[@]}") (seen $((t1 - t0)) ms after the crash); waiting for the client"
wait "$client" || true
python3 scripts/lb_client.py --report "$out" "$t0" || die "the service did not come back"
echo "== crm status (on n${others[0]})"
crm_on "${others[0]}" status || true
echo "== tearing down"
