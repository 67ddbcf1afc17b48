#!/usr/bin/env bash
# Lab tests of the controller on real corosync (3 nodes in network namespaces, root): the DC
# plans, nodes run ocf:heartbeat:Dummy (its state file under each node's own --run-dir), and
# results flow back. Usage: ctrl_lab_test.sh SCENARIO   with KEEL_CRMD and KEEL_CRM set.
#   startstop  d1 starts on exactly one node; `crm resource stop d1` stops it everywhere
#   failover   crashing the node that runs d1 (cut + kill) starts it on another node; prints
#              the time from the crash to the state file appearing elsewhere
#   partition  cutting the link of d1's node: that node loses quorum and stops d1 itself
#              (no-quorum-policy=stop, no DC needed); the two others start it on one of them
#   vip        an ocf:heartbeat:IPaddr2 VIP (198.18.0.100/24 on eth0) answers pings from the
#              other nodes; deleting the address behind the cluster's back is noticed by the
#              monitor (fail count 1) and repaired in place
#   standby    `crm node standby` on d1's node moves d1 off it; `crm node online` leaves d1
#              running on exactly one node
#   threshold  d1 with migration-threshold=2 and a 1 s monitor: its state file deleted behind
#              the cluster's back -> restarted in place (crm status: fail-count=1); deleted
#              again -> moved to another node; `crm resource cleanup d1` -> no fail counts left
#   dcchange   a resource whose start takes 3 s (tests/lab/agents/SlowStart) placed on n2; the
#              DC's (n1) crmd is killed while that start runs: afterwards it runs on exactly one
#              node, was started exactly once (the agent's own record), and the new DC's CIB
#              holds the start's result
#   vipcut     the VIP holder's link is cut while every node samples its addresses and its
#              quorum state (corosync-quorumtool) in a loop: at no sampled moment do two
#              quorate nodes hold the VIP; after the cut it runs on one of the others, after
#              the heal on exactly one node; prints the sampling period and cost
#   ops        crm resource move (to a node, and away = ban), clear, status, restart and
#              cleanup on the live cluster, each with its observable effect
# Every wait polls with a deadline; the lab is torn down on any exit.
set -euo pipefail

SCENARIO=${1:?scenario}
LAB_TEST_PREFIX=kc
source "$(dirname "$0")/lab_test_lib.sh"

runs_on_one() { local n; n=$(running_on "$@"); [[ -n $n && $n != *" "* ]]; }
runs_nowhere() { [[ -z $(running_on "$@") ]]; }

load_config() {
  local f="$LAB_DIR/load-ctrl.xml"
  cat >"$f" <<'XML'
<cib admin_epoch="0" epoch="0" num_updates="0"><configuration>
  <crm_config><cluster_property_set id="opts">
    <nvpair id="opts-fencing" name="fencing-enabled" value="false"/>
  </cluster_property_set></crm_config>
  <nodes/>
  <resources>
    <primitive id="d1" class="ocf" provider="heartbeat" type="Dummy">
      <operations><op id="d1-mon" name="monitor" interval="5s" timeout="20s"/></operations>
    </primitive>
  </resources>
  <constraints/>
</configuration><status/></cib>
XML
  if [[ $SCENARIO == vip || $SCENARIO == vipcut ]]; then
    sed -i 's|</resources>|<primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">\
      <instance_attributes id="vip-ia"><nvpair id="vip-ip" name="ip" value="198.18.0.100"/>\
        <nvpair id="vip-mask" name="cidr_netmask" value="24"/><nvpair id="vip-nic" name="nic" value="eth0"/>\
      </instance_attributes>\
      <operations><op id="vip-mon" name="monitor" interval="2s" timeout="20s"/></operations>\
    </primitive></resources>|' "$f"
  fi
  if [[ $SCENARIO == dcchange ]]; then
    sed -i 's|</resources>|<primitive id="slow" class="ocf" provider="keeltest" type="SlowStart">\
      <instance_attributes id="slow-ia"><nvpair id="slow-delay" name="delay" value="3"/></instance_attributes>\
      <operations><op id="slow-mon" name="monitor" interval="2s" timeout="20s"/></operations>\
    </primitive></resources>|; s|<constraints/>|<constraints><rsc_location id="slow-on-n2" rsc="slow" node="n2" score="100"/></constraints>|; s|<nodes/>|<nodes><node id="1" uname="n1"/><node id="2" uname="n2"/><node id="3" uname="n3"/></nodes>|' "$f"
  fi
  if [[ $SCENARIO == threshold ]]; then
    sed -i 's|interval="5s"|interval="1s"|; s|</operations>|</operations>\
      <meta_attributes id="d1-meta"><nvpair id="d1-mt" name="migration-threshold" value="2"/></meta_attributes>|' "$f"
  fi
  local force=()  # crm checks agents under /usr/lib/ocf; the test agent lives in the lab's root
  [[ $SCENARIO == dcchange ]] && force=(--force)
  crm_on 1 configure "${force[@]}" load replace "$f" >/dev/null || fail "crm configure load replace failed"
}

# dcchange: an OCF root with the installed agents plus the lab's test agents.
if [[ $SCENARIO == dcchange ]]; then
  mkdir -p "$LAB_DIR/ocf/resource.d"
  ln -sfn /usr/lib/ocf/lib "$LAB_DIR/ocf/lib"
  ln -sfn /usr/lib/ocf/resource.d/heartbeat "$LAB_DIR/ocf/resource.d/heartbeat"
  ln -sfn "$HERE/agents" "$LAB_DIR/ocf/resource.d/keeltest"
  export LAB_CRMD_ARGS="--ocf-root $LAB_DIR/ocf"
fi

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
load_config
wait_for 30 "d1 running on exactly one node" runs_on_one d1 1 2 3
holder=$(running_on d1 1 2 3)
echo "d1 started on n$holder"

# sampler K SECONDS: runs inside node K until $LAB_DIR/stop-sampling exists (at most SECONDS,
# at most 9000 rounds); each round appends "EPOCH_S K HAS_VIP QUORATE" to $LAB_DIR/samples.K.
start_sampler() {
  local k=$1 secs=$2
  "$LAB" exec "$k" bash -c '
    out=$1; stop=$2; end=$(( ${EPOCHREALTIME%.*} + $3 )); k=$4
    # Quorum changes as corosync reports them (line-buffered), read without forking; the
    # 10 ms read timeout paces the rounds.
    coproc Q { exec stdbuf -oL corosync-quorumtool -m 2>/dev/null; }
    qq=0
    for ((i = 0; i < 9000; i++)); do
      [[ -e $stop ]] && break
      while read -t 0.01 -r line <&"${Q[0]}"; do
        [[ $line =~ Quorate:\ +Yes ]] && qq=1
        [[ $line =~ Quorate:\ +No ]] && qq=0
      done
      t=$EPOCHREALTIME
      ((${t%.*} >= end)) && break
      read -r -d "" a </proc/net/fib_trie  # local addresses of this netns, without a fork
      v=0; [[ $a =~ 198\.18\.0\.100[[:space:]]+/32\ host\ LOCAL ]] && v=1
      echo "$t $k $v $qq"
    done >"$out"
    kill "$Q_PID" 2>/dev/null' _ "$LAB_DIR/samples.$k" "$LAB_DIR/stop-sampling" "$secs" "$k" &
  SAMPLERS+=($!)
}

# Merges the nodes' samples by time; after each sample counts the nodes whose latest sample
# (at most 100 ms old) says "holds the VIP and quorate". Prints the worst moment and figures.
check_samples() {
  sort -n "$LAB_DIR"/samples.* | awk '
    { t = $1; k = $2; last_t[k] = t; both[k] = ($3 == 1 && $4 == 1)
      if (prev[k] != "") { gap = t - prev[k]; sum[k] += gap; n[k]++; if (gap > max[k]) max[k] = gap }
      prev[k] = t; count = 0
      for (j in both) if (both[j] && t - last_t[j] <= 0.1) count++
      if (count > 1) { bad++; if (!first) first = t } }
    END {
      for (k in n) printf "node %s: %d samples, mean period %.1f ms, max gap %.1f ms\n", k, n[k] + 1, 1000 * sum[k] / n[k], 1000 * max[k]
      if (bad) { printf "VIOLATION: %d sampled moments with two quorate VIP holders, first at %s\n", bad, first; exit 1 }
    }'
}

dc_change() {
  local starts="$LAB_DIR/n2/run/rsctmp/SlowStart-slow.starts"
  started() { [[ -s $starts ]]; }
  wait_for 30 "slow's start under way on n2" started
  t0=$(date +%s%N)
  "$LAB" kill 1 crmd KILL >/dev/null 2>&1 || fail "could not kill n1's crmd"
  for k in 2 3; do wait_for 20 "n$k: DC n2, CIB synced" dc_is "$k" n2; done
  t1=$(date +%s%N)
  slow_state() { echo "$LAB_DIR/n$1/run/rsctmp/SlowStart-slow.state"; }
  slow_up() { [[ -e $(slow_state 2) ]]; }
  wait_for 30 "slow running on n2" slow_up
  recorded() {
    local op
    op=$(crm_on 2 cib query 2>/dev/null | tr -d '\n' | grep -o '<lrm_rsc_op id="slow_last_0"[^>]*') || return 1
    [[ $op == *'operation="start"'* && $op == *'rc-code="0"'* && $op == *'op-status="0"'* ]]
  }
  wait_for 20 "the new DC n2 recorded slow's start result" recorded
  sleep 4  # room for a wrong second start to show up (a start takes 3 s)
  local count
  count=$(cat "$LAB_DIR"/n*/run/rsctmp/SlowStart-slow.starts 2>/dev/null | wc -l)
  ((count == 1)) || fail "slow was started $count times: $(cat "$LAB_DIR"/n*/run/rsctmp/SlowStart-slow.starts)"
  for k in 1 3; do [[ -e $(slow_state "$k") ]] && fail "slow also runs on n$k"; done
  echo "dcchange: n1's crmd killed during slow's start on n2; new DC n2 acting $(((t1 - t0) / 1000000)) ms later; slow started once, running on n2, result recorded"
}

case $SCENARIO in
  startstop)
    sleep 1
    runs_on_one d1 1 2 3 || fail "d1 is not on exactly one node a second later: $(running_on d1 1 2 3)"
    crm_on 1 resource stop d1 >/dev/null || fail "crm resource stop failed"
    wait_for 30 "d1 stopped everywhere" runs_nowhere d1 1 2 3
    grep -q "d1_stop_0" "$LAB_DIR/n$holder/log/crmd.log" || fail "n$holder did not log the stop"
    ;;
  failover)
    others=()
    for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
    t0=$(date +%s%N)
    "$LAB" crash "$holder" >/dev/null 2>&1
    wait_for 60 "d1 started on a surviving node" runs_on_one d1 "${others[@]}"
    t1=$(date +%s%N)
    echo "failover: d1 moved from n$holder to n$(running_on d1 "${others[@]}") in $(((t1 - t0) / 1000000)) ms after the crash"
    for k in "${others[@]}"; do
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$LAB_DIR/n$k/crmd.pid")/status" 2>/dev/null || echo "?")
      echo "crmd RSS on n$k: ${rss} kB"
    done
    ;;
  partition)
    others=()
    for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
    t0=$(date +%s%N)
    "$LAB" cut "$holder" >/dev/null 2>&1
    wait_for 60 "d1 started on one of the majority" runs_on_one d1 "${others[@]}"
    t1=$(date +%s%N)
    wait_for 30 "the isolated n$holder stopped d1" runs_nowhere d1 "$holder"
    t2=$(date +%s%N)
    grep -q "quorum lost; no-quorum-policy=stop" "$LAB_DIR/n$holder/log/crmd.log" ||
      fail "n$holder did not apply no-quorum-policy"
    echo "partition: d1 on n$(running_on d1 "${others[@]}") $(((t1 - t0) / 1000000)) ms after the cut;" \
      "isolated n$holder stopped it $(((t2 - t0) / 1000000)) ms after the cut"
    ;;
  vip)
    has_vip() { "$LAB" exec "$1" ip -4 -o addr show dev eth0 2>/dev/null | grep -q ' 198.18.0.100/'; }
    vip_nodes() { local k out=""; for k in 1 2 3; do has_vip "$k" && out+="$k "; done; echo "${out% }"; }
    vip_on_one() { local n; n=$(vip_nodes); [[ -n $n && $n != *" "* ]]; }
    wait_for 30 "the VIP on exactly one node" vip_on_one
    vnode=$(vip_nodes)
    for k in 1 2 3; do
      ((k == vnode)) && continue
      "$LAB" exec "$k" ping -c 1 -W 2 198.18.0.100 >/dev/null 2>&1 || fail "n$k cannot reach the VIP on n$vnode"
    done
    echo "vip: on n$vnode, reachable from the other nodes"
    t0=$(date +%s%N)
    "$LAB" exec "$vnode" ip addr del 198.18.0.100/24 dev eth0 || fail "could not delete the VIP"
    vip_back() { has_vip "$vnode"; }
    failcount() { crm_on 1 cib query 2>/dev/null | grep -q 'name="fail-count-vip#monitor_2000" value="1"'; }
    wait_for 30 "the monitor noticed (fail-count-vip#monitor_2000=1)" failcount
    wait_for 30 "the VIP repaired on n$vnode" vip_back
    t1=$(date +%s%N)
    echo "vip: deleted address repaired on n$vnode $(((t1 - t0) / 1000000)) ms later (monitor interval 2 s)"
    "$LAB" exec 1 ping -c 1 -W 2 198.18.0.100 >/dev/null 2>&1 || ((vnode == 1)) || fail "the repaired VIP does not answer"
    ;;
  standby)
    others=()
    for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
    crm_on 1 node standby "n$holder" >/dev/null || fail "crm node standby failed"
    wait_for 30 "d1 off the standby node n$holder" runs_nowhere d1 "$holder"
    wait_for 30 "d1 on one of the others" runs_on_one d1 "${others[@]}"
    echo "standby: d1 moved from n$holder to n$(running_on d1 "${others[@]}")"
    crm_on 1 node online "n$holder" >/dev/null || fail "crm node online failed"
    sleep 2
    runs_on_one d1 1 2 3 || fail "after online d1 is not on exactly one node: $(running_on d1 1 2 3)"
    echo "online: d1 on n$(running_on d1 1 2 3)"
    ;;
  threshold)
    others=()
    for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
    fails_are() { crm_on 1 status 2>/dev/null | grep -q "d1: fail-count=$1 (monitor_1000)"; }
    t0=$(date +%s%N)
    rm -f "$(state_file "$holder" d1)"
    wait_for 30 "crm status shows fail-count=1" fails_are 1
    wait_for 30 "d1 restarted in place on n$holder" runs_on_one d1 "$holder"
    t1=$(date +%s%N)
    echo "threshold: first failure noticed and d1 restarted on n$holder $(((t1 - t0) / 1000000)) ms after the state file was deleted"
    crm_on 1 status | grep -q "Failed Resource Actions:" || fail "crm status lists no failed action"
    sleep 1.5  # let the restarted monitor run once
    rm -f "$(state_file "$holder" d1)"
    wait_for 30 "crm status shows fail-count=2" fails_are 2
    wait_for 30 "d1 moved off n$holder" runs_on_one d1 "${others[@]}"
    runs_nowhere d1 "$holder" || fail "d1 still runs on n$holder"
    echo "threshold: second failure moved d1 from n$holder to n$(running_on d1 "${others[@]}")"
    out=$(crm_on 2 resource cleanup d1) || fail "crm resource cleanup failed"
    [[ $out == "cleaned up d1 on n1, n2, n3" ]] || fail "cleanup said: $out"
    no_fails() { ! crm_on 1 status 2>/dev/null | grep -q "fail-count="; }
    wait_for 10 "no fail counts in crm status" no_fails
    crm_on 1 status | grep -q "Failed Resource Actions:" && fail "failed actions left after cleanup"
    wait_for 30 "d1 on exactly one node after cleanup" runs_on_one d1 1 2 3
    echo "threshold: cleanup: $out; d1 on n$(running_on d1 1 2 3)"
    ;;
  ops)
    cib_has() { crm_on 1 cib query 2>/dev/null | grep -q "$1"; }
    target=$((holder % 3 + 1))
    crm_on 1 resource move d1 "n$target" >/dev/null || fail "crm resource move d1 n$target failed"
    cib_has 'id="cli-prefer-d1"' || fail "no cli-prefer-d1 after move"
    wait_for 30 "d1 moved to n$target" runs_on_one d1 "$target"
    # The state file appears before the start's result is in the CIB: poll crm's answer.
    status_says() { [[ $(crm_on 2 resource status d1 2>&1) == "resource d1 is running on: n$target" ]]; }
    wait_for 10 "crm resource status: d1 running on n$target" status_says
    out=$(crm_on 1 resource clear d1)
    [[ $out == "removed cli-prefer-d1" ]] || fail "clear said: $out"
    cib_has 'cli-prefer-d1' && fail "cli-prefer-d1 still in the CIB after clear"
    echo "ops: move to n$target and clear done"
    # Without the preference d1 may move back; ban it from wherever crm sees it running.
    settled() { crm_on 1 resource status d1 2>/dev/null | grep -q "is running on: n[0-9]$" && runs_on_one d1 1 2 3; }
    wait_for 10 "d1 settled on one node" settled
    out=$(crm_on 3 resource move d1) || fail "crm resource move d1 (ban) failed: $out"
    [[ $out =~ cli-ban-d1-on-n([0-9]) ]] || fail "move (ban) said: $out"
    from=${BASH_REMATCH[1]}
    cib_has "id=\"cli-ban-d1-on-n$from\"" || fail "no cli-ban-d1-on-n$from"
    wait_for 30 "d1 off n$from" runs_nowhere d1 "$from"
    wait_for 30 "d1 on one other node" runs_on_one d1 1 2 3
    out=$(crm_on 1 resource clear d1)
    [[ $out == "removed cli-ban-d1-on-n$from" ]] || fail "clear said: $out"
    echo "ops: ban from n$from moved d1 to n$(running_on d1 1 2 3); cleared"
    starts() { cat "$LAB_DIR"/n*/log/crmd.log | grep -c "d1_start_0" || true; }
    before=$(starts)
    out=$(crm_on 1 resource restart d1 --timeout 60) || fail "restart failed: $out"
    [[ $out == "restarted d1: "* ]] || fail "restart said: $out"
    (($(starts) > before)) || fail "no new d1 start after restart"
    runs_on_one d1 1 2 3 || fail "d1 not on exactly one node after restart"
    echo "ops: $out"
    out=$(crm_on 2 resource cleanup d1 n$(running_on d1 1 2 3)) || fail "cleanup on one node failed"
    echo "ops: $out"
    out=$(crm_on 2 resource cleanup nosuch 2>&1) && fail "cleanup of an unknown resource succeeded"
    [[ $out == *"nosuch"* ]] || fail "unknown resource error does not name it: $out"
    runs_on_one d1 1 2 3 || fail "d1 not on exactly one node at the end"
    ;;
  dcchange) dc_change ;;
  vipcut)
    has_vip() { "$LAB" exec "$1" ip -4 -o addr show dev eth0 2>/dev/null | grep -q ' 198.18.0.100/'; }
    vip_nodes() { local k out=""; for k in "$@"; do has_vip "$k" && out+="$k "; done; echo "${out% }"; }
    vip_on_one() { local n; n=$(vip_nodes "$@"); [[ -n $n && $n != *" "* ]]; }
    wait_for 30 "the VIP on exactly one node" vip_on_one 1 2 3
    vnode=$(vip_nodes 1 2 3)
    others=()
    for k in 1 2 3; do ((k == vnode)) || others+=("$k"); done
    SAMPLERS=()
    for k in 1 2 3; do start_sampler "$k" 90; done
    # Every node samples itself quorate, and the holder the VIP, before the cut (the check
    # below would be vacuous otherwise).
    sampling() {
      local k
      for k in 1 2 3; do grep -q " $k [01] 1\$" "$LAB_DIR/samples.$k" 2>/dev/null || return 1; done
      grep -q " $vnode 1 1\$" "$LAB_DIR/samples.$vnode"
    }
    wait_for 10 "every node sampling itself quorate, n$vnode with the VIP" sampling
    sleep 0.5  # a baseline before the cut
    t0=$(date +%s%N)
    "$LAB" cut "$vnode" >/dev/null 2>&1 || fail "cut failed"
    wait_for 60 "the VIP on one of the majority" vip_on_one "${others[@]}"
    t1=$(date +%s%N)
    no_vip_isolated() { ! has_vip "$vnode"; }
    wait_for 30 "the isolated n$vnode dropped the VIP" no_vip_isolated
    "$LAB" heal "$vnode" >/dev/null 2>&1 || fail "heal failed"
    all_quorate() { local k; for k in 1 2 3; do [[ $(status_field "$k" quorate) == true ]] || return 1; done; }
    wait_for 60 "all three quorate again" all_quorate
    wait_for 30 "the VIP on exactly one node after the heal" vip_on_one 1 2 3
    sleep 1  # sample the merged cluster for a while
    touch "$LAB_DIR/stop-sampling"
    for pid in "${SAMPLERS[@]}"; do wait "$pid" || true; done
    figures=$(check_samples) || fail "$figures"
    echo "$figures"
    echo "vipcut: VIP moved from n$vnode to n$(vip_nodes "${others[@]}") $(((t1 - t0) / 1000000)) ms after the cut;" \
      "after the heal on n$(vip_nodes 1 2 3) only; never on two quorate nodes at a sampled moment"
    ;;
  *) fail "unknown scenario" ;;
esac
echo "PASS [$SCENARIO]"
