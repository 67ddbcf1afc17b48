#!/usr/bin/env bash
# Lab test (root, real corosync, 3 nodes): one node's CIB directory stops taking writes.
# Usage: cib_disk_lab_test.sh MODE   with KEEL_CRMD and KEEL_CRM set.
#   ro     n2's CIB directory is remounted read-only (a bind mount inside n2's mount namespace)
#   full   n2's CIB directory is a small tmpfs filled up (writes fail with ENOSPC)
# Then a configuration change is made through each node. What must hold (issue #14): every
# change is either acknowledged and in every node's CIB, or refused and in none; all nodes
# hold the same CIB (configuration and status) under the same version; n2's crmd keeps
# running (and logs why it cannot persist); n2's crmd restarted while its directory is still
# broken comes back with the cluster's CIB; once the directory takes writes again n2 stores
# the newest CIB. The test prints which way Keel went (accepted everywhere, n2 not persisting;
# or refused) and the log line.
set -euo pipefail

SCENARIO=${1:?mode}
LAB_TEST_PREFIX=kd
source "$(dirname "$0")/lab_test_lib.sh"
case $SCENARIO in ro | full) ;; *) fail "unknown mode (ro|full)" ;; esac
NODES=(1 2 3)
D=$LAB_DIR/n2/cib

cib_of() { crm_on "$1" cib query 2>/dev/null; }
config_of() { cib_of "$1" | sed -n '/<configuration>/,/<\/configuration>/p'; }
# Every node synced, with the same version and the same whole CIB.
all_same() {
  local k v v1="" c c1=""
  for k in "${NODES[@]}"; do
    [[ $(status_field "$k" synced) == true ]] || return 1
    v=$(status_field "$k" cib_version)
    c=$(cib_of "$k") || return 1
    # The version is in the CIB's root element too: the contents must match as a whole.
    [[ -z $v1 ]] && { v1=$v; c1=$c; continue; }
    [[ $v == "$v1" && $c == "$c1" ]] || return 1
  done
}
diff_report() {
  local k
  for k in "${NODES[@]}"; do
    echo "--- n$k: version $(status_field "$k" cib_version) synced $(status_field "$k" synced)" >&2
    cib_of "$k" | md5sum >&2
  done
}
has_prop() { [[ $(config_of "$1") == *"name=\"$2\""* ]]; }
in_none() { local k; for k in "${NODES[@]}"; do ! has_prop "$k" "$1" || return 1; done; }
in_all() { local k; for k in "${NODES[@]}"; do has_prop "$k" "$1" || return 1; done; }
# The newest version n2 stored, read inside n2's mount namespace (the tmpfs of `full` is there).
newest_name() { "$LAB" exec 2 sh -c "ls '$D' | grep '^cib-.*\.xml\$' | sort | tail -n 1"; }
newest_stored() { local f; f=$(newest_name) && [[ -n $f ]] && "$LAB" exec 2 cat "$D/$f"; }
stored_has_all() { local s w; s=$(newest_stored) || return 1; for w in "$@"; do [[ $s == *"name=\"$w\""* ]] || return 1; done; }
crmd2_runs() { local pid; pid=$(cat "$LAB_DIR/n2/crmd.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; }
n2_can_write() { "$LAB" exec 2 sh -c "echo probe >'$D/probe' && rm -f '$D/probe'" >/dev/null 2>&1; }

break_dir() {
  case $SCENARIO in
    ro) "$LAB" exec 2 sh -ec "mount --bind '$D' '$D'; mount -o remount,ro,bind '$D'" ;;
    full)
      mkdir -p "$LAB_DIR/n2/cibstage"
      cp -a "$D/." "$LAB_DIR/n2/cibstage/"
      "$LAB" exec 2 sh -ec "mount -t tmpfs -o size=512k tmpfs '$D'; cp -a '$LAB_DIR/n2/cibstage/.' '$D/'
        dd if=/dev/zero of='$D/filler' bs=4k >/dev/null 2>&1 || true" ;;
  esac
}
repair_dir() {
  case $SCENARIO in
    ro) "$LAB" exec 2 umount "$D" ;;
    full) "$LAB" exec 2 rm -f "$D/filler" ;;
  esac
}

mkdir -p "$LAB_DIR"
"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in "${NODES[@]}"; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
crm_on 1 configure property w0=0 >/dev/null || fail "the first change failed"
wait_for 10 "every node holds w0, same CIB" eval 'in_all w0 && all_same'
wait_for 10 "n2 stored w0" stored_has_all w0

break_dir || fail "could not break n2's CIB directory ($SCENARIO)"
n2_can_write && fail "n2's CIB directory still takes writes"
echo "n2's CIB directory: $([[ $SCENARIO == ro ]] && echo read-only || echo full)"

accepted=() refused=()
write() {  # write NODE NAME: a change through NODE; records it as accepted or refused
  local out rc
  out=$(crm_on "$1" configure property "$2=$1" 2>&1) && rc=0 || rc=$?
  if ((rc == 0)); then accepted+=("$2"); else refused+=("$2"); echo "$2 via n$1 refused (exit $rc): $out"; fi
}
check_writes() {
  local w
  wait_for 15 "every node synced with the same CIB and version" all_same
  for w in "${accepted[@]}"; do in_all "$w" || { diff_report; fail "acknowledged $w is not on every node"; }; done
  for w in "${refused[@]}"; do in_none "$w" || { diff_report; fail "refused $w is on some node"; }; done
}
write 1 w1
write 2 w2
write 3 w3
check_writes
crmd2_runs || fail "n2's crmd died"
# crmd reports the writer thread's errors once a second.
persist_logged() { grep -q 'could not persist' "$LAB_DIR/n2/log/crmd.log"; }
((${#accepted[@]} == 0)) || wait_for 5 "n2 logs that it could not persist the accepted changes" persist_logged
persist_log=$(grep -m1 'could not persist' "$LAB_DIR/n2/log/crmd.log" || true)
echo "after 3 changes (via n1, n2, n3): accepted [${accepted[*]}], refused [${refused[*]}];" \
  "every node at version $(status_field 1 cib_version) with the same CIB"
echo "n2's log: ${persist_log:-(no 'could not persist' line)}"

# n2's crmd restarted while its directory is still broken: it loads what it has and syncs.
"$LAB" kill 2 crmd TERM >/dev/null 2>&1
"$LAB" start 2 crmd >/dev/null 2>&1 || fail "could not start n2's crmd again"
wait_for 20 "n2: DC n1, CIB synced after its restart" dc_is 2 n1
write 3 w4
check_writes
echo "n2 restarted on the broken directory: $(grep -h 'sync: announcing\|sync: membership .*announcing' "$LAB_DIR/n2/log/crmd.log" | tail -n 1 | cut -c29-)"

repair_dir || fail "could not repair n2's CIB directory"
n2_can_write || fail "n2's CIB directory still refuses writes after the repair"
write 1 w5
check_writes
wait_for 10 "n2 stores the newest CIB again (all accepted changes)" stored_has_all "${accepted[@]}"
crmd2_runs || fail "n2's crmd died"
echo "after the repair n2 stored $(newest_name) with [${accepted[*]}]"
echo "PASS [cibdisk $SCENARIO]"
