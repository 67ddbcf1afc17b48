#!/usr/bin/env bash
# Lab test of the node attribute service on real corosync (3 nodes in network namespaces,
# root): Debian's ocf:pacemaker:ping on n2 sets pingd through Keel's attrd_updater; a test
# agent (tests/lab/agents/AttrSetter) on n3 calls attrd_updater
# (dampened 2 s) and crm_master, found first in the PATH crmd gives its agents; a location
# rule on that attribute moves another resource (d1, Dummy, preferring n2) to n3; more
# attributes are set with attrd_updater -N and crm_attribute from the nodes; then the DC's
# (n1) crmd is killed: the new DC and every tool still see every attribute written before the
# kill, and d1 stays where it is. Then d1's monitor fails on n3: its fail count and last failure
# are attributes every member answers, and crm resource cleanup deletes them. Usage: attrs_lab_test.sh   with KEEL_CRMD, KEEL_CRM and
# KEEL_TOOL_DIR (the build's attrd_updater directory) set.
set -euo pipefail

SCENARIO=attrs
LAB_TEST_PREFIX=ka
source "$(dirname "$0")/lab_test_lib.sh"
: "${KEEL_TOOL_DIR:?directory of the attrd_updater to test}"

runs_only_on() { [[ $(running_on d1 1 2 3) == "$1" ]]; }
# A Keel tool on node K (its crmd: the default IPC name inside the node's netns).
tool_on() {
  local k=$1 t=$2
  shift 2
  "$LAB" exec "$k" "$KEEL_TOOL_DIR/$t" "$@"
}
# query K NODE NAME: NAME's value on NODE as attrd_updater -Q on node K prints it.
query() { tool_on "$1" attrd_updater -n "$3" -N "$2" -Q 2>/dev/null || true; }
has() { [[ $(query "$1" "$2" "$3") == "name=\"$3\" host=\"$2\" value=\"$4\"" ]]; }

mkdir -p "$LAB_DIR/ocf/resource.d"
ln -sfn /usr/lib/ocf/lib "$LAB_DIR/ocf/lib"
ln -sfn /usr/lib/ocf/resource.d/heartbeat "$LAB_DIR/ocf/resource.d/heartbeat"
ln -sfn /usr/lib/ocf/resource.d/pacemaker "$LAB_DIR/ocf/resource.d/pacemaker"
ln -sfn "$HERE/agents" "$LAB_DIR/ocf/resource.d/keeltest"
export LAB_CRMD_ARGS="--ocf-root $LAB_DIR/ocf --tool-dir $KEEL_TOOL_DIR"

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done

f="$LAB_DIR/load-attrs.xml"
cat >"$f" <<'XML'
<cib admin_epoch="0" epoch="0" num_updates="0"><configuration>
  <crm_config><cluster_property_set id="opts">
    <nvpair id="opts-fencing" name="fencing-enabled" value="false"/>
  </cluster_property_set></crm_config>
  <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/><node id="3" uname="n3"/></nodes>
  <resources>
    <primitive id="d1" class="ocf" provider="heartbeat" type="Dummy">
      <operations><op id="d1-mon" name="monitor" interval="5s" timeout="20s"/></operations>
    </primitive>
    <primitive id="setter" class="ocf" provider="keeltest" type="AttrSetter">
      <instance_attributes id="setter-ia">
        <nvpair id="setter-name" name="name" value="gate"/>
        <nvpair id="setter-dampen" name="dampen" value="2s"/>
      </instance_attributes>
      <meta_attributes id="setter-meta"><nvpair id="setter-role" name="target-role" value="Stopped"/></meta_attributes>
      <operations><op id="setter-mon" name="monitor" interval="5s" timeout="20s"/></operations>
    </primitive>
    <primitive id="ping1" class="ocf" provider="pacemaker" type="ping">
      <instance_attributes id="ping1-ia">
        <nvpair id="ping1-hosts" name="host_list" value="198.18.0.3"/>
        <nvpair id="ping1-mult" name="multiplier" value="100"/>
        <nvpair id="ping1-dampen" name="dampen" value="1s"/>
      </instance_attributes>
      <operations><op id="ping1-mon" name="monitor" interval="10s" timeout="60s"/></operations>
    </primitive>
  </resources>
  <constraints>
    <rsc_location id="d1-n2" rsc="d1" node="n2" score="50"/>
    <rsc_location id="d1-gate" rsc="d1"><rule id="d1-gate-r" score="1000">
      <expression id="d1-gate-e" attribute="gate" operation="defined"/></rule></rsc_location>
    <rsc_location id="setter-n3" rsc="setter" node="n3" score="100"/>
    <rsc_location id="setter-not-n1" rsc="setter" node="n1" score="-INFINITY"/>
    <rsc_location id="ping1-n2" rsc="ping1" node="n2" score="100"/>
    <rsc_location id="ping1-not-n1" rsc="ping1" node="n1" score="-INFINITY"/>
  </constraints>
</configuration><status/></cib>
XML
crm_on 1 configure --force load replace "$f" >/dev/null || fail "crm configure load replace failed"
wait_for 30 "d1 running on n2" runs_only_on 2
# Debian's unmodified ocf:pacemaker:ping on n2 (pinging n3) sets pingd through Keel's tool.
wait_for 30 "pingd=100 on n2 (ocf:pacemaker:ping)" has 1 n2 pingd 100

t0=$(date +%s%N)
crm_on 1 resource start setter >/dev/null || fail "crm resource start setter failed"
wait_for 30 "gate=1 on n3 (set by the agent, seen from n1)" has 1 n3 gate 1
wait_for 30 "d1 moved to n3 by the rule on gate" runs_only_on 3
t1=$(date +%s%N)
used=$(cat "$LAB_DIR/n3/run/rsctmp/AttrSetter-setter.tool")
[[ $used == "$KEEL_TOOL_DIR/attrd_updater" ]] || fail "the agent ran '$used', not Keel's attrd_updater"
[[ $(tool_on 2 crm_attribute -N n3 -l reboot -n master-setter -G -q) == 5 ]] ||
  fail "crm_master's score is not 5 on n3"

# More attributes from the tools, the last one just before the kill, all answered once every
# member has them. A value with quotes and shell metacharacters is kept verbatim.
tool_on 1 attrd_updater -N n2 -n extra -U 42 || fail "attrd_updater -N n2 failed"
weird='a "b" $(reboot); `id` & c'
tool_on 3 crm_attribute -N n2 -l reboot -n weird -v "$weird" || fail "crm_attribute failed"
tool_on 2 attrd_updater -n last -U before-kill || fail "attrd_updater failed"
"$LAB" kill 1 crmd KILL >/dev/null 2>&1 || fail "could not kill n1's crmd"
t2=$(date +%s%N)
for k in 2 3; do wait_for 20 "n$k: DC n2, CIB synced" dc_is "$k" n2; done
t3=$(date +%s%N)
for k in 2 3; do
  has "$k" n3 gate 1 || fail "n$k lost gate on n3: $(query "$k" n3 gate)"
  has "$k" n2 pingd 100 || fail "n$k lost pingd on n2: $(query "$k" n2 pingd)"
  has "$k" n2 extra 42 || fail "n$k lost extra on n2: $(query "$k" n2 extra)"
  has "$k" n2 last before-kill || fail "n$k lost last on n2: $(query "$k" n2 last)"
  got=$(tool_on "$k" crm_attribute -N n2 -l reboot -n weird -G -q) || fail "n$k: weird missing"
  [[ $got == "$weird" ]] || fail "n$k: weird is '$got'"
done
cib=$(crm_on 2 cib query 2>/dev/null) || fail "crm cib query on n2 failed"
[[ $cib == *'name="gate" value="1"'* && $cib == *'name="last" value="before-kill"'* ]] ||
  fail "the new DC's CIB status lacks the attributes"
# crm node status-attr goes through the same service.
crm_on 3 node status-attr n3 set via-crm "x y" >/dev/null || fail "crm node status-attr set failed"
got=$(crm_on 2 node status-attr n3 show via-crm) || fail "crm node status-attr show failed"
[[ $got == "scope=status  name=via-crm value=x y" ]] || fail "crm node status-attr show printed '$got'"
sleep 3  # room for a wrong move of d1 to show up
runs_only_on 3 || fail "d1 moved after the DC change: $(running_on d1 1 2 3)"
out=$(tool_on 2 attrd_updater -n nosuch -Q 2>&1) && fail "a missing attribute was found: $out"
rc=0
tool_on 2 attrd_updater -n nosuch -Q >/dev/null 2>&1 || rc=$?
((rc == 105)) || fail "attrd_updater -Q of a missing attribute exited $rc, not 105"
echo "attrs: agent's attribute (dampen 2 s) moved d1 to n3 in $(((t1 - t0) / 1000000)) ms after" \
  "crm resource start; n1's crmd killed, new DC n2 acting $(((t3 - t2) / 1000000)) ms later;" \
  "no attribute lost, d1 stayed on n3"

# Fail counts are attributes: d1's monitor on n3 fails (its state file removed, as when the
# service dies), n3's crmd raises fail-count-d1#monitor_5000 to 1 and stamps last-failure-...,
# every member answers them, d1 restarts on n3; crm resource cleanup deletes them everywhere.
count='fail-count-d1#monitor_5000'
rm -f "$(state_file 3 d1)"
t4=$(date +%s%N)
for k in 2 3; do wait_for 20 "$count=1 on n3, seen from n$k" has "$k" n3 "$count" 1; done
t5=$(date +%s%N)
last=$(query 2 n3 'last-failure-d1#monitor_5000')
[[ $last =~ value=\"[0-9]{10}\"$ ]] || fail "last-failure-d1#monitor_5000 is '$last'"
wait_for 30 "d1 restarted on n3" runs_only_on 3
out=$(crm_on 2 status 2>/dev/null) || true
[[ $out == *"d1: fail-count=1 (monitor_5000)"* ]] || fail "crm status lacks d1's fail count: $out"
crm_on 2 resource cleanup d1 >/dev/null || fail "crm resource cleanup d1 failed"
no_count() { [[ -z $(query "$1" n3 "$count") ]]; }
for k in 2 3; do wait_for 20 "n$k: $count gone after the cleanup" no_count "$k"; done
[[ $(crm_on 2 cib query 2>/dev/null) != *"$count"* ]] || fail "$count still in the CIB status"
echo "attrs: d1's failed monitor counted on n3 (seen on n2 and n3 $(((t5 - t4) / 1000000)) ms" \
  "after its state file went), cleared by crm resource cleanup"
