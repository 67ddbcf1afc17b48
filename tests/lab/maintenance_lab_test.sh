#!/usr/bin/env bash
# Lab test of node maintenance on real corosync (3 nodes in network namespaces, root; fencing
# on with the lab fence agent): the IPaddr2 VIP (monitor every 2 s) runs on node V; `crm node
# maintenance nV` cancels its monitor there (recorded cancelled in the CIB); the VIP's address
# is then deleted by hand and stays deleted (nothing watches it, no fail count); `crm node ready
# nV` probes it again on nV, the probe finds it stopped and the cluster starts it again; nobody
# is fenced. Usage: maintenance_lab_test.sh   with KEEL_CRMD and KEEL_CRM set.
set -euo pipefail

SCENARIO=maint
LAB_TEST_PREFIX=km
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
source "$(dirname "$0")/vip_fence_lib.sh"

cib_on() { crm_on "$1" cib query 2>/dev/null | tr '\n' ' '; }
monitor_cancelled() {
  cib_on 1 | grep -o '<lrm_rsc_op [^>]*id="vip_monitor_2000"[^>]*>' | grep -q 'op-status="1"'
}
failcount() { cib_on 1 | grep -o 'name="fail-count-vip#monitor_2000" value="[^"]*"' || true; }
no_fence_ops() { [[ -z $(history_on 1) ]]; }

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
load_config "$LAB_NAME"
wait_for 30 "the VIP on exactly one node" vip_on_one 1 2 3
v=$(vip_nodes 1 2 3)
monitor_recorded() { cib_on 1 | grep -q 'id="vip_monitor_2000"'; }
wait_for 20 "the VIP's monitor recorded" monitor_recorded

crm_on 1 node maintenance "n$v" >/dev/null || fail "crm node maintenance n$v failed"
wait_for 20 "the VIP's monitor cancelled on n$v" monitor_cancelled
grep -q 'vip monitor every 2000 ms cancelled (maintenance)' "$LAB_DIR/n$v/log/crmd.log" ||
  fail "n$v's crmd did not log the cancel"
"$LAB" exec "$v" ip addr del "$VIP/24" dev eth0 || fail "could not delete the VIP on n$v"
t0=$(date +%s%N)
sleep 7  # three monitor intervals: a monitor still running would see it gone and repair it
has_vip "$v" && fail "the VIP came back on n$v while in maintenance"
[[ -z $(vip_nodes 1 2 3) ]] || fail "the VIP started elsewhere during maintenance: $(vip_nodes 1 2 3)"
[[ -z $(failcount) ]] || fail "a monitor ran during maintenance: $(failcount)"

lines=$(log_lines 1)
crm_on 1 node ready "n$v" >/dev/null || fail "crm node ready n$v failed"
t1=$(date +%s%N)
wait_for 30 "the VIP started again after the re-probe" vip_on_one 1 2 3
t2=$(date +%s%N)
probe_line=$(line_of 1 "$lines" "sending vip_monitor_0 on n$v")
start_line=$(line_of 1 "$lines" "sending vip_start_0 on")
[[ -n $probe_line && -n $start_line ]] ||
  fail "no re-probe / start in the DC's log (probe '$probe_line', start '$start_line')"
((probe_line < start_line)) || fail "the VIP was started before the re-probe on n$v"
[[ -z $(failcount) ]] || fail "the re-probe counted as a failure: $(failcount)"
monitor_resumed() { cib_on 1 | grep -o '<lrm_rsc_op [^>]*id="vip_monitor_2000"[^>]*>' | grep -q 'op-status="0"'; }
wait_for 20 "the VIP's monitor running again" monitor_resumed
no_fence_ops || fail "fencing happened: $(history_on 1)"
echo "maintenance: VIP's monitor cancelled on n$v, address deleted by hand and left alone for" \
  "$(((t1 - t0) / 1000000)) ms; after 'node ready' re-probed and started on n$(vip_nodes 1 2 3)" \
  "$(((t2 - t1) / 1000000)) ms later; no fence action"
