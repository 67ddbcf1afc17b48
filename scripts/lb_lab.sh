# Shared by scripts/lab_demo.sh and bench/lb_failover_bench.sh (sourced, not run): the
# load-balancer stack on a 3-node lab cluster. lb_up starts the lab (real corosync, crmd, the
# lab fence agent), hosts b1 and b2 (web servers) and cli (the client) on the lab's switch,
# configures doc/examples/lb-demo.crm and waits until a client gets an answer through the VIP.
# The caller sets REPO, BUILD and LB_WHO (its name for messages) and cds to REPO; the EXIT trap
# tears everything down (processes by PID, namespaces by name).
LAB=$REPO/lab/lab.sh
export LAB_NAME="${LB_LAB_NAME:-lb$$}" LAB_NODES=3
export LAB_DIR="/tmp/keel-lab/$LAB_NAME" LAB_CRMD="$BUILD/crmd/crmd"
CRM="$BUILD/cli/crm"
NET=198.18.0
VIP=$NET.100
HOSTS=(b1:21 b2:22 cli:30)  # extra namespaces on the lab's switch: name:last octet
declare -A BACKEND_PID=()
CLIENT_PID=""

host_ns() { echo "${LAB_NAME}-$1"; }
lb_down() {
  local h pid
  for pid in "${BACKEND_PID[@]}" $CLIENT_PID; do kill -TERM "$pid" 2>/dev/null || true; done
  for h in "${HOSTS[@]}"; do ip netns del "$(host_ns "${h%%:*}")" 2>/dev/null || true; done
  "$LAB" down >/dev/null 2>&1 || true
  rm -rf "$LAB_DIR"
}
trap lb_down EXIT
die() { echo "$LB_WHO: $*" >&2; exit 1; }
crm_on() {
  local k=$1
  shift
  "$LAB" exec "$k" env OCF_ROOT="$LAB_DIR/ocf" KEEL_FENCE_AGENT_DIR="$LAB_DIR/fence/usr/sbin" \
    "$CRM" "$@"
}
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
through_vip() {
  ip netns exec "$(host_ns cli)" curl -s -m 1 "http://$VIP/" 2>/dev/null | grep -q '^b[12]$'
}
clone_everywhere() {
  local out
  out=$(crm_on "${1:-1}" status 2>/dev/null) || return 1
  grep -q "Clone Set: proxy-clone .*Started \[ n1 n2 n3 \]" <<<"$out" &&
    grep -q "Clone Set: director-clone .*Started \[ n1 n2 n3 \]" <<<"$out"
}
# The whole stack as configured: HAProxy and the director on every node, the VIP on one, answering.
lb_settled() { clone_everywhere "${1:-1}" && vip_node 1 2 3 >/dev/null && through_vip; }

# start_backend NAME ADDRESS: a web server answering NAME on ADDRESS:80 in host NAME.
start_backend() {
  local name=$1 addr=$2
  mkdir -p "$LAB_DIR/www-$name"
  echo "$name" >"$LAB_DIR/www-$name/index.html"
  ip netns exec "$(host_ns "$name")" setsid python3 -c '
import http.server, socketserver, sys, os
os.chdir(sys.argv[2])
class Server(http.server.ThreadingHTTPServer):
    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "backend", self.server_address[1]
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass
Server((sys.argv[1], 80), Quiet).serve_forever()' "$addr" "$LAB_DIR/www-$name" \
    >>"$LAB_DIR/$name.log" 2>&1 &
  BACKEND_PID[$name]=$!
  disown "$!"  # killed on purpose by the benchmark: no job notice
}

# lb_client RATE SECONDS OUT: the client (scripts/lb_client.py) in the background (CLIENT_PID).
lb_client() {
  ip netns exec "$(host_ns cli)" python3 "$REPO/scripts/lb_client.py" "$VIP" 80 "$1" "$2" "$3" &
  CLIENT_PID=$!
}

# lb_lab_up: the lab nodes (crmd only when LAB_CRMD is set), forwarding on every node, the
# hosts b1, b2 (web servers) and cli on the lab's switch, and $LAB_DIR/haproxy.cfg.
lb_lab_up() {
  local h k name ns
  "$LAB" up >/dev/null 2>&1 || die "lab up failed"
  # A director forwards (LVS NAT); a node that takes over must too.
  for k in 1 2 3; do "$LAB" exec "$k" sysctl -qw net.ipv4.ip_forward=1; done
  for h in "${HOSTS[@]}"; do
    name=${h%%:*}
    ns=$(host_ns "$name")
    ip netns add "$ns"
    ip link add name eth0 netns "$ns" type veth peer name "h$name" netns "${LAB_NAME}-sw"
    ip -n "${LAB_NAME}-sw" link set "h$name" master br0 up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "$NET.${h##*:}/24" dev eth0
    ip -n "$ns" link set eth0 up
    [[ $name == cli ]] || start_backend "$name" "$NET.${h##*:}"
  done
  # Every node's HAProxy balances over b1 and b2 (health-checked every 500 ms). /health is
  # what the directors check: it fails once the Proxy agent puts the gate in maintenance
  # before a stop (drain_gate), while the frontend still serves.
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
  monitor-uri /health
  monitor fail if { nbsrv(gate) lt 1 }
  default_backend web
backend web
  balance roundrobin
  server b1 $NET.21:80 check inter 500ms
  server b2 $NET.22:80 check inter 500ms
backend gate
  server g 127.0.0.1:9
CFG
}

# The agents (Debian's and Keel's) in one OCF root under $LAB_DIR/ocf; the lab fence agent.
lb_install_agents() {
  # Debian's agents find their shell helpers in OCF_ROOT/lib/heartbeat; Keel's IPVS checker
  # goes to OCF_ROOT/lib/keel, here, never into the host's /usr/lib/ocf.
  mkdir -p "$LAB_DIR/ocf/resource.d" "$LAB_DIR/ocf/lib"
  ln -sfn /usr/lib/ocf/lib/heartbeat "$LAB_DIR/ocf/lib/heartbeat"
  ln -sfn /usr/lib/ocf/resource.d/heartbeat "$LAB_DIR/ocf/resource.d/heartbeat"
  bash "$REPO/agents/install.sh" "$BUILD" "$LAB_DIR/ocf" >/dev/null
  bash "$REPO/fencing/install.sh" "$LAB_DIR/fence" >/dev/null
}

# lb_up: the whole stack under Keel, configured from doc/examples/lb-demo.crm and answering.
lb_up() {
  local k out
  lb_install_agents
  export LAB_CRMD_ARGS="--ocf-root $LAB_DIR/ocf --fence-agent-dir $LAB_DIR/fence/usr/sbin"
  lb_lab_up
  for k in 1 2 3; do wait_for 30 "n$k synced" synced "$k"; done
  sed -e "s|@HAPROXY_CFG@|$LAB_DIR/haproxy.cfg|; s|@LAB_NAME@|$LAB_NAME|" \
    "$REPO/doc/examples/lb-demo.crm" >"$LAB_DIR/lb-demo.crm"
  out=$(crm_on 1 configure load replace "$LAB_DIR/lb-demo.crm" 2>&1) ||
    die "loading doc/examples/lb-demo.crm failed: $out"
  wait_for 60 "HAProxy and the director on every node" clone_everywhere
  wait_for 60 "the VIP up on a node" vip_node 1 2 3 >/dev/null
  wait_for 30 "an answer from a web server through the VIP" through_vip
}

# lb_rounds ROUNDS FAULT...: the benchmarks' rounds. The caller defines holder (prints the VIP's
# node), vip_count (nodes holding the VIP), fault NAME HOLDER OTHER and restore NAME HOLDER
# OTHER (back to a settled stack). Each round: the client for 10 s at LB_RATE requests/s
# (default 50), the fault after 2 s; for "split" every node is sampled for 8 s and the time
# with the VIP on two nodes at once is added up. Prints one line per round (under Keel also its
# timeline, scripts/lb_timeline.py, from the nodes that stayed up after a cut or crash), then
# median and maximum per fault: the longest time without an answer, the first answer after
# the fault and, under Keel, that answer minus the survivors' first membership.
LB_RATE=${LB_RATE:-50}
lb_rounds() {
  local rounds=$1 f r holder other out t0 both_ms end last now view gap failed kinds first
  local total=$((LB_RATE * 10)) logs timeline member after_member k
  [[ $LB_RATE =~ ^[0-9]+$ ]] && ((LB_RATE >= 1 && LB_RATE <= 200)) || die "LB_RATE must be 1..200"
  shift
  declare -A outages=() failures=() both=() firsts=() members=()
  for f in "$@"; do
    for ((r = 1; r <= rounds; r++)); do
      holder=$(holder) || die "no VIP before round $r of $f"
      other=$((holder == 1 ? 2 : 1))
      out=$LAB_DIR/client-$f-$r.log
      lb_client "$LB_RATE" 10 "$out"
      sleep 2
      t0=$(now_ms)
      fault "$f" "$holder" "$other"
      both_ms=0
      if [[ $f == split ]]; then
        end=$((SECONDS + 8)) last=$(now_ms)
        while ((SECONDS < end)); do
          now=$(now_ms)
          (($(vip_count) > 1)) && both_ms=$((both_ms + now - last))
          last=$now
          sleep 0.02
        done
        both[$f]+="$both_ms "
      fi
      wait "$CLIENT_PID" || true
      CLIENT_PID=""
      view=$(python3 "$REPO/scripts/lb_client.py" --report "$out" "$t0") ||
        echo "$f round $r: no answer after the fault" >&2
      gap=$(sed -n 's/.*longest time without an answer \([0-9]*\) ms.*/\1/p' <<<"$view")
      failed=$(sed -n 's/.* \([0-9]*\) failed .*/\1/p' <<<"$view")
      kinds=$(sed -n 's/.* failed (\([^)]*\)).*/ (\1)/p' <<<"$view")
      first=$(sed -n 's/.*first answer \([0-9]*\) ms after the fault.*/\1/p' <<<"$view")
      echo "$f round $r (VIP on n$holder): longest time without an answer ${gap:-?} ms," \
        "first answer ${first:-?} ms after the fault," \
        "${failed:-?} failed of $total$kinds${both[$f]:+, VIP on two nodes for $both_ms ms of 8 s}"
      after_member=""
      if compgen -G "$LAB_DIR/n*/log/crmd.log" >/dev/null; then
        # A cut or crashed node logs a membership of its own: only the survivors' logs count.
        logs=()
        for k in 1 2 3; do
          [[ ($f == cut || $f == crash) && $k == "$holder" ]] && continue
          [[ -f $LAB_DIR/n$k/log/crmd.log ]] && logs+=("$LAB_DIR/n$k/log/crmd.log")
        done
        timeline=""
        ((${#logs[@]} == 0)) || timeline=$(python3 "$REPO/scripts/lb_timeline.py" "$t0" "${logs[@]}") || true
        echo "  $timeline"
        member=$(sed -n 's/.*membership +\([0-9]*\).*/\1/p' <<<"$timeline")
        if [[ ($f == cut || $f == crash) && -n $member && -n $first ]]; then
          after_member=$((first - member))
          echo "  first answer $after_member ms after the survivors' first membership"
        fi
      fi
      outages[$f]+="${gap:-0} "
      failures[$f]+="${failed:-0} "
      firsts[$f]+="${first:-0} "
      [[ -z $after_member ]] || members[$f]+="$after_member "
      restore "$f" "$holder" "$other"
    done
  done
  echo "== summary (ms without an answer; first answer after the fault; failed requests of $total per round)"
  for f in "$@"; do
    python3 - "$f" "${outages[$f]}" "${failures[$f]}" "${both[$f]:-}" "${firsts[$f]}" "${members[$f]:-}" <<'PY'
import statistics, sys
def ints(text):
    return [int(x) for x in text.split()]
name, gaps, failed, both, firsts, members = sys.argv[1], *map(ints, sys.argv[2:7])
print(f"{name:8} outage median {statistics.median(gaps):.0f} max {max(gaps)} ms; "
      f"first answer median {statistics.median(firsts):.0f} max {max(firsts)} ms; "
      f"failed median {statistics.median(failed):.0f} max {max(failed)}"
      + (f"; first answer minus membership median {statistics.median(members):.0f} "
         f"max {max(members)} ms" if members else "")
      + (f"; VIP on two nodes median {statistics.median(both):.0f} max {max(both)} ms of 8 s" if both else ""))
PY
  done
}
