#!/usr/bin/env bash
# Lab test of alerts run by crmd on real corosync (3 nodes in network namespaces, root), with
# fencing (the lab fence agent) and an IPaddr2 VIP (tests/lab/vip_fence_lib.sh). Two alerts:
# agents/alerts/alert_file.sh through a wrapper that puts the recipient inside the running
# node's directory ($LAB_DIR/nK/alerts.log), and one that records its PID and sleeps forever,
# with meta timeout=2s. The VIP holder is cut off: each survivor's file records it lost and
# its fencing once (reboot, rc 0: the DC's from its fencer, the other's from the DC's
# history), the new holder's the VIP's start (rc 0); a move to the other survivor then records
# the stop and the start (rc 0) where they ran; every sleeping alert is gone by PID
# after its timeout (crmd logs the kill); the VIP moves within the fence test's bounds (60 s
# to the fence, 30 s more to the VIP). Prints the times.
# Usage: alerts_lab_test.sh vip   with KEEL_CRMD and KEEL_CRM set.
set -euo pipefail

SCENARIO=${1:-vip}
LAB_TEST_PREFIX=ka
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
source "$(dirname "$0")/vip_fence_lib.sh"

cat >"$LAB_DIR/alert_here.sh" <<SH
#!/bin/bash
# NODE in the recipient becomes this node's name (the lab's hostname).
export CRM_alert_recipient="\${CRM_alert_recipient//NODE/\$(hostname)}"
exec $REPO/agents/alerts/alert_file.sh
SH
cat >"$LAB_DIR/alert_sleep.sh" <<SH
#!/bin/bash
echo \$\$ >>"$LAB_DIR/\$(hostname)/sleepers"
exec sleep 100000
SH
chmod +x "$LAB_DIR/alert_here.sh" "$LAB_DIR/alert_sleep.sh"

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
write_config "$LAB_DIR/load-alerts.xml" "$LAB_NAME"
alerts="<alerts>
  <alert id=\"file\" path=\"$LAB_DIR/alert_here.sh\">
    <recipient id=\"file-r\" value=\"$LAB_DIR/NODE/alerts.log\"/>
  </alert>
  <alert id=\"sleep\" path=\"$LAB_DIR/alert_sleep.sh\">
    <select><select_nodes/><select_fencing/></select>
    <meta_attributes id=\"sleep-meta\"><nvpair id=\"sleep-t\" name=\"timeout\" value=\"2s\"/></meta_attributes>
  </alert>
</alerts></configuration>"
python3 - "$LAB_DIR/load-alerts.xml" "$alerts" <<'PY'
import sys
p, alerts = sys.argv[1], sys.argv[2]
s = open(p).read()
open(p, "w").write(s.replace("</configuration>", alerts, 1))
PY
crm_on 1 configure load replace "$LAB_DIR/load-alerts.xml" >/dev/null || fail "load replace failed"
wait_for 30 "the VIP on exactly one node" vip_on_one 1 2 3
holder=$(vip_nodes 1 2 3)
others=()
for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
dc=${others[0]}
echo "vip on n$holder; survivors ${others[*]}, DC after the cut: n$dc"
wait_for 10 "n$holder's file records the VIP's start" \
  grep -q "kind=resource node=n$holder rsc=vip task=start interval=0 rc=0 " "$LAB_DIR/n$holder/alerts.log"

# alert_line NODE PATTERN: the node's alerts.log has a line matching the extended regex.
alert_line() { grep -Eq "$2" "$LAB_DIR/n$1/alerts.log" 2>/dev/null; }
t0=$(now_ms)
"$LAB" cut "$holder" >/dev/null 2>&1
wait_for 60 "a successful fence of n$holder in the history" has_ops "$dc" "$holder" success 1
t1=$(now_ms)
wait_for 30 "the VIP on one survivor" vip_on_one "${others[@]}"
t2=$(now_ms)
new=$(vip_nodes "${others[@]}")
echo "vip: n$holder fenced $((t1 - t0)) ms after the cut, VIP up on n$new $((t2 - t0)) ms after the cut"
for k in "${others[@]}"; do
  wait_for 10 "n$k's file records n$holder lost" \
    alert_line "$k" "kind=node node=n$holder nodeid=$holder desc=lost "
done
for k in "${others[@]}"; do
  wait_for 10 "n$k's file records the fencing of n$holder" \
    alert_line "$k" "kind=fencing node=n$holder task=reboot rc=0 desc=\"Operation reboot of n$holder by n[0-9] for [^@]+@n[0-9]: OK \\(ref=[^)]+\\)\" "
  fenced=$(grep -c "kind=fencing node=n$holder task=reboot rc=0 " "$LAB_DIR/n$k/alerts.log")
  ((fenced == 1)) || fail "n$k's file records the fencing of n$holder $fenced times"
done
wait_for 10 "n$new's file records the VIP's start" \
  alert_line "$new" "kind=resource node=n$new rsc=vip task=start interval=0 rc=0 target_rc=0 status=0 exec_time=[0-9]+ desc=ok "
t3=$(now_ms)
echo "alerts: all recorded $((t3 - t0)) ms after the cut"

# A planned move to the other survivor: the stop where it ran, the start where it goes.
for k in "${others[@]}"; do ((k == new)) || other=$k; done
crm_on "$dc" resource move vip "n$other" >/dev/null || fail "crm resource move vip n$other failed"
only_on_other() { [[ $(vip_nodes "${others[@]}") == "$other" ]]; }
wait_for 30 "the VIP moved to n$other (and off n$new)" only_on_other
wait_for 10 "n$new's file records the VIP's stop" \
  alert_line "$new" "kind=resource node=n$new rsc=vip task=stop interval=0 rc=0 target_rc=0 status=0 exec_time=[0-9]+ desc=ok "
wait_for 10 "n$other's file records the VIP's start" \
  alert_line "$other" "kind=resource node=n$other rsc=vip task=start interval=0 rc=0 target_rc=0 status=0 exec_time=[0-9]+ desc=ok "
echo "alerts: the move n$new -> n$other recorded (stop on n$new, start on n$other)"

# The sleeping alerts: each survivor started some (node and fencing events); every recorded
# PID is gone within its 2 s timeout plus slack, and crmd logged the kills.
for k in "${others[@]}"; do
  [[ -s $LAB_DIR/n$k/sleepers ]] || fail "n$k ran no sleeping alert"
done
sleepers_gone() {
  local k pid
  for k in "${others[@]}"; do
    while read -r pid; do gone "$pid" || return 1; done <"$LAB_DIR/n$k/sleepers"
  done
}
wait_for 10 "every sleeping alert killed" sleepers_gone
t4=$(now_ms)
for k in "${others[@]}"; do
  grep -q "alert sleep timed out after 2000 ms" "$LAB_DIR/n$k/log/crmd.log" ||
    fail "n$k's crmd did not log a sleeping alert's timeout"
done
count=0
for k in "${others[@]}"; do count=$((count + $(wc -l <"$LAB_DIR/n$k/sleepers"))); done
echo "alerts: $count sleeping alert runs on the survivors, all gone $((t4 - t0)) ms after the cut"
echo "PASS [$SCENARIO]"
