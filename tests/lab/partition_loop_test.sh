#!/usr/bin/env bash
# The partition loop (root, real corosync): a 3-node cluster with a VIP (ocf:heartbeat:IPaddr2
# 198.18.0.100) and, by default, fencing with the lab fence agent. Each round picks, from a
# seeded random sequence, a node (the VIP holder half of the time) and a fault: crash (cut +
# SIGKILL), link cut (switch port down) or nftables cut; then it waits until that node is out
# (crashed, fenced, or without quorum and without the VIP), the others agree on a DC and the VIP is
# on exactly one of them, restores the node (heal if its crmd still runs, else
# `lab.sh reboot`), and waits until the VIP is on exactly one node of the three. Both waits
# have the target time. vip_sampler reads every node's addresses every 10 ms the whole time;
# at the end the test asserts the VIP was never on two nodes at once (with fencing on) and
# prints every overlap seen (with fencing off: KEEL_LOOP_FENCING=0, report only). It also prints,
# per round, every resource that moved away from a node that was not faulted (after the fault or
# after the merge). With resource-stickiness (KEEL_LOOP_STICKINESS, default 1) it asserts there
# is none. With 0 it only reports them: Pacemaker then balances too (a fence device leaving a lost
# node is placed first, in configuration order, on the node with the VIP, whose VIP then goes
# to the node with fewer resources; crm_simulate 2.1.5 decides the same; doc/scheduler.md).
# Usage: partition_loop_test.sh   with KEEL_CRMD, KEEL_CRM, KEEL_SAMPLER set.
#   KEEL_LOOP_ROUNDS (default 12), KEEL_LOOP_SEED (default: from the clock; printed),
#   KEEL_LOOP_FENCING (1 default, 0 off), KEEL_LOOP_TARGET_S (default 15),
#   KEEL_LOOP_STICKINESS (resource-stickiness, default 1)
set -euo pipefail

SCENARIO=loop
LAB_TEST_PREFIX=kp
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
: "${KEEL_SAMPLER:?path to vip_sampler}"
ROUNDS=${KEEL_LOOP_ROUNDS:-12}
SEED=${KEEL_LOOP_SEED:-$(($(date +%s%N) / 1000 % 1000000))}
FENCING=${KEEL_LOOP_FENCING:-1}
TARGET_S=${KEEL_LOOP_TARGET_S:-15}
STICKINESS=${KEEL_LOOP_STICKINESS:-1}
[[ $STICKINESS =~ ^[0-9]+$ ]] || fail "KEEL_LOOP_STICKINESS must be a number"
[[ $ROUNDS =~ ^[0-9]+$ ]] && ((ROUNDS >= 1 && ROUNDS <= 500)) || fail "KEEL_LOOP_ROUNDS must be 1..500"
[[ $SEED =~ ^[0-9]+$ ]] || fail "KEEL_LOOP_SEED must be a number"
VIP=198.18.0.100
now_ms() { echo $(($(date +%s%N) / 1000000)); }
echo "partition loop: seed $SEED (KEEL_LOOP_SEED=$SEED replays it), $ROUNDS rounds," \
  "fencing $([[ $FENCING == 1 ]] && echo on || echo off), stickiness $STICKINESS, target ${TARGET_S}s"
RANDOM=$SEED

mkdir -p "$LAB_DIR"
if [[ $FENCING == 1 ]]; then
  bash "$REPO/fencing/install.sh" "$LAB_DIR/fence" >/dev/null || fail "fencing/install.sh failed"
  export LAB_CRMD_ARGS="--fence-agent-dir $LAB_DIR/fence/usr/sbin"
fi
trap 'stop_sampler; cleanup' EXIT

load_config() {
  local f="$LAB_DIR/load-loop.xml" enabled=false device=""
  if [[ $FENCING == 1 ]]; then
    enabled=true
    device="<primitive id=\"labfence\" class=\"stonith\" type=\"fence_keel_lab\">
      <instance_attributes id=\"labfence-ia\">
        <nvpair id=\"labfence-lab\" name=\"lab_name\" value=\"$LAB_NAME\"/>
        <nvpair id=\"labfence-hosts\" name=\"pcmk_host_list\" value=\"n1 n2 n3\"/>
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
  <rsc_defaults><meta_attributes id="rsc-options">
    <nvpair id="rsc-options-stickiness" name="resource-stickiness" value="$STICKINESS"/>
  </meta_attributes></rsc_defaults>
</configuration><status/></cib>
XML
  crm_on 1 configure load replace "$f" >/dev/null || fail "crm configure load replace failed"
}

has_vip() { "$LAB" exec "$1" ip -4 -o addr show dev eth0 2>/dev/null | grep -q " $VIP/"; }
vip_nodes() { local k out=""; for k in "$@"; do has_vip "$k" && out+="$k "; done; echo "${out% }"; }
vip_on_one() { local n; n=$(vip_nodes "$@"); [[ -n $n && $n != *" "* ]]; }
# "vip=n2 labfence=n1": where each primitive runs, as node K's crm status --json says.
placement() {
  crm_on "$1" status --json 2>/dev/null | python3 -c '
import json, sys
try:
    view = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
print(" ".join(r["id"] + "=" + ",".join(r.get("running_on", [])) for r in view.get("resources", [])))'
}
# Node K sees every primitive running on exactly one node.
settled_placement() {
  local p entry
  p=$(placement "$1")
  [[ -n $p ]] || return 1
  for entry in $p; do [[ ${entry#*=} =~ ^n[0-9]+$ ]] || return 1; done
}
# moves_away BEFORE AFTER FAULTED: the "rsc n1->n2" moves from BEFORE to AFTER (placements)
# away from a node other than FAULTED (0: none faulted).
moves_away() {
  local entry rsc from to out=""
  for entry in $1; do
    rsc=${entry%%=*} from=${entry#*=}
    [[ -n $from && $from != *,* && $from != "n$3" ]] || continue
    to=$(tr ' ' '\n' <<<"$2" | sed -n "s/^$rsc=//p")
    [[ $to == "$from" ]] || out+="$rsc $from->${to:-stopped} "
  done
  echo "${out% }"
}

# crmd of node K runs (a zombie or a missing pid file counts as not running).
crmd_runs() {
  local pid stat
  pid=$(cat "$LAB_DIR/n$1/crmd.pid" 2>/dev/null) || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ ${stat##*) } != Z* ]]
}
# The given nodes' crmds run and see the same synced DC.
synced() {
  local k dc="" d
  for k in "$@"; do
    crmd_runs "$k" || return 1
    [[ $(status_field "$k" synced) == true ]] || return 1
    d=$(status_field "$k" dc)
    [[ -n $d && $d != "?" && ( -z $dc || $d == "$dc" ) ]] || return 1
    dc=$d
  done
}
# The faulted node is out: crashed or fenced (its crmd gone), or, without fencing, cut off
# and without quorum; the others agree on a DC and one of them has the VIP.
# (Without fencing, or before its fence, a cut node sits there without quorum.)
round_recovered() {
  if [[ $kind == crash ]]; then
    ! crmd_runs "$target" || return 1
  elif crmd_runs "$target"; then
    [[ $(status_field "$target" quorate) == false ]] && ! has_vip "$target" || return 1
  fi
  synced "${others[@]}" && vip_on_one "${others[@]}"
}

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
"$KEEL_SAMPLER" --addr "$VIP" --interval-ms 10 --max-seconds 3000 \
  n1="/run/netns/$LAB_NAME-n1" n2="/run/netns/$LAB_NAME-n2" n3="/run/netns/$LAB_NAME-n3" \
  >"$LAB_DIR/samples.txt" 2>"$LAB_DIR/sampler.err" &
SAMPLER_PID=$!
load_config
wait_for 30 "the VIP on exactly one node" vip_on_one 1 2 3
kinds=(crash link nft)
recover_ms=()
merge_ms=()
moved_rounds=0
for ((round = 1; round <= ROUNDS; round++)); do
  holder=$(vip_nodes 1 2 3)
  if ((RANDOM % 2 == 0)); then target=$holder; else target=$((RANDOM % 3 + 1)); fi
  wait_for 30 "round $round: every resource placed" settled_placement 1
  before=$(placement 1)
  kind=${kinds[$((RANDOM % 3))]}
  others=()
  for k in 1 2 3; do ((k == target)) || others+=("$k"); done
  t0=$(now_ms)
  case $kind in
    crash) "$LAB" crash "$target" >/dev/null 2>&1 ;;
    link) "$LAB" cut "$target" link >/dev/null 2>&1 ;;
    nft) "$LAB" cut "$target" nft >/dev/null 2>&1 ;;
  esac
  wait_for "$TARGET_S" "round $round: n$target out, the VIP on exactly one of n${others[0]}, n${others[1]}" \
    round_recovered
  t1=$(now_ms)
  got=$(vip_nodes "${others[@]}")
  wait_for "$TARGET_S" "round $round: every resource placed after the fault" settled_placement "${others[0]}"
  after_fault=$(placement "${others[0]}")
  if crmd_runs "$target"; then how=heal; "$LAB" heal "$target" >/dev/null 2>&1
  else how=reboot; "$LAB" reboot "$target" >/dev/null 2>&1 || fail "round $round: reboot n$target failed"; fi
  t2=$(now_ms)
  wait_for 60 "round $round: all three crmds synced after the $how of n$target" synced 1 2 3
  wait_for "$TARGET_S" "round $round: the VIP on exactly one node after the merge" vip_on_one 1 2 3
  t3=$(now_ms)
  wait_for 30 "round $round: every resource placed after the merge" settled_placement 1
  after_merge=$(placement 1)
  moved=$(moves_away "$before" "$after_fault" "$target")
  moved_merge=$(moves_away "$after_fault" "$after_merge" 0)
  recover_ms+=($((t1 - t0)))
  merge_ms+=($((t3 - t2)))
  echo "round $round: $kind n$target (VIP was on n$holder): VIP on n$got" \
    "$((t1 - t0)) ms after the fault; $how, VIP on n$(vip_nodes 1 2 3) $((t3 - t2)) ms later" \
    "@$t0"
  if [[ -n $moved || -n $moved_merge ]]; then
    moved_rounds=$((moved_rounds + 1))
    echo "round $round: moved away from a node that was not faulted:" \
      "${moved:+after the fault: $moved}${moved_merge:+ after the merge: $moved_merge}"
  fi
done
sleep 1  # the sampler sees the final state
stop_sampler
summary=$(grep '^#' "$LAB_DIR/samples.txt" || true)
echo "sampler: ${summary#\# }"
[[ -n $summary ]] || fail "the sampler did not finish: $(cat "$LAB_DIR/sampler.err")"
# Overlaps: spans in which two or more nodes had the VIP, from the sampler's change lines.
overlaps=$(awk '!/^#/ {
    if (!($2 in on)) on[$2] = 0
    before = n; n += $3 - on[$2]; on[$2] = $3
    if (n >= 2 && before < 2) start = $1
    if (n < 2 && before >= 2) { printf "%d %d\n", start, $1 - start }
  } END { if (n >= 2) printf "%d open\n", start }' "$LAB_DIR/samples.txt")
count=$(grep -c . <<<"$overlaps" || true)
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {printf "median %d ms, max %d ms", a[int((NR + 1) / 2)], a[NR]}'; }
echo "recovery after the fault: $(stats "${recover_ms[@]}"); after the merge: $(stats "${merge_ms[@]}")"
if ((count > 0)); then
  echo "VIP on two nodes at once: $count time(s) (start_ms duration_ms):"
  echo "$overlaps"
  [[ $FENCING == 1 ]] && fail "the VIP was on two nodes at once with fencing on"
else
  echo "VIP never on two nodes at once"
fi
echo "moves away from nodes that were not faulted: $moved_rounds of $ROUNDS rounds"
((moved_rounds == 0 || STICKINESS == 0)) || fail "resources moved away from nodes that were not faulted (seed $SEED)"
echo "PASS [loop] seed $SEED"
