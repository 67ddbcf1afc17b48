#!/usr/bin/env bash
# Lab acceptance of ocf:keel:ping on real corosync (3 nodes in network namespaces, root): a
# gateway namespace on the lab bridge; the VIP (ocf:keel:IPaddr, preferring n1 with 100) with
# the rule `location vip-on-uplink vip rule -inf: not_defined pingd or pingd lte 0`;
# ocf:keel:ping cloned on the 3 nodes pinging the gateway. Only n1's path to the gateway is cut
# (an nftables table in n1 dropping the gateway's address; corosync traffic untouched): the VIP
# must leave n1 within monitor interval + attempts x timeout + dampen + 1 s (crmd's dampening
# tick) + a failover allowance, measured from the cut to the first sample of the VIP on another
# node (vip_sampler, every 10 ms). Then the path comes back:
#   stay    resource-stickiness 200 (above n1's 100): the VIP stays where it moved
#   return  resource-stickiness 0: the VIP returns to n1 within the same bound
# Throughout, the VIP is never on two nodes, and nobody is fenced. Keel's crm_node -n/-p/-q/-l
# is checked against the live membership first.
# Usage: ping_lab_test.sh stay|return   with KEEL_CRMD, KEEL_CRM, KEEL_SAMPLER, KEEL_TOOL_DIR
# and KEEL_BUILD_DIR set.
set -euo pipefail

SCENARIO=${1:?scenario: stay or return}
[[ $SCENARIO == stay || $SCENARIO == return ]] || { echo "unknown scenario $SCENARIO" >&2; exit 2; }
LAB_TEST_PREFIX=kp
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
source "$(dirname "$0")/vip_fence_lib.sh"
: "${KEEL_SAMPLER:?path to vip_sampler}" "${KEEL_TOOL_DIR:?directory of the attrd_updater to test}"
: "${KEEL_BUILD_DIR:?the build directory (agents/ holds keel-ping and keel-ipaddr)}"

# The parameters the bound is derived from.
PING_INTERVAL_S=2 ATTEMPTS=1 TIMEOUT_S=1 DAMPEN_S=2 TICK_S=1 FAILOVER_S=3
BOUND_MS=$(((PING_INTERVAL_S + ATTEMPTS * TIMEOUT_S + DAMPEN_S + TICK_S + FAILOVER_S) * 1000))
STICKINESS=$([[ $SCENARIO == stay ]] && echo 200 || echo 0)
GW=198.18.0.250
GW_NS=$LAB_NAME-gw

gw_down() { ip netns del "$GW_NS" 2>/dev/null || true; }
trap 'stop_sampler; gw_down; cleanup' EXIT

OCF=$LAB_DIR/ocf
mkdir -p "$OCF/resource.d"
bash "$REPO/agents/install.sh" "$KEEL_BUILD_DIR" "$OCF" >/dev/null 2>&1 || fail "agents/install.sh failed"
[[ -x $OCF/resource.d/keel/ping && -x $OCF/resource.d/keel/IPaddr ]] ||
  fail "ocf:keel:ping or ocf:keel:IPaddr not built"
export LAB_CRMD_ARGS="$LAB_CRMD_ARGS --ocf-root $OCF --tool-dir $KEEL_TOOL_DIR"

# pingd on NODE as node K's attrd_updater sees it ("" when missing).
pingd() {
  "$LAB" exec "$1" "$KEEL_TOOL_DIR/attrd_updater" -n pingd -N "n$2" -Q 2>/dev/null |
    sed -n 's/.*value="\(.*\)"$/\1/p' || true
}
pingd_is() { [[ $(pingd 1 "$1") == "$2" ]]; }
all_pingd_100() { pingd_is 1 100 && pingd_is 2 100 && pingd_is 3 100; }
# The value is written to the CIB's status (what rules see) only after the dampening delay;
# a query answers it at once.
pingd_in_cib() {
  local n
  n=$(crm_on 1 cib query 2>/dev/null | grep -o 'name="pingd" value="100"' | wc -l) || true
  ((n == 3))
}
uplink_cut() {
  "$LAB" exec 1 nft -f - <<NFT
table inet keel_ping_lab {
  chain in { type filter hook input priority 0; ip saddr $GW drop; }
  chain out { type filter hook output priority 0; ip daddr $GW drop; }
}
NFT
}
uplink_restore() { "$LAB" exec 1 nft delete table inet keel_ping_lab; }
# first_on AFTER_MS NODES...: the sampler's first time after AFTER_MS that one of NODES got the
# VIP ("" when none).
first_on() {
  local after=$1
  shift
  awk -v after="$after" -v nodes=" $* " '!/^#/ && $1 >= after && $3 == 1 &&
    index(nodes, " " substr($2, 2) " ") { print $1; exit }' "$LAB_DIR/samples.txt"
}
# sampler_saw AFTER NODE...: the sampler has recorded the VIP up on one of NODE since AFTER.
sampler_saw() { [[ -n $(first_on "$@") ]]; }
# "moves N overlaps N" from the sampler's change lines.
sample_counts() {
  awk '!/^#/ {
      if (!($2 in on)) on[$2] = 0
      before = n; n += $3 - on[$2]; on[$2] = $3
      if ($3 == 1 && seen++) moves++
      if (n >= 2 && before < 2) overlaps++
    } END { printf "moves %d overlaps %d\n", moves, overlaps }' "$LAB_DIR/samples.txt"
}

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
# The gateway: its own namespace plugged into the lab's bridge; it only answers pings.
ip netns add "$GW_NS"
ip -n "$GW_NS" link set lo up
ip link add eth0 netns "$GW_NS" type veth peer name "gw$$" netns "$LAB_NAME-sw"
ip -n "$LAB_NAME-sw" link set "gw$$" master br0 up
ip -n "$GW_NS" addr add "$GW/24" dev eth0
ip -n "$GW_NS" link set eth0 up
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
# Keel's crm_node, as agents run it, answers from the node's crmd.
crm_node_on() { "$LAB" exec "$1" "$KEEL_TOOL_DIR/crm_node" "${@:2}"; }
[[ $(crm_node_on 2 -n) == n2 ]] || fail "crm_node -n on n2 printed '$(crm_node_on 2 -n)'"
[[ $(crm_node_on 2 -p) == "n1 n2 n3" ]] || fail "crm_node -p printed '$(crm_node_on 2 -p)'"
[[ $(crm_node_on 3 -q) == 1 ]] || fail "crm_node -q printed '$(crm_node_on 3 -q)'"
[[ $(crm_node_on 1 -l) == $'1 n1 member\n2 n2 member\n3 n3 member' ]] ||
  fail "crm_node -l printed '$(crm_node_on 1 -l)'"

cat >"$LAB_DIR/ping.xml" <<XML
<cib admin_epoch="0" epoch="0" num_updates="0"><configuration>
  <crm_config><cluster_property_set id="opts">
    <nvpair id="opts-fencing" name="fencing-enabled" value="true"/>
    <nvpair id="opts-timeout" name="fencing-timeout" value="20s"/>
  </cluster_property_set></crm_config>
  <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/><node id="3" uname="n3"/></nodes>
  <resources>
    <primitive id="labfence" class="stonith" type="fence_keel_lab">
      <instance_attributes id="labfence-ia">
        <nvpair id="labfence-lab" name="lab_name" value="$LAB_NAME"/>
        <nvpair id="labfence-hosts" name="pcmk_host_list" value="n1 n2 n3"/>
      </instance_attributes>
    </primitive>
    <primitive id="vip" class="ocf" provider="keel" type="IPaddr">
      <instance_attributes id="vip-ia"><nvpair id="vip-ip" name="ip" value="$VIP"/>
        <nvpair id="vip-mask" name="cidr_netmask" value="24"/><nvpair id="vip-nic" name="nic" value="eth0"/>
      </instance_attributes>
      <operations><op id="vip-mon" name="monitor" interval="2s" timeout="20s"/></operations>
    </primitive>
    <clone id="ping-clone">
      <primitive id="ping" class="ocf" provider="keel" type="ping">
        <instance_attributes id="ping-ia">
          <nvpair id="ping-hosts" name="host_list" value="$GW"/>
          <nvpair id="ping-mult" name="multiplier" value="100"/>
          <nvpair id="ping-dampen" name="dampen" value="${DAMPEN_S}s"/>
          <nvpair id="ping-attempts" name="attempts" value="$ATTEMPTS"/>
          <nvpair id="ping-timeout" name="timeout" value="$TIMEOUT_S"/>
        </instance_attributes>
        <operations><op id="ping-mon" name="monitor" interval="${PING_INTERVAL_S}s" timeout="20s"/></operations>
      </primitive>
    </clone>
  </resources>
  <constraints><rsc_location id="vip-prefers-n1" rsc="vip" node="n1" score="100"/></constraints>
</configuration><status/></cib>
XML
crm_on 1 configure load replace "$LAB_DIR/ping.xml" >/dev/null || fail "crm configure load replace failed"
crm_on 1 configure rsc_defaults resource-stickiness="$STICKINESS" >/dev/null ||
  fail "crm configure rsc_defaults failed"
wait_for 40 "pingd=100 on every node (ocf:keel:ping clone)" all_pingd_100
wait_for 20 "pingd=100 of every node in the CIB status" pingd_in_cib
wait_for 20 "the VIP on n1" vip_on_one 1
crm_on 1 configure location vip-on-uplink vip rule -inf: not_defined pingd or pingd lte 0 \
  >/dev/null || fail "crm configure location vip-on-uplink failed"
sleep 2  # the rule is satisfied everywhere: a wrong stop of the VIP would show in this time
vip_on_one 1 || fail "the VIP left n1 when the rule was added: on '$(vip_nodes 1 2 3)'"

"$KEEL_SAMPLER" --addr "$VIP" --interval-ms 10 --max-seconds 300 \
  n1="/run/netns/$LAB_NAME-n1" n2="/run/netns/$LAB_NAME-n2" n3="/run/netns/$LAB_NAME-n3" \
  >"$LAB_DIR/samples.txt" 2>"$LAB_DIR/sampler.err" &
SAMPLER_PID=$!
sleep 0.5

t_cut=$(now_ms)
uplink_cut || fail "could not cut n1's path to the gateway"
wait_for $((BOUND_MS / 1000 + 10)) "the VIP on n2 or n3" vip_on_one 2 3
# The sampler polls every 10 ms and may not have written the change yet: wait for its line.
wait_for 5 "the sampler's line for the VIP on n2 or n3" sampler_saw "$t_cut" 2 3
t_moved=$(first_on "$t_cut" 2 3)
[[ -n $t_moved ]] || fail "the sampler saw no VIP on n2 or n3 after the cut"
moved_ms=$((t_moved - t_cut))
new=$(vip_nodes 2 3)
[[ $(pingd 2 1) == 0 ]] || fail "pingd on n1 is '$(pingd 2 1)' after the cut, not 0"
pingd_is 2 100 && pingd_is 3 100 || fail "the cut changed pingd on n2 or n3"
[[ $(status_field 2 quorate) == true ]] || fail "n2 lost quorum: the cut touched corosync"
echo "cut n1's uplink: VIP on n$new after $moved_ms ms; bound $BOUND_MS ms = monitor" \
  "${PING_INTERVAL_S}s + ${ATTEMPTS}x${TIMEOUT_S}s + dampen ${DAMPEN_S}s + tick ${TICK_S}s" \
  "+ failover ${FAILOVER_S}s"
((moved_ms <= BOUND_MS)) || fail "the VIP moved after $moved_ms ms > $BOUND_MS ms"

t_restore=$(now_ms)
uplink_restore || fail "could not restore n1's path to the gateway"
wait_for $((BOUND_MS / 1000 + 10)) "pingd=100 on n1 again" pingd_is 1 100
if [[ $SCENARIO == stay ]]; then
  sleep $((PING_INTERVAL_S + DAMPEN_S + FAILOVER_S))  # a wrong move back shows in this time
  [[ $(vip_nodes 1 2 3) == "$new" ]] ||
    fail "stickiness $STICKINESS: the VIP is on '$(vip_nodes 1 2 3)', not still on n$new"
  echo "uplink back: pingd=100 on n1 after $(($(now_ms) - t_restore)) ms or less; the VIP" \
    "stayed on n$new (stickiness $STICKINESS > n1's 100)"
  expected_moves=1
else
  wait_for $((BOUND_MS / 1000 + 10)) "the VIP back on n1" vip_on_one 1
  wait_for 5 "the sampler's line for the VIP on n1" sampler_saw "$t_restore" 1
  t_back=$(first_on "$t_restore" 1)
  [[ -n $t_back ]] || fail "the sampler saw no VIP on n1 after the restore"
  back_ms=$((t_back - t_restore))
  echo "uplink back: the VIP returned to n1 after $back_ms ms (stickiness $STICKINESS < n1's 100)"
  ((back_ms <= BOUND_MS)) || fail "the VIP returned after $back_ms ms > $BOUND_MS ms"
  expected_moves=2
fi
stop_sampler
read -r _ moves _ overlaps <<<"$(sample_counts)"
((overlaps == 0)) || fail "the VIP was on two nodes at once ($overlaps times)"
((moves == expected_moves)) || fail "$moves VIP moves, expected $expected_moves"
for k in 1 2 3; do [[ -z $(history_on "$k") ]] || fail "fencing happened: $(history_on "$k")"; done
echo "PASS [ping $SCENARIO]: VIP moves $moves, never on two nodes, no fencing"
