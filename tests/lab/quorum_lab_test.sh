#!/usr/bin/env bash
# Lab tests of quorum on real corosync (root): two-node clusters and no-quorum-policy. A Dummy d1
# and a VIP (ocf:heartbeat:IPaddr2 198.18.0.100, colocated with d1), fencing off unless said.
# Usage: quorum_lab_test.sh SCENARIO   with KEEL_CRMD and KEEL_CRM set.
# `crm configure verify` is checked on the live cluster too (qdevice, twonode, nqignore).
#   qdevice   2 nodes + an arbiter running corosync-qnetd (ffsplit): dropping only n1<->n2 (both
#             still reach the arbiter) leaves exactly one side quorate (n1, the lowest id) and
#             running the VIP; cutting n1's port entirely moves quorum and the VIP to n2; after
#             each heal the VIP is on one node; the arbiter never runs anything
#   twonode   2 nodes with two_node (no qdevice, no fencing): the survivor of a clean node loss
#             keeps quorum and the VIP; a split leaves BOTH quorate and both run the VIP (why
#             two_node needs fencing); at startup (wait_for_all) a lone node is not quorate
#             until it has seen the other
#   twonodefence  two_node with one fence_keel_lab device per node, n1's delayed 4 s
#             (pcmk_delay_base): a split ends with n2 fenced and n1 alone running the VIP
#   nqstop    3 nodes, no-quorum-policy=stop: the isolated holder stops d1 and the VIP
#   nqfreeze  no-quorum-policy=freeze: the isolated holder keeps both running but recovers
#             nothing (the VIP deleted behind its back stays gone)
#   nqignore  no-quorum-policy=ignore: the isolated holder carries on as its own partition (the
#             deleted VIP is repaired there) while the majority runs them too: the danger
# Every wait polls with a deadline; the lab is torn down on any exit.
set -euo pipefail

SCENARIO=${1:?scenario}
LAB_TEST_PREFIX=kq
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
VIP=198.18.0.100
now_ms() { echo $(($(date +%s%N) / 1000000)); }

case $SCENARIO in
  qdevice) export LAB_NODES=2 LAB_QDEVICE=1 ;;
  twonode | twonodefence) export LAB_NODES=2 LAB_TWO_NODE=1 ;;
  nqstop | nqfreeze | nqignore) export LAB_NODES=3 ;;
  *) fail "unknown scenario" ;;
esac
NODES=$(seq 1 "$LAB_NODES" | xargs)

state_file() { echo "$LAB_DIR/n$1/run/rsctmp/Dummy-d1.state"; }
has_vip() { "$LAB" exec "$1" ip -4 -o addr show dev eth0 2>/dev/null | grep -q " $VIP/"; }
has_d1() { [[ -e $(state_file "$1") ]]; }
# nodes_with CHECK NODE...: the given nodes where CHECK holds, space-separated.
nodes_with() { local c=$1 k out=""; shift; for k in "$@"; do "$c" "$k" && out+="$k "; done; echo "${out% }"; }
on_one() { local n; n=$(nodes_with "$@"); [[ -n $n && $n != *" "* ]]; }
on_none() { [[ -z $(nodes_with "$@") ]]; }
both_on() { [[ $(nodes_with has_vip "$1") == "$1" && $(nodes_with has_d1 "$1") == "$1" ]]; }
never_two() { [[ $(nodes_with has_vip $NODES) != *" "* ]]; }
# After a heal: never on two nodes for SECS, and on exactly one at the end.
settles_on_one() {
  hold_for "$1" "the VIP never on two nodes after the heal" never_two
  wait_for 30 "the VIP on exactly one node after the heal" on_one has_vip $NODES
  echo "after the heal: VIP on n$(nodes_with has_vip $NODES)"
}
quorate_is() { [[ $(status_field "$1" quorate) == "$2" ]]; }

load_config() {  # load_config NO_QUORUM_POLICY [FENCING_XML]
  local f="$LAB_DIR/load-quorum.xml" fencing=false
  [[ -z ${2:-} ]] || fencing=true
  cat >"$f" <<XML
<cib admin_epoch="0" epoch="0" num_updates="0"><configuration>
  <crm_config><cluster_property_set id="opts">
    <nvpair id="opts-fencing" name="fencing-enabled" value="$fencing"/>
    <nvpair id="opts-timeout" name="fencing-timeout" value="20s"/>
    <nvpair id="opts-nqp" name="no-quorum-policy" value="$1"/>
  </cluster_property_set></crm_config>
  <nodes/>
  <resources>${2:-}
    <primitive id="d1" class="ocf" provider="heartbeat" type="Dummy">
      <operations><op id="d1-mon" name="monitor" interval="5s" timeout="20s"/></operations>
    </primitive>
    <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
      <instance_attributes id="vip-ia"><nvpair id="vip-ip" name="ip" value="$VIP"/>
        <nvpair id="vip-mask" name="cidr_netmask" value="24"/><nvpair id="vip-nic" name="nic" value="eth0"/>
      </instance_attributes>
      <operations><op id="vip-mon" name="monitor" interval="2s" timeout="20s"/></operations>
    </primitive>
  </resources>
  <constraints>
    <rsc_colocation id="vip-with-d1" rsc="vip" with-rsc="d1" score="INFINITY"/>
  </constraints>
</configuration><status/></cib>
XML
  crm_on 1 configure load replace "$f" >/dev/null || fail "crm configure load replace failed"
}

fence_device() {  # fence_device ID NODE DELAY
  cat <<XML

    <primitive id="$1" class="stonith" type="fence_keel_lab">
      <instance_attributes id="$1-ia">
        <nvpair id="$1-lab" name="lab_name" value="$LAB_NAME"/>
        <nvpair id="$1-hosts" name="pcmk_host_list" value="$2"/>
        <nvpair id="$1-delay" name="pcmk_delay_base" value="$3"/>
      </instance_attributes>
    </primitive>
XML
}

# hold_for SECS DESCRIPTION CMD...: CMD must hold at every check (0.2 s apart) for SECS.
hold_for() {
  local secs=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + secs))
  while ((SECONDS < deadline)); do
    "$@" || fail "did not hold for ${secs}s: $what"
    sleep 0.2
  done
}

# The arbiter namespace runs corosync-qnetd and nothing else, and never gets the VIP.
arbiter_idle() {
  local pid comm ino
  ino=$(stat -L -c %i "/run/netns/$LAB_NAME-qa")
  for pid in $("$LAB" pids); do
    [[ $(readlink "/proc/$pid/ns/net" 2>/dev/null) == "net:[$ino]" ]] || continue
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
    [[ $comm == corosync-qnetd ]] || { echo "arbiter runs $comm (pid $pid)" >&2; return 1; }
  done
  ! "$LAB" exec qa ip -4 -o addr show 2>/dev/null | grep -q " $VIP/"
}

if [[ $SCENARIO == twonodefence ]]; then
  bash "$REPO/fencing/install.sh" "$LAB_DIR/fence" >/dev/null 2>&1 || fail "fencing/install.sh failed"
  export LAB_CRMD_ARGS="--fence-agent-dir $LAB_DIR/fence/usr/sbin"
fi
mkdir -p "$LAB_DIR"
"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in $NODES; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
case $SCENARIO in
  nqfreeze) load_config freeze ;;
  nqignore) load_config ignore ;;
  # Fencing n1 waits 4 s: in a split n2's fence of n1 comes too late, n1 has fenced n2 by then.
  twonodefence) load_config stop "$(fence_device fence_n1 n1 4s)$(fence_device fence_n2 n2 0)" ;;
  *) load_config stop ;;
esac
wait_for 40 "d1 and the VIP on exactly one node" on_one has_vip $NODES
holder=$(nodes_with has_vip $NODES)
wait_for 20 "d1 with the VIP on n$holder" both_on "$holder"
others=()
for k in $NODES; do ((k == holder)) || others+=("$k"); done
echo "d1 + vip on n$holder"

# crm configure verify on a node reads that node's /etc/corosync/corosync.conf: exit 1
# (warnings), WANT among them, UNWANTED not.
verify_warns() {  # verify_warns WANT UNWANTED
  local out rc
  out=$(crm_on 1 configure verify 2>&1) && rc=0 || rc=$?
  ((rc == 1)) || fail "crm configure verify exited $rc, not 1 (warnings): $out"
  [[ $out == *"$1"* ]] || fail "crm configure verify lacks '$1': $out"
  [[ $out != *"$2"* ]] || fail "crm configure verify says '$2': $out"
  echo "verify: $(grep -c WARNING <<<"$out") warning(s), '$1' among them"
}

case $SCENARIO in
  qdevice)
    verify_warns "fencing-enabled=false" "two-node cluster without two_node or a quorum device"
    arbiter_idle || fail "the arbiter runs something"
    # 1. n1 <-> n2 dropped, both still reach the arbiter: ffsplit keeps n1 (lowest id).
    t0=$(now_ms)
    "$LAB" split 1 2 >/dev/null 2>&1
    "$LAB" split 2 1 >/dev/null 2>&1
    wait_for 30 "n2 loses quorum" quorate_is 2 false
    t1=$(now_ms)
    quorate_is 1 true || fail "n1 lost quorum too"
    wait_for 30 "d1 + VIP on n1 only" both_on 1
    wait_for 30 "n2 stopped d1 and the VIP" on_none has_vip 2
    wait_for 10 "n2 stopped d1" on_none has_d1 2
    t2=$(now_ms)
    hold_for 3 "n1 alone quorate" quorate_is 2 false
    echo "qdevice split: n2 lost quorum $((t1 - t0)) ms after the split, VIP only on n1 after $((t2 - t0)) ms"
    arbiter_idle || fail "the arbiter runs something"
    "$LAB" heal 1 >/dev/null 2>&1
    "$LAB" heal 2 >/dev/null 2>&1
    wait_for 30 "n2 quorate again" quorate_is 2 true
    wait_for 20 "n2: DC n1, CIB synced" dc_is 2 n1
    settles_on_one 5
    # 2. n1's port cut entirely (no peer, no arbiter): n2 keeps quorum through the arbiter.
    t0=$(now_ms)
    "$LAB" cut 1 >/dev/null 2>&1
    wait_for 30 "n1 loses quorum" quorate_is 1 false
    wait_for 30 "n2 keeps quorum" quorate_is 2 true
    wait_for 30 "d1 + VIP on n2" both_on 2
    wait_for 30 "n1 stopped the VIP" on_none has_vip 1
    t1=$(now_ms)
    echo "qdevice cut n1: VIP only on n2 $((t1 - t0)) ms after the cut"
    "$LAB" exec qa corosync-qnetd-tool -l 2>/dev/null | grep -q "Node ID 2" || fail "qnetd does not list n2"
    "$LAB" heal 1 >/dev/null 2>&1
    wait_for 30 "n1 quorate again" quorate_is 1 true
    settles_on_one 5
    arbiter_idle || fail "the arbiter runs something"
    ;;
  twonode)
    verify_warns "two_node without fencing" "two-node cluster without two_node or a quorum device"
    # A clean loss of the other node: the survivor keeps quorum and the VIP.
    other=${others[0]}
    "$LAB" kill "$other" crmd >/dev/null 2>&1
    "$LAB" kill "$other" corosync >/dev/null 2>&1
    hold_for 4 "n$holder quorate with the VIP after n$other left" both_on "$holder"
    quorate_is "$holder" true || fail "n$holder lost quorum after a clean node loss"
    "$LAB" start "$other" corosync >/dev/null 2>&1
    "$LAB" wait-quorate "$other" 30 >/dev/null 2>&1 || fail "n$other not quorate after rejoining"
    "$LAB" start "$other" crmd >/dev/null 2>&1
    wait_for 30 "n$other: CIB synced" dc_is "$other" n1
    # A split: both sides stay quorate and, without fencing, both run the VIP.
    t0=$(now_ms)
    "$LAB" split 1 2 >/dev/null 2>&1
    "$LAB" split 2 1 >/dev/null 2>&1
    wait_for 30 "the VIP on both nodes" both_on "$other"
    t1=$(now_ms)
    quorate_is 1 true && quorate_is 2 true || fail "a side lost quorum in a two_node split"
    has_vip "$holder" || fail "n$holder stopped the VIP though quorate"
    echo "twonode split: both quorate, VIP on both nodes $((t1 - t0)) ms after the split (split brain)"
    # wait_for_all: both down, then n1 alone is not quorate until it has seen n2.
    for k in 1 2; do "$LAB" kill "$k" crmd >/dev/null 2>&1; "$LAB" kill "$k" corosync >/dev/null 2>&1; done
    "$LAB" heal 1 >/dev/null 2>&1
    "$LAB" heal 2 >/dev/null 2>&1
    "$LAB" start 1 corosync >/dev/null 2>&1
    lone_waiting() {
      local out
      out=$("$LAB" exec 1 corosync-quorumtool -s 2>&1) || true
      [[ $out == *WaitForAll* && ! $out =~ Quorate:[[:space:]]+Yes ]]
    }
    wait_for 15 "n1's corosync answers, waiting for all" lone_waiting
    hold_for 4 "n1 alone is not quorate (wait_for_all)" lone_waiting
    "$LAB" start 2 corosync >/dev/null 2>&1
    "$LAB" wait-quorate 1 30 >/dev/null 2>&1 || fail "n1 not quorate once n2 is back"
    echo "twonode wait_for_all: n1 alone stayed unquorate for 4 s, quorate once n2 came"
    ;;
  twonodefence)
    t0=$(now_ms)
    crmd2=$(cat "$LAB_DIR/n2/crmd.pid")
    "$LAB" split 1 2 >/dev/null 2>&1
    "$LAB" split 2 1 >/dev/null 2>&1
    gone() { ! kill -0 "$crmd2" 2>/dev/null || [[ $(awk '{print $3}' "/proc/$crmd2/stat" 2>/dev/null) == Z ]]; }
    wait_for 40 "n2 fenced (its crmd gone)" gone
    t1=$(now_ms)
    wait_for 30 "d1 + VIP on n1" both_on 1
    has_vip 2 && fail "the fenced n2 still has the VIP"
    kill -0 "$(cat "$LAB_DIR/n1/crmd.pid")" || fail "n1's crmd is gone too"
    hold_for 6 "n1 alive with the VIP (its fence by n2 was delayed)" both_on 1
    crm_on 1 fencing history n2 | grep -q "reboot of n2 succeeded" || fail "no fence of n2 in n1's history"
    echo "twonodefence: n2 fenced $((t1 - t0)) ms after the split; n1 kept the VIP"
    ;;
  nqstop | nqfreeze | nqignore)
    [[ $SCENARIO != nqignore ]] || verify_warns "no-quorum-policy=ignore without a quorum device" "two-node"
    t0=$(now_ms)
    "$LAB" cut "$holder" >/dev/null 2>&1
    wait_for 30 "n$holder loses quorum" quorate_is "$holder" false
    wait_for 40 "d1 + VIP started on one of the majority" on_one has_vip "${others[@]}"
    t1=$(now_ms)
    new=$(nodes_with has_vip "${others[@]}")
    wait_for 20 "d1 with the VIP on n$new" both_on "$new"
    case $SCENARIO in
      nqstop)
        wait_for 30 "the isolated n$holder stopped the VIP" on_none has_vip "$holder"
        wait_for 10 "the isolated n$holder stopped d1" on_none has_d1 "$holder"
        t2=$(now_ms)
        echo "nqstop: n$holder stopped both $((t2 - t0)) ms after the cut; majority runs them on n$new after $((t1 - t0)) ms"
        ;;
      nqfreeze)
        hold_for 5 "the frozen n$holder keeps d1 and the VIP" both_on "$holder"
        "$LAB" exec "$holder" ip addr del "$VIP/24" dev eth0 || fail "could not delete the VIP"
        hold_for 8 "the frozen n$holder does not recover the VIP" eval '! has_vip '"$holder"
        has_d1 "$holder" || fail "the frozen n$holder stopped d1"
        echo "nqfreeze: n$holder kept d1, did not recover the deleted VIP in 8 s (monitor every 2 s)"
        ;;
      nqignore)
        hold_for 3 "n$holder keeps d1 and the VIP" both_on "$holder"
        t2=$(now_ms)
        "$LAB" exec "$holder" ip addr del "$VIP/24" dev eth0 || fail "could not delete the VIP"
        wait_for 30 "the isolated n$holder repairs the VIP on its own" has_vip "$holder"
        t3=$(now_ms)
        both_on "$new" || fail "the majority stopped"
        echo "nqignore: VIP on n$holder AND n$new (split brain); n$holder repaired it in $((t3 - t2)) ms"
        ;;
    esac
    ;;
esac
echo "PASS [$SCENARIO]"
