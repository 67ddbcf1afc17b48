#!/usr/bin/env bash
# Lab tests of fencing through crmd on real corosync (3 nodes in network namespaces, root), with
# the lab fence agent fence_keel_lab installed by fencing/install.sh into the lab's directory
# (crmd --fence-agent-dir). Usage: fence_lab_test.sh SCENARIO   with KEEL_CRMD and KEEL_CRM set.
#   vip      fencing on; cutting the VIP holder's link gets it fenced (history success, its
#            processes gone, its VIP address gone) and the VIP starts elsewhere only after the
#            fence succeeded (order of the DC's log lines); prints the times
#   blocked  the device names a lab that does not exist: fencing fails, the VIP stays down
#            (sampled for 8 s), the history shows failures and a retry; fixing the device with
#            `crm configure load replace` lets the fence succeed and the VIP start
#   manual   `crm node fence n3` from n2 is answered once n3 is fenced; it is in the history
#   suicide  no-quorum-policy=suicide: the VIP holder, cut off, fences itself (its own crmd logs
#            it; its processes and VIP are gone) while the majority recovers the VIP
#   idle     cutting a node that runs nothing (neither the VIP nor the device) gets it fenced
#            too, as Pacemaker does; the VIP does not move
#   devmon   the device has a 2 s monitor through a wrapper of fence_keel_lab whose monitor fails
#            while a flag file exists: the agent's monitor runs on the device's node, a broken
#            device shows as a failed monitor with a fail count in crm status, and the DC
#            recovers it (stop, start) once the flag is gone
# Every wait polls with a deadline; the lab is torn down on any exit.
set -euo pipefail

SCENARIO=${1:?scenario}
LAB_TEST_PREFIX=kf
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
source "$(dirname "$0")/vip_fence_lib.sh"

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
case $SCENARIO in
  blocked) load_config "nosuchlab$$" ;;
  # The majority waits 5 s before fencing (pcmk_delay_base): the isolated node must be gone
  # before that, by its own hand.
  suicide) load_config "$LAB_NAME" suicide 5s ;;
  devmon)
    # fence_keel_lab, except that monitor fails while $LAB_DIR/device-broken exists.
    cat >"$LAB_DIR/fence/usr/sbin/fence_keel_flaky" <<SH
#!/bin/bash
input=\$(cat)
if [[ \$input == *action=monitor* && -e $LAB_DIR/device-broken ]]; then
  echo "power switch unreachable" >&2
  exit 1
fi
exec $LAB_DIR/fence/usr/sbin/fence_keel_lab <<<"\$input"
SH
    chmod +x "$LAB_DIR/fence/usr/sbin/fence_keel_flaky"
    load_config "$LAB_NAME" stop 0 fence_keel_flaky \
      '<operations><op id="labfence-mon" name="monitor" interval="2s" timeout="20s"/></operations>'
    ;;
  *) load_config "$LAB_NAME" ;;
esac
wait_for 30 "the VIP on exactly one node" vip_on_one 1 2 3
holder=$(vip_nodes 1 2 3)
others=()
for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
dc=${others[0]}  # the lowest id among the survivors becomes their DC
echo "vip on n$holder; survivors ${others[*]}, DC after the cut: n$dc"

case $SCENARIO in
  vip)
    corosync_pid=$(cat "$LAB_DIR/n$holder/corosync.pid")
    crmd_pid=$(cat "$LAB_DIR/n$holder/crmd.pid")
    mark=$(log_lines "$dc")
    t0=$(now_ms)
    "$LAB" cut "$holder" >/dev/null 2>&1
    wait_for 60 "a successful fence of n$holder in the history" has_ops "$dc" "$holder" success 1
    t1=$(now_ms)
    wait_for 30 "the VIP on one survivor" vip_on_one "${others[@]}"
    t2=$(now_ms)
    wait_for 10 "n$holder's corosync gone" gone "$corosync_pid"
    wait_for 10 "n$holder's crmd gone" gone "$crmd_pid"
    has_vip "$holder" && fail "the fenced n$holder still has the VIP"
    hist=$(crm_on "${others[1]}" fencing history "n$holder") || fail "crm fencing history failed"
    [[ $hist == *"reboot of n$holder succeeded"* ]] || fail "crm fencing history lacks the fence: $hist"
    status=$(crm_on "$dc" status) || fail "crm status failed"
    [[ $status == *"labfence (stonith:fence_keel_lab): can fence [ n1 n2 n3 ]"* ]] ||
      fail "crm status lacks the device: $status"
    json=$(crm_on "$dc" status --json) || fail "crm status --json failed"
    python3 -c 'import json, sys
d = json.loads(sys.argv[1])
assert d["fence_devices"][0]["id"] == "labfence", d["fence_devices"]
assert any(r["target"] == "n"+sys.argv[2] and r["state"] == "success" for r in d["fencing_history"])' \
      "$json" "$holder" || fail "crm status --json lacks the fencing: $json"
    fenced=$(line_of "$dc" "$mark" "fencing: reboot of n$holder succeeded")
    started=$(line_of "$dc" "$mark" "controller: sending vip_start_0")
    [[ -n $fenced && -n $started ]] || fail "DC log lacks the fence ($fenced) or the start ($started)"
    ((fenced < started)) || fail "the VIP start was sent (line $started) before the fence succeeded (line $fenced)"
    echo "vip: n$holder fenced $((t1 - t0)) ms after the cut, VIP up on n$(vip_nodes "${others[@]}") $((t2 - t0)) ms after the cut"
    # From the DC's membership event to the fence's success and to the VIP started (crmd logs).
    new_holder=$(vip_nodes "${others[@]}")
    member_line=$(line_of "$dc" "$mark" "sync: membership")
    started_line=$(line_of "$new_holder" 0 "executor: vip_start_0")
    if [[ -n $member_line && -n $started_line ]]; then
      t_member=$(log_ms "$dc" "$member_line")
      echo "vip: after the DC's membership event: fenced +$(($(log_ms "$dc" "$fenced") - t_member)) ms," \
        "VIP started on n$new_holder +$(($(log_ms "$new_holder" "$started_line") - t_member)) ms"
    fi
    ;;
  blocked)
    t0=$(now_ms)
    "$LAB" cut "$holder" >/dev/null 2>&1
    wait_for 60 "a failed fence of n$holder in the history" has_ops "$dc" "$holder" failed 1
    t1=$(now_ms)
    # The VIP must not start on a survivor while fencing fails: sample for 8 s (spans a retry).
    deadline=$((SECONDS + 8))
    while ((SECONDS < deadline)); do
      [[ -z $(vip_nodes "${others[@]}") ]] || fail "the VIP started on n$(vip_nodes "${others[@]}") while fencing fails"
      sleep 0.1
    done
    failed=$(count_ops "$dc" "$holder" failed)
    ((failed >= 2)) || fail "expected a retry after the backoff; $failed failed fence(s) in the history"
    grep -q "fencing: retrying n$holder in" "$LAB_DIR/n$dc/log/crmd.log" || fail "no retry logged"
    status=$(crm_on "$dc" status) || fail "crm status failed"
    [[ $status == *"Failed Fencing Actions:"*"of n$holder FAILED"* ]] ||
      fail "crm status does not show the failed fencing: $status"
    echo "blocked: first failure $((t1 - t0)) ms after the cut; $failed failed attempts, VIP down for 8 s"
    load_config "$LAB_NAME"
    t2=$(now_ms)
    wait_for 60 "a successful fence after the fix" has_ops "$dc" "$holder" success 1
    wait_for 30 "the VIP on one survivor after the fix" vip_on_one "${others[@]}"
    t3=$(now_ms)
    echo "blocked: device fixed; fenced and VIP up $((t3 - t2)) ms after the change"
    ;;
  manual)
    target=3
    corosync_pid=$(cat "$LAB_DIR/n$target/corosync.pid")
    t0=$(now_ms)
    out=$(crm_on 2 node fence "n$target" 2>&1) || fail "crm node fence n$target failed: $out"
    t1=$(now_ms)
    wait_for 10 "n$target's corosync gone" gone "$corosync_pid"
    wait_for 30 "the fence in the history" has_ops 1 "$target" success 1
    hist=$(crm_on 1 fencing history "n$target" --json) || fail "crm fencing history --json failed"
    [[ $hist == *'"target":"n'$target'"'*'"state":"success"'*'"requesters":["crm@n2#'* ]] ||
      fail "the history does not show n2's request: $hist"
    echo "manual: crm node fence n$target answered in $((t1 - t0)) ms: $out"
    out=$(crm_on 1 node fence n9 2>&1) && fail "fencing an unknown node succeeded: $out"
    [[ $out == *"no fence device can fence n9"* ]] || fail "unclear error for an unknown node: $out"
    ;;
  suicide)
    corosync_pid=$(cat "$LAB_DIR/n$holder/corosync.pid")
    crmd_pid=$(cat "$LAB_DIR/n$holder/crmd.pid")
    t0=$(now_ms)
    "$LAB" cut "$holder" >/dev/null 2>&1
    wait_for 30 "n$holder's crmd gone" gone "$crmd_pid"
    wait_for 10 "n$holder's corosync gone" gone "$corosync_pid"
    t1=$(now_ms)
    (($(count_ops "$dc" "$holder" success) == 0)) ||
      fail "the majority fenced n$holder before it fenced itself"
    grep -q "quorum lost with no-quorum-policy=fence: fencing myself (n$holder)" \
      "$LAB_DIR/n$holder/log/crmd.log" || fail "n$holder did not fence itself"
    has_vip "$holder" && fail "the self-fenced n$holder still has the VIP"
    wait_for 30 "the VIP on one survivor" vip_on_one "${others[@]}"
    echo "suicide: n$holder fenced itself $((t1 - t0)) ms after the cut"
    ;;
  idle)
    device_node() { crm_on 1 status 2>/dev/null | grep '^  labfence ' | grep -o 'n[0-9]' | head -1; }
    wait_for 20 "the device started somewhere" device_node
    dev=$(device_node)
    idle=""
    for k in 3 2 1; do [[ n$k != "$dev" && $k != "$holder" ]] && { idle=$k; break; }; done
    [[ -n $idle ]] || fail "no idle node (VIP on n$holder, device on $dev)"
    watcher=1; ((idle == 1)) && watcher=2
    t0=$(now_ms)
    "$LAB" cut "$idle" >/dev/null 2>&1
    wait_for 60 "a successful fence of the idle n$idle" has_ops "$watcher" "$idle" success 1
    t1=$(now_ms)
    has_vip "$holder" || fail "the VIP left n$holder"
    echo "idle: n$idle (VIP on n$holder, device on $dev) fenced $((t1 - t0)) ms after the cut"
    ;;
  devmon)
    device_node() { crm_on 1 status 2>/dev/null | grep '^  labfence ' | grep -o 'n[0-9]' | head -1; }
    wait_for 20 "the device started somewhere" device_node
    dev=$(device_node)
    k=${dev#n}
    wait_for 20 "the device monitor ran on $dev" grep -q "labfence_monitor_2000 .*ok" \
      "$LAB_DIR/n$k/log/crmd.log"
    mark=$(log_lines "$k")
    t0=$(now_ms)
    touch "$LAB_DIR/device-broken"
    failed() { crm_on 1 status 2>/dev/null | grep -q 'labfence: fail-count=1'; }
    wait_for 20 "a failed device monitor in crm status" failed
    t1=$(now_ms)
    grep -q "device labfence fence agent fence_keel_flaky monitor: exit 1" \
      "$LAB_DIR/n$k/log/crmd.log" || fail "no failed agent monitor in $dev's log"
    rm -f "$LAB_DIR/device-broken"
    restarted() { [[ -n $(line_of "$k" "$mark" "labfence_start_0") ]]; }
    wait_for 20 "the device restarted after its failure" restarted
    echo "devmon: broken device on $dev seen by crm status $((t1 - t0)) ms after the break" \
      "(2 s monitor); restarted"
    ;;
  *) fail "unknown scenario" ;;
esac
echo "PASS [$SCENARIO]"
