#!/usr/bin/env bash
# The partition loop for more topologies (root, real corosync): the same kind of seeded loop as
# partition_loop_test.sh (which stays the 3-node loop), a VIP (ocf:heartbeat:IPaddr2
# 198.18.0.100, monitor 2 s) and fencing with the lab fence agent, for:
#   qdevice   2 nodes + a qnetd arbiter (ffsplit). Each round one of: a cut of a node (the VIP
#             holder or a random one; crash, link or nft): the other keeps quorum through the
#             arbiter, fences it and runs the VIP; a cut of the arbiter: both nodes stay quorate
#             (2 of 3 votes), nothing moves; the n1<->n2 link dropped only (`lab.sh split`): n1
#             (lowest id) keeps quorum, n2 is fenced, the VIP ends on n1
#   five      5 nodes. Each round one of: one node cut (crash, link or nft); two nodes cut at once
#             (each its own fault kind); a 3/2 split (the two minority nodes still talk to each
#             other): the minority loses quorum and is fenced, the majority runs the VIP
#   crmdkill  3 nodes, kill -9 of one node's crmd alone (corosync stays up)
#   corosync  3 nodes, one node's corosync stopped (SIGTERM or SIGKILL) and started again at
#             once under its running crmd
#   three     3 nodes, one node cut (crash, link or nft) per round, as partition_loop_test.sh;
#             meant for KEEL_LOOP_WRITERS=1
# With KEEL_LOOP_WRITERS=1 every node also runs a `crm configure property` writer the whole time
# (one write at a time, each logged with its start, end and exit status) and an observer reads
# every node's whole CIB (`crm cib query`) about twice a second; at the end tests/lab/ack_check.py
# checks that every acknowledged write is in every node's CIB, that no two reads ever showed
# different contents under the same version, and that all nodes end with the same CIB.
# Each round waits (target time) until every faulted node is out (crmd gone: crashed or fenced;
# with fencing off: no quorum and no VIP), the remaining nodes agree on a synced DC and the VIP
# is on exactly one node; then restores (heal, start crmd, or `lab.sh reboot`) and waits until
# every node is synced and the VIP on exactly one node. vip_sampler samples every node's
# addresses every 10 ms; with fencing on the test fails if the VIP was ever on two nodes.
# Per round it also prints any resource that moved away from a node that was not faulted
# (issue #15; reported, not failed).
# Usage: topology_loop_test.sh TOPOLOGY   with KEEL_CRMD, KEEL_CRM, KEEL_SAMPLER set.
#   KEEL_LOOP_ROUNDS (default 6), KEEL_LOOP_SEED (default: from the clock; printed),
#   KEEL_LOOP_FENCING (1 default, 0 off), KEEL_LOOP_TARGET_S (default 15),
#   KEEL_LOOP_MAX_S (default 600: the loop stops starting rounds after this; the test then fails),
#   KEEL_LOOP_WRITERS (0 default, 1 on)
set -euo pipefail

TOPOLOGY=${1:-${KEEL_LOOP_TOPOLOGY:-}}
SCENARIO=$TOPOLOGY
LAB_TEST_PREFIX=kl
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
case $TOPOLOGY in
  qdevice) export LAB_NODES=2 LAB_QDEVICE=1 ;;
  five) export LAB_NODES=5 LAB_QDEVICE= ;;
  crmdkill | corosync | three) export LAB_NODES=3 LAB_QDEVICE= ;;
  *) fail "unknown topology '$TOPOLOGY' (qdevice|five|crmdkill|corosync|three)" ;;
esac
: "${KEEL_SAMPLER:?path to vip_sampler}"
ROUNDS=${KEEL_LOOP_ROUNDS:-6}
SEED=${KEEL_LOOP_SEED:-$(($(date +%s%N) / 1000 % 1000000))}
FENCING=${KEEL_LOOP_FENCING:-1}
TARGET_S=${KEEL_LOOP_TARGET_S:-15}
MAX_S=${KEEL_LOOP_MAX_S:-600}
WRITERS=${KEEL_LOOP_WRITERS:-0}
[[ $ROUNDS =~ ^[0-9]+$ ]] && ((ROUNDS >= 1 && ROUNDS <= 500)) || fail "KEEL_LOOP_ROUNDS must be 1..500"
[[ $SEED =~ ^[0-9]+$ ]] || fail "KEEL_LOOP_SEED must be a number"
[[ $MAX_S =~ ^[0-9]+$ ]] || fail "KEEL_LOOP_MAX_S must be a number"
VIP=198.18.0.100
NODES=($(seq 1 "$LAB_NODES"))
now_ms() { echo $(($(date +%s%N) / 1000000)); }
echo "topology loop [$TOPOLOGY]: seed $SEED (KEEL_LOOP_SEED=$SEED replays it), $ROUNDS rounds," \
  "fencing $([[ $FENCING == 1 ]] && echo on || echo off), target ${TARGET_S}s$([[ $WRITERS == 1 ]] && echo ", writers on every node")"
RANDOM=$SEED

mkdir -p "$LAB_DIR"
if [[ $FENCING == 1 ]]; then
  bash "$REPO/fencing/install.sh" "$LAB_DIR/fence" >/dev/null || fail "fencing/install.sh failed"
  export LAB_CRMD_ARGS="--fence-agent-dir $LAB_DIR/fence/usr/sbin"
fi
# Writers and the CIB observer: background loops, bounded in count and time, stopped by a file.
BG_PIDS=()
stop_background() {
  local p
  touch "$LAB_DIR/writers.stop"
  for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  BG_PIDS=()
}
writer() {  # writer K: up to 2000 writes, one at a time, each bounded by 15 s
  local k=$1 i t0 t1 rc
  for ((i = 1; i <= 2000; i++)); do
    [[ ! -e $LAB_DIR/writers.stop ]] || break
    t0=$(now_ms)
    timeout 15 "$LAB" exec "$k" "$KEEL_CRM" configure property "w${k}_$i=$i" >/dev/null 2>&1 && rc=0 || rc=$?
    t1=$(now_ms)
    echo "$k w${k}_$i $t0 $t1 $rc" >>"$LAB_DIR/writes-n$k.log"
    sleep "0.$((RANDOM % 3))"
  done
}
# The version admin_epoch.epoch.num_updates from a CIB's root element.
cib_version_of() {
  local root=${1#*<cib } a e n re
  root=${root%%>*}
  re='(^| )admin_epoch="([0-9]+)"'; [[ $root =~ $re ]] || return 1; a=${BASH_REMATCH[2]}
  re='(^| )epoch="([0-9]+)"'; [[ $root =~ $re ]] || return 1; e=${BASH_REMATCH[2]}
  re='(^| )num_updates="([0-9]+)"'; [[ $root =~ $re ]] || return 1; n=${BASH_REMATCH[2]}
  echo "$a.$e.$n"
}
observer() {  # every node's whole CIB about twice a second: MS NODE VERSION SHA
  local k out ms v sha deadline=$((SECONDS + MAX_S + 300))
  mkdir -p "$LAB_DIR/obs"
  while [[ ! -e $LAB_DIR/writers.stop ]] && ((SECONDS < deadline)); do
    for k in "${NODES[@]}"; do
      ms=$(now_ms)
      out=$(timeout 5 "$LAB" exec "$k" "$KEEL_CRM" cib query 2>/dev/null) || continue
      v=$(cib_version_of "$out") || continue
      sha=$(sha1sum <<<"$out") sha=${sha%% *}
      [[ -e $LAB_DIR/obs/$sha.xml ]] || echo "$out" >"$LAB_DIR/obs/$sha.xml"
      echo "$ms $k $v $sha" >>"$LAB_DIR/obs.log"
    done
    sleep 0.3
  done
}
trap 'stop_background; stop_sampler; cleanup' EXIT

load_config() {
  local f="$LAB_DIR/load-loop.xml" enabled=false device=""
  if [[ $FENCING == 1 ]]; then
    enabled=true
    device="<primitive id=\"labfence\" class=\"stonith\" type=\"fence_keel_lab\">
      <instance_attributes id=\"labfence-ia\">
        <nvpair id=\"labfence-lab\" name=\"lab_name\" value=\"$LAB_NAME\"/>
        <nvpair id=\"labfence-hosts\" name=\"pcmk_host_list\" value=\"$(printf 'n%s ' "${NODES[@]}" | sed 's/ $//')\"/>
      </instance_attributes></primitive>"
  fi
  cat >"$f" <<XML
<cib admin_epoch="0" epoch="0" num_updates="0"><configuration>
  <crm_config><cluster_property_set id="opts">
    <nvpair id="opts-fencing" name="fencing-enabled" value="$enabled"/>
    <nvpair id="opts-timeout" name="fencing-timeout" value="20s"/>
  </cluster_property_set></crm_config>
  <nodes/>
  <resources>$device
    <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
      <instance_attributes id="vip-ia"><nvpair id="vip-ip" name="ip" value="$VIP"/>
        <nvpair id="vip-mask" name="cidr_netmask" value="24"/><nvpair id="vip-nic" name="nic" value="eth0"/>
      </instance_attributes>
      <operations><op id="vip-mon" name="monitor" interval="2s" timeout="20s"/></operations>
    </primitive>
  </resources>
  <constraints/>
</configuration><status/></cib>
XML
  crm_on 1 configure load replace "$f" >/dev/null || fail "crm configure load replace failed"
}

has_vip() {
  local out
  out=$("$LAB" exec "$1" ip -4 -o addr show dev eth0 2>/dev/null) || return 1
  [[ $out == *" $VIP/"* ]]
}
vip_nodes() { local k out=""; for k in "$@"; do has_vip "$k" && out+="$k "; done; echo "${out% }"; }
vip_on_one() { local n; n=$(vip_nodes "$@"); [[ -n $n && $n != *" "* ]]; }
pid_runs() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  [[ ${stat##*) } != Z* ]]
}
# Daemon D of node K runs (a zombie or a missing pid file counts as not running).
daemon_runs() { local pid; pid=$(cat "$LAB_DIR/n$1/$2.pid" 2>/dev/null) && pid_runs "$pid"; }
crmd_runs() { daemon_runs "$1" crmd; }
# The given nodes' crmds run and see the same synced DC.
synced() {
  local k dc="" d
  for k in "$@"; do
    crmd_runs "$k" || return 1
    [[ $(status_field "$k" synced) == true ]] || return 1
    d=$(status_field "$k" dc)
    [[ -n $d && $d != "?" && $d != null && (-z $dc || $d == "$dc") ]] || return 1
    dc=$d
  done
}
# Running resources as seen from node K: "rsc@node ..." sorted, or "?" when crm fails.
placement() {
  local out
  out=$(crm_on "$1" status --json 2>/dev/null) || { echo "?"; return; }
  python3 -c 'import json, sys
d = json.loads(sys.stdin.read())
print(" ".join(sorted(r["id"] + "@" + n for r in d["resources"] for n in r["running_on"])))' <<<"$out" ||
    echo "?"
}
# moved_away BEFORE AFTER FAULTED...: resources that ran on a node not in FAULTED and are no
# longer there ("rsc n2->n3").
moved_away() {
  local before=$1 after=$2 p r n to out=""
  shift 2
  [[ $before != "?" && $after != "?" ]] || { echo "?"; return; }
  for p in $before; do
    r=${p%@*} n=${p#*@}
    [[ " $* " != *" ${n#n} "* ]] || continue
    [[ " $after " != *" $p "* ]] || continue
    to=$(tr ' ' '\n' <<<"$after" | sed -n "s/^$r@//p" | xargs)
    out+="$r $n->${to:-stopped} "
  done
  echo "${out% }"
}
quorate_is() { [[ $(status_field "$1" quorate) == "$2" ]]; }
# corosync on node K counts the arbiter's vote (qdevice connected and voting).
qdevice_votes() {
  local out
  out=$("$LAB" exec "$1" corosync-quorumtool -s 2>/dev/null) || true
  [[ $out =~ Total\ votes:[[:space:]]+$(($LAB_NODES + 1)) ]]
}
qdevice_lost() {
  local out
  out=$("$LAB" exec "$1" corosync-quorumtool -s 2>/dev/null) || true
  [[ $out =~ Total\ votes:[[:space:]]+$LAB_NODES([^0-9]|$) ]]
}
all_of() { local c=$1 k; shift; for k in "$@"; do "$c" "$k" || return 1; done; }

# A fence of node K requested since the round began (t0) has succeeded, as the fencing history
# in node S's CIB records it (by time: the history keeps only the newest 10 records per node).
fenced_since() {  # fenced_since K S
  local out
  out=$(crm_on "$2" fencing history "n$1" --json 2>/dev/null) || return 1
  python3 -c 'import json, sys
d = json.loads(sys.stdin.read())
sys.exit(0 if any(r["target"] == sys.argv[1] and r["state"] == "success" and r["requested_ms"] >= int(sys.argv[2])
                  for r in d["history"]) else 1)' "n$1" "$t0" <<<"$out"
}
fenced_now() { fenced_since "$1" "${others[0]}"; }
no_fence_pending() {
  local out
  out=$(crm_on "${others[0]}" fencing history 2>/dev/null) || return 1
  [[ $out != *" pending: "* ]]
}
# Node K is out after its fault. With fencing on: fenced (a success in the history since the
# round began), its crmd gone and the VIP not on it. With fencing off: crmd gone, or no quorum
# and no VIP.
node_out() {
  if [[ $FENCING == 1 ]]; then
    fenced_now "$1" && ! crmd_runs "$1" && ! has_vip "$1"
    return
  fi
  crmd_runs "$1" || return 0
  [[ $(status_field "$1" quorate) == false ]] && ! has_vip "$1"
}
round_recovered() {
  local k
  for k in "${faulted[@]}"; do node_out "$k" || return 1; done
  case $fault in
    arbiter) all_of qdevice_lost "${NODES[@]}" && all_of "quorate_is_true" "${NODES[@]}" || return 1 ;;
  esac
  synced "${others[@]}" && vip_on_one "${others[@]}"
}
quorate_is_true() { quorate_is "$1" true; }

# Restores every node touched by the round (sets how): a fenced node, or one whose crmd and
# corosync are gone, is rebooted (`lab.sh reboot`); when only crmd died (crmdkill, corosync:
# without fencing) and corosync runs, crmd is started again; a node whose crmd runs is healed.
restore() {
  local k
  how=""
  for k in "${touched[@]}"; do
    if [[ $k == qa ]]; then "$LAB" heal qa >/dev/null 2>&1; how+="heal qa, "; continue; fi
    if [[ $FENCING == 1 ]] && fenced_now "$k"; then
      "$LAB" reboot "$k" >/dev/null 2>&1 || fail "round $round: reboot n$k failed"
      how+="reboot n$k, "
    elif crmd_runs "$k"; then
      "$LAB" heal "$k" >/dev/null 2>&1
      how+="heal n$k, "
    elif [[ $fault == crmdkill || $fault == corosync ]] && daemon_runs "$k" corosync; then
      "$LAB" start "$k" crmd >/dev/null 2>&1 || fail "round $round: start crmd on n$k failed"
      how+="start crmd n$k, "
    else
      "$LAB" reboot "$k" >/dev/null 2>&1 || fail "round $round: reboot n$k failed"
      how+="reboot n$k, "
    fi
  done
  how=${how%, }
}
merged() {
  synced "${NODES[@]}" || return 1
  [[ -z $LAB_QDEVICE ]] || all_of qdevice_votes "${NODES[@]}" || return 1
  vip_on_one "${NODES[@]}"
}

pick_node() {  # the VIP holder half of the time, else a random node
  if ((RANDOM % 2 == 0)) && [[ -n $holder ]]; then echo "$holder"; else echo $((RANDOM % LAB_NODES + 1)); fi
}
kinds=(crash link nft)
node_fault() {  # node_fault K KIND
  case $2 in
    crash) "$LAB" crash "$1" >/dev/null 2>&1 ;;
    link) "$LAB" cut "$1" link >/dev/null 2>&1 ;;
    nft) "$LAB" cut "$1" nft >/dev/null 2>&1 ;;
  esac
}
# Picks and applies this round's fault: sets fault, desc, faulted (nodes expected out),
# touched (nodes to restore).
apply_fault() {
  local a b k m kind kind2 minority=() majority=()
  faulted=() touched=()
  case $TOPOLOGY in
    qdevice)
      case $((RANDOM % 4)) in
        0 | 1)
          a=$(pick_node) kind=${kinds[$((RANDOM % 3))]}
          fault=node desc="$kind n$a" faulted=("$a") touched=("$a")
          node_fault "$a" "$kind"
          ;;
        2) fault=arbiter desc="cut of the arbiter" touched=(qa); "$LAB" cut qa link >/dev/null 2>&1 ;;
        3)
          # ffsplit: with a tie the partition with the lowest node id keeps quorum.
          fault=split desc="split n1<->n2" faulted=(2) touched=(1 2)
          "$LAB" split 1 2 >/dev/null 2>&1
          "$LAB" split 2 1 >/dev/null 2>&1
          ;;
      esac
      ;;
    five)
      case $((RANDOM % 3)) in
        0)
          a=$(pick_node) kind=${kinds[$((RANDOM % 3))]}
          fault=node desc="$kind n$a" faulted=("$a") touched=("$a")
          node_fault "$a" "$kind"
          ;;
        1)
          a=$(pick_node)
          b=$((RANDOM % (LAB_NODES - 1) + 1))
          ((b < a)) || b=$((b + 1))
          kind=${kinds[$((RANDOM % 3))]} kind2=${kinds[$((RANDOM % 3))]}
          fault=double desc="$kind n$a + $kind2 n$b" faulted=("$a" "$b") touched=("$a" "$b")
          node_fault "$a" "$kind"
          node_fault "$b" "$kind2"
          ;;
        2)
          a=$(pick_node)
          b=$((RANDOM % (LAB_NODES - 1) + 1))
          ((b < a)) || b=$((b + 1))
          minority=("$a" "$b")
          for k in "${NODES[@]}"; do ((k == a || k == b)) || majority+=("$k"); done
          fault=split desc="split n$a+n$b | $(printf 'n%s+' "${majority[@]}" | sed 's/+$//')"
          faulted=("$a" "$b") touched=("$a" "$b")
          for k in "${minority[@]}"; do
            for m in "${majority[@]}"; do "$LAB" split "$k" "$m" >/dev/null 2>&1; done
          done
          ;;
      esac
      ;;
    three)
      a=$(pick_node) kind=${kinds[$((RANDOM % 3))]}
      fault=node desc="$kind n$a" faulted=("$a") touched=("$a")
      node_fault "$a" "$kind"
      ;;
    crmdkill)
      a=$(pick_node)
      fault=crmdkill desc="kill -9 crmd n$a" faulted=("$a") touched=("$a")
      "$LAB" kill "$a" crmd KILL >/dev/null 2>&1
      ;;
    corosync)
      a=$(pick_node)
      if ((RANDOM % 2 == 0)); then kind=TERM; else kind=KILL; fi
      fault=corosync desc="corosync SIG$kind+start n$a" faulted=("$a") touched=("$a")
      "$LAB" kill "$a" corosync "$kind" >/dev/null 2>&1
      "$LAB" start "$a" corosync >/dev/null 2>&1 || fail "round $round: start corosync on n$a failed"
      # crmd exits when it loses corosync (doc/cluster.md): the node is out until crmd starts again.
      ;;
  esac
  others=()
  for k in "${NODES[@]}"; do [[ " ${faulted[*]} " == *" $k "* ]] || others+=("$k"); done
}

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in "${NODES[@]}"; do wait_for 30 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
[[ -z $LAB_QDEVICE ]] || for k in "${NODES[@]}"; do wait_for 30 "n$k counts the arbiter's vote" qdevice_votes "$k"; done
sampler_args=()
for k in "${NODES[@]}"; do sampler_args+=("n$k=/run/netns/$LAB_NAME-n$k"); done
[[ -z $LAB_QDEVICE ]] || sampler_args+=("qa=/run/netns/$LAB_NAME-qa")
"$KEEL_SAMPLER" --addr "$VIP" --interval-ms 10 --max-seconds 3000 "${sampler_args[@]}" \
  >"$LAB_DIR/samples.txt" 2>"$LAB_DIR/sampler.err" &
SAMPLER_PID=$!
load_config
wait_for 30 "the VIP on exactly one node" vip_on_one "${NODES[@]}"
wait_for 30 "every node synced" synced "${NODES[@]}"
if [[ $WRITERS == 1 ]]; then
  rm -f "$LAB_DIR/writers.stop"
  for k in "${NODES[@]}"; do writer "$k" & BG_PIDS+=($!); done
  observer & BG_PIDS+=($!)
fi
recover_ms=()
merge_ms=()
moves=0
loop_start=$SECONDS
for ((round = 1; round <= ROUNDS; round++)); do
  ((SECONDS - loop_start < MAX_S)) || fail "the loop ran out of time (${MAX_S}s) after $((round - 1)) rounds"
  holder=$(vip_nodes "${NODES[@]}")
  before=$(placement "$holder")
  t0=$(now_ms)
  apply_fault
  wait_for "$TARGET_S" "round $round ($desc): faulted node(s) out, n${others[*]} synced, the VIP on exactly one node" \
    round_recovered
  t1=$(now_ms)
  got=$(vip_nodes "${NODES[@]}")
  for k in "${others[@]}"; do
    [[ $FENCING != 1 ]] || ! fenced_now "$k" || fail "round $round ($desc): n$k was fenced, though not faulted"
  done
  mid=$(placement "${others[0]}")
  [[ $FENCING != 1 ]] || wait_for 30 "round $round: no fencing pending" no_fence_pending
  restore
  t2=$(now_ms)
  wait_for 60 "round $round: every crmd synced after: $how" synced "${NODES[@]}"
  wait_for "$TARGET_S" "round $round: the VIP on exactly one node (and the arbiter's vote counted) after: $how" merged
  t3=$(now_ms)
  echo "$round $t0 $t3 ${faulted[*]} -- $desc" >>"$LAB_DIR/faults.log"
  after=$(placement "$holder")
  recover_ms+=($((t1 - t0)))
  merge_ms+=($((t3 - t2)))
  echo "round $round: $desc (VIP was on n$holder): VIP on n$got $((t1 - t0)) ms after the fault;" \
    "$how, VIP on n$(vip_nodes "${NODES[@]}") $((t3 - t2)) ms later @$t0"
  m1=$(moved_away "$before" "$mid" "${faulted[@]}")
  m2=$(moved_away "$mid" "$after" "${faulted[@]}")
  if [[ $m1 == "?" || $m2 == "?" ]]; then
    echo "round $round: placement unknown (crm status failed), moves not checked"
  elif [[ -n $m1 || -n $m2 ]]; then
    moves=$((moves + 1))
    echo "round $round: moved away from a node not faulted:${m1:+ after the fault: $m1;}${m2:+ after the restore: $m2}"
  fi
done
sleep 1  # the sampler sees the final state
stop_sampler
writes_ok=1
if [[ $WRITERS == 1 ]]; then
  stop_background
  wait_for 30 "every node synced after the writers stopped" synced "${NODES[@]}"
  sleep 2  # status updates settle
  for k in "${NODES[@]}"; do crm_on "$k" cib query >"$LAB_DIR/final-n$k.xml" 2>/dev/null || fail "cib query on n$k"; done
  python3 "$(dirname "$0")/ack_check.py" "$LAB_DIR" | sed "s/^/[$TOPOLOGY] /" || true
  python3 "$(dirname "$0")/ack_check.py" "$LAB_DIR" >/dev/null || writes_ok=0
fi
summary=$(grep '^#' "$LAB_DIR/samples.txt" || true)
echo "sampler: ${summary#\# }"
[[ -n $summary ]] || fail "the sampler did not finish: $(cat "$LAB_DIR/sampler.err")"
overlaps=$(awk '!/^#/ {
    if (!($2 in on)) on[$2] = 0
    before = n; n += $3 - on[$2]; on[$2] = $3
    if (n >= 2 && before < 2) start = $1
    if (n < 2 && before >= 2) { printf "%d %d\n", start, $1 - start }
  } END { if (n >= 2) printf "%d open\n", start }' "$LAB_DIR/samples.txt")
count=$(grep -c . <<<"$overlaps" || true)
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {printf "median %d ms, max %d ms", a[int((NR + 1) / 2)], a[NR]}'; }
echo "[$TOPOLOGY] recovery after the fault: $(stats "${recover_ms[@]}"); after the restore: $(stats "${merge_ms[@]}")"
echo "[$TOPOLOGY] rounds where a resource moved away from a node not faulted: $moves of $ROUNDS"
if ((count > 0)); then
  echo "VIP on two nodes at once: $count time(s) (start_ms duration_ms):"
  echo "$overlaps"
  [[ $FENCING == 1 ]] && fail "the VIP was on two nodes at once with fencing on"
else
  echo "VIP never on two nodes at once"
fi
((writes_ok == 1)) || fail "acknowledged writes lost or CIB contents differed under one version (ack_check.py above; history in $LAB_DIR)"
echo "PASS [$TOPOLOGY] seed $SEED"
