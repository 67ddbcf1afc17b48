#!/usr/bin/env bash
# Lab tests of the cluster core on real corosync (3 nodes in network namespaces, root).
# Usage: core_lab_test.sh SCENARIO   with KEEL_CRMD and KEEL_CRM pointing at the binaries.
#   elect      3 nodes agree on one DC (n1, the lowest id)
#   change     a change made on n2 is visible on all three
#   dckill     crashing the DC's node (corosync + crmd killed, link cut) gives a new DC
#   partition  a cut-off node loses quorum, the other two keep it; after healing all three
#              hold the same CIB, including a change made on the majority meanwhile
#   restart    a crmd restarted with a stale CIB catches up
#   lost       when its corosync stops, crmd logs it and exits; the others see the node offline
# Every wait polls with a deadline; the lab is torn down on any exit.
set -euo pipefail

SCENARIO=${1:?scenario}
LAB_TEST_PREFIX=kt
source "$(dirname "$0")/lab_test_lib.sh"

configuration_of() {
  local out
  out=$(crm_on "$1" cib query 2>/dev/null) || { echo "?"; return; }
  echo "$out" | sed -n '/<configuration>/,/<\/configuration>/p'
}
quorate_is() { [[ $(status_field "$1" quorate) == "$2" ]]; }
has_resource() { [[ $(configuration_of "$1") == *"primitive id=\"$2\""* ]]; }
same_configuration() {
  local c1 c
  c1=$(configuration_of "$1")
  shift
  for k in "$@"; do
    c=$(configuration_of "$k")
    [[ $c == "$c1" ]] || return 1
  done
}
# The newest CIB version stored on node K (crmd keeps numbered versions, xml/cib_store.h).
stored_cib() {
  local f
  f=$(ls "$LAB_DIR/n$1/cib/"cib-*.xml 2>/dev/null | sort | tail -n 1)
  [[ -n $f ]] && cat "$f"
}
stored_has() { [[ $(stored_cib "$1") == *"primitive id=\"$2\""* ]]; }
# A CIB document whose resources are Dummy primitives with the given ids.
cib_with() {
  local id
  echo '<cib admin_epoch="0" epoch="0" num_updates="0"><configuration><crm_config/><nodes/><resources>'
  for id in "$@"; do echo "<primitive id=\"$id\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>"; done
  echo '</resources><constraints/></configuration><status/></cib>'
}
load_on() {
  local k=$1 f
  shift
  f="$LAB_DIR/load-$RANDOM.xml"
  cib_with "$@" >"$f"
  crm_on "$k" configure load replace "$f" || fail "crm configure load replace on n$k failed"
}

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done

case $SCENARIO in
  elect)
    for k in 1 2 3; do
      log=$(cat "$LAB_DIR/n$k/log/crmd.log")
      [[ $log == *"dc: n1 elected (lowest node id among members"* ]] || fail "n$k did not log the election"
    done
    log=$(cat "$LAB_DIR/n1/log/crmd.log")
    [[ $log == *"dc: n1 acting"* ]] || fail "n1 never acted as DC"
    ;;
  change)
    load_on 2 vip web
    for k in 1 2 3; do wait_for 5 "n$k has the change" has_resource "$k" web; done
    same_configuration 1 2 3 || fail "configurations differ"
    for k in 1 2 3; do wait_for 5 "n$k persisted the change" stored_has "$k" web; done
    ;;
  dckill)
    "$LAB" cut 1 >/dev/null 2>&1
    "$LAB" kill 1 crmd KILL >/dev/null 2>&1
    "$LAB" kill 1 corosync KILL >/dev/null 2>&1
    for k in 2 3; do wait_for 15 "n$k: new DC n2" dc_is "$k" n2; done
    log=$(cat "$LAB_DIR/n2/log/crmd.log")
    [[ $log == *"dc: n2 acting"* ]] || fail "n2 never acted as DC"
    quorate_is 2 true || fail "n2 lost quorum with 2 of 3 nodes"
    ;;
  partition)
    "$LAB" cut 3 >/dev/null 2>&1
    wait_for 15 "n3 without quorum" quorate_is 3 false
    for k in 1 2; do wait_for 5 "n$k quorate" quorate_is "$k" true; done
    wait_for 5 "n1: DC n1 synced" dc_is 1 n1
    load_on 1 during_cut
    wait_for 5 "n2 has the change" has_resource 2 during_cut
    has_resource 3 during_cut && fail "the isolated n3 got a change it cannot have seen"
    "$LAB" heal 3 >/dev/null 2>&1
    for k in 1 2 3; do wait_for 20 "n$k quorate after heal" quorate_is "$k" true; done
    wait_for 10 "n3 caught up" has_resource 3 during_cut
    wait_for 5 "all three identical" same_configuration 1 2 3
    ;;
  restart)
    "$LAB" kill 3 crmd TERM >/dev/null 2>&1
    wait_for 5 "n1 sees n3's crmd gone" dc_is 1 n1
    load_on 1 after_restart
    wait_for 5 "n2 has the change" has_resource 2 after_restart
    disk=$(stored_cib 3)
    [[ $disk != *after_restart* ]] || fail "n3's stored CIB is not stale"
    "$LAB" start 3 crmd >/dev/null 2>&1
    wait_for 10 "n3 caught up" has_resource 3 after_restart
    same_configuration 1 2 3 || fail "configurations differ after the restart"
    wait_for 5 "n3 persisted what it caught up on" stored_has 3 after_restart
    ;;
  lost)
    pid=$(cat "$LAB_DIR/n3/crmd.pid")
    "$LAB" kill 3 corosync TERM >/dev/null 2>&1
    crmd_gone() { ! kill -0 "$pid" 2>/dev/null; }
    wait_for 10 "n3's crmd exits" crmd_gone
    log=$(cat "$LAB_DIR/n3/log/crmd.log")
    [[ $log == *"lost corosync"* ]] || fail "n3's crmd did not say why it exited"
    n3_offline() { [[ $(crm_on 1 status --json 2>/dev/null) == *'"name":"n3","online":false'* ]]; }
    wait_for 10 "n1 sees n3 offline" n3_offline
    ;;
  *) fail "unknown scenario" ;;
esac
echo "PASS [$SCENARIO]"
