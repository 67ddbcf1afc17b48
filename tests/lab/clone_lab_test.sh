#!/usr/bin/env bash
# Lab tests of an anonymous clone on real corosync (3 nodes in network namespaces, root):
# ocf:keel:Proxy (a real haproxy per node) cloned on every node, the VIP colocated with a
# started instance and ordered after the clone, fencing on (the lab fence agent).
# Usage: clone_lab_test.sh SCENARIO   with KEEL_CRMD, KEEL_CRM and KEEL_BUILD_DIR set.
#   threshold  haproxy killed on the VIP's node until migration-threshold (2): each kill is
#              recovered where it happened; at the threshold the instance there stops and the
#              VIP moves to a node whose instance runs (checked every 0.1 s while it moves)
#   cut        the VIP's node is cut off: it is fenced, the VIP moves to a survivor, and its
#              instance is started nowhere else (one haproxy per node, clone-node-max 1)
# Every wait polls with a deadline; the lab is torn down on any exit (haproxy included: it
# runs in the nodes' namespaces).
set -euo pipefail

SCENARIO=${1:?scenario}
LAB_TEST_PREFIX=kc
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
source "$(dirname "$0")/vip_fence_lib.sh"
: "${KEEL_BUILD_DIR:?the build directory (agents/ holds keel-proxy)}"

# An OCF root with Debian's agents and Keel's, for crmd and for crm's agent checks.
OCF=$LAB_DIR/ocf
mkdir -p "$OCF/resource.d"
ln -sfn /usr/lib/ocf/lib "$OCF/lib"
ln -sfn /usr/lib/ocf/resource.d/heartbeat "$OCF/resource.d/heartbeat"
bash "$REPO/agents/install.sh" "$KEEL_BUILD_DIR" "$OCF" >/dev/null 2>&1 || fail "agents/install.sh failed"
[[ -x $OCF/resource.d/keel/Proxy ]] || fail "ocf:keel:Proxy not built"
export LAB_CRMD_ARGS="$LAB_CRMD_ARGS --ocf-root $OCF"

# Every node's haproxy answers on its own loopback (each node is its own network namespace).
cat >"$LAB_DIR/haproxy.cfg" <<'CFG'
global
  maxconn 100
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:8080
  http-request return status 200 content-type text/plain string ok
CFG

write_config "$LAB_DIR/clone.xml" "$LAB_NAME"
python3 - "$LAB_DIR/clone.xml" "$LAB_DIR/haproxy.cfg" <<'PY'
import sys
path, cfg = sys.argv[1], sys.argv[2]
text = open(path).read()
text = text.replace("<resources>", f"""<resources>
    <clone id="proxy-clone">
      <primitive id="proxy" class="ocf" provider="keel" type="Proxy">
        <instance_attributes id="proxy-ia"><nvpair id="proxy-cfg" name="config" value="{cfg}"/></instance_attributes>
        <meta_attributes id="proxy-meta"><nvpair id="proxy-mt" name="migration-threshold" value="2"/></meta_attributes>
        <operations><op id="proxy-mon" name="monitor" interval="1s" timeout="20s"/></operations>
      </primitive>
    </clone>""")
text = text.replace("<constraints/>", """<constraints>
    <rsc_colocation id="vip-with-proxy" rsc="vip" with-rsc="proxy-clone" score="INFINITY"/>
    <rsc_order id="proxy-then-vip" first="proxy-clone" then="vip" kind="Mandatory"/>
  </constraints>""")
open(path, "w").write(text)
PY

pidfile() { echo "$LAB_DIR/n$1/run/rsctmp/keel-proxy-proxy.pid"; }
# The node runs a live haproxy master started by the agent (its pid file names it).
proxy_up() {
  local f pid
  f=$(pidfile "$1")
  [[ -s $f ]] || return 1
  pid=$(cat "$f")
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == haproxy ]]
}
proxy_nodes() { local k out=""; for k in "$@"; do proxy_up "$k" && out+="$k "; done; echo "${out% }"; }
# How many haproxy masters the agent started in node K's namespace (by their pid files).
masters_on() { find "$LAB_DIR/n$1/run/rsctmp" -name 'keel-proxy-*.pid' 2>/dev/null | wc -l; }
answers() { "$LAB" exec "$1" curl -s -m 1 http://127.0.0.1:8080/ 2>/dev/null | grep -qx ok; }
clone_status() { crm_on "$1" status 2>/dev/null | grep "Clone Set: proxy-clone" || true; }
# Fails when the VIP is up on a node whose haproxy is not running.
vip_only_with_proxy() {
  local k
  for k in "$@"; do
    if has_vip "$k" && ! proxy_up "$k"; then fail "the VIP is on n$k, whose haproxy is not running"; fi
  done
}
settled_on() {  # settled_on K...: the VIP on one of the nodes, haproxy on each of them
  local k
  for k in "$@"; do proxy_up "$k" || return 1; done
  vip_on_one "$@"
}

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
"$LAB" exec 1 env OCF_ROOT="$OCF" KEEL_FENCE_AGENT_DIR="$LAB_DIR/fence/usr/sbin" "$KEEL_CRM" \
  configure load replace "$LAB_DIR/clone.xml" >/dev/null || fail "crm configure load replace failed"
wait_for 40 "haproxy on every node and the VIP on one" settled_on 1 2 3
for k in 1 2 3; do answers "$k" || fail "n$k's haproxy does not answer"; done
status=$(clone_status 1)
[[ $status == *"Clone Set: proxy-clone [proxy] (ocf:keel:Proxy): Started [ n1 n2 n3 ]"* ]] ||
  fail "crm status does not show the clone set: $status"
holder=$(vip_nodes 1 2 3)
others=()
for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
echo "haproxy on n1 n2 n3, VIP on n$holder"

case $SCENARIO in
  threshold)
    # Kill 1: recovered on the same node (fail count 1 < 2); the VIP may restart with it.
    pid=$(cat "$(pidfile "$holder")")
    kill -KILL "$pid"
    wait_for 30 "n$holder's haproxy restarted after kill 1" \
      bash -c "p=\$(cat '$(pidfile "$holder")' 2>/dev/null); [[ -n \$p && \$p != $pid && \$(cat /proc/\$p/comm 2>/dev/null) == haproxy ]]"
    wait_for 30 "the VIP back on one node" vip_on_one 1 2 3
    [[ $(vip_nodes 1 2 3) == "$holder" ]] || fail "the VIP left n$holder after one failure (threshold 2)"
    counts=$(crm_on 1 status 2>/dev/null | grep -c "proxy.*monitor_1000" || true)
    ((counts >= 1)) || fail "crm status shows no fail count for proxy after kill 1"
    # Kill 2: the threshold: the instance stops there, the VIP moves to a running instance.
    pid=$(cat "$(pidfile "$holder")")
    t0=$(now_ms)
    kill -KILL "$pid"
    deadline=$((SECONDS + 40))
    while ((SECONDS < deadline)); do
      vip_only_with_proxy 1 2 3
      new=$(vip_nodes "${others[@]}")
      [[ -n $new ]] && vip_on_one 1 2 3 && proxy_up "$new" && break
      sleep 0.1
    done
    ((SECONDS < deadline)) || fail "the VIP did not move after kill 2: on '$(vip_nodes 1 2 3)'"
    t1=$(now_ms)
    wait_for 20 "no haproxy left on n$holder" bash -c "! [[ -s '$(pidfile "$holder")' ]]"
    for ((i = 0; i < 20; i++)); do vip_only_with_proxy 1 2 3; sleep 0.1; done
    status=$(clone_status 1)
    [[ $status == *"Started [ n${others[0]} n${others[1]} ]"* ]] ||
      fail "crm status: want the clone started on the two other nodes: $status"
    echo "threshold: VIP on n$new $((t1 - t0)) ms after the second kill; n$holder runs no instance"
    ;;
  cut)
    corosync_pid=$(cat "$LAB_DIR/n$holder/corosync.pid")
    dc=${others[0]}
    mark=$(log_lines "$dc")
    t0=$(now_ms)
    "$LAB" cut "$holder" >/dev/null 2>&1
    wait_for 60 "a successful fence of n$holder in the history" has_ops "$dc" "$holder" success 1
    wait_for 30 "the VIP on one survivor" vip_on_one "${others[@]}"
    t1=$(now_ms)
    wait_for 10 "n$holder's corosync gone" gone "$corosync_pid"
    vip_only_with_proxy "${others[@]}"
    # Its instance is started nowhere else: each survivor still runs exactly one haproxy.
    for ((i = 0; i < 30; i++)); do
      for k in "${others[@]}"; do
        n=$(masters_on "$k")
        ((n == 1)) || fail "n$k has $n haproxy instances"
        proxy_up "$k" || fail "n$k's haproxy stopped"
      done
      sleep 0.1
    done
    status=$(clone_status "$dc")
    [[ $status == *"Started [ n${others[0]} n${others[1]} ]"* ]] ||
      fail "crm status: want the clone started on the survivors: $status"
    started=$(line_of "$dc" "$mark" "controller: sending proxy:")
    if [[ -n $started ]] && sed -n "${started},\$p" "$LAB_DIR/n$dc/log/crmd.log" |
      grep -q "controller: sending proxy:[0-9]*_start_0"; then
      fail "the DC started an instance after the cut: $(grep "controller: sending proxy" "$LAB_DIR/n$dc/log/crmd.log" | tail -3)"
    fi
    echo "cut: n$holder fenced, VIP up on n$(vip_nodes "${others[@]}") $((t1 - t0)) ms after the cut"
    ;;
  *) fail "unknown scenario $SCENARIO" ;;
esac
echo "PASS [$SCENARIO]"
