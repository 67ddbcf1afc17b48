#!/usr/bin/env bash
# Lab test of failure-timeout on real corosync (3 nodes in network namespaces, root): d1
# (Dummy, preferring n2, migration-threshold=1, failure-timeout=15s) fails its monitor on n2
# (its state file removed, as when the service dies) and moves away, banned from n2 by its fail
# count; with nothing else happening, the DC plans again when the failure expires, n2 clears its
# fail count, last failure and the failure's history entry (clear_failcount) and d1 comes back
# to n2. `crm status` and `crm resource failcount` then show no failure of d1.
# Usage: expire_lab_test.sh   with KEEL_CRMD and KEEL_CRM set.
set -euo pipefail

SCENARIO=expire
LAB_TEST_PREFIX=kx
source "$(dirname "$0")/lab_test_lib.sh"

TIMEOUT_S=15
runs_only_on() { [[ $(running_on d1 1 2 3) == "$1" ]]; }
runs_elsewhere() { local r; r=$(running_on d1 1 2 3); [[ -n $r && $r != *2* ]]; }
failcount() { crm_on 1 resource failcount d1 show n2 2>/dev/null || true; }
count_is() { [[ $(failcount) == *" value=$1" ]]; }

mkdir -p "$LAB_DIR/ocf/resource.d"
ln -sfn /usr/lib/ocf/lib "$LAB_DIR/ocf/lib"
ln -sfn /usr/lib/ocf/resource.d/heartbeat "$LAB_DIR/ocf/resource.d/heartbeat"
export LAB_CRMD_ARGS="--ocf-root $LAB_DIR/ocf"

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done

f="$LAB_DIR/load-expire.xml"
cat >"$f" <<XML
<cib admin_epoch="0" epoch="0" num_updates="0"><configuration>
  <crm_config><cluster_property_set id="opts">
    <nvpair id="opts-fencing" name="fencing-enabled" value="false"/>
  </cluster_property_set></crm_config>
  <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/><node id="3" uname="n3"/></nodes>
  <resources>
    <primitive id="d1" class="ocf" provider="heartbeat" type="Dummy">
      <meta_attributes id="d1-meta">
        <nvpair id="d1-mt" name="migration-threshold" value="1"/>
        <nvpair id="d1-ft" name="failure-timeout" value="${TIMEOUT_S}s"/>
      </meta_attributes>
      <operations><op id="d1-mon" name="monitor" interval="2s" timeout="20s"/></operations>
    </primitive>
  </resources>
  <constraints>
    <rsc_location id="d1-n2" rsc="d1" node="n2" score="100"/>
  </constraints>
</configuration><status/></cib>
XML
crm_on 1 configure --force load replace "$f" >/dev/null || fail "crm configure load replace failed"
wait_for 30 "d1 running on n2" runs_only_on 2

rm -f "$(state_file 2 d1)"
t0=$(date +%s%N)
wait_for 20 "d1 moved away from n2 (migration-threshold=1)" runs_elsewhere
t1=$(date +%s%N)
wait_for 10 "fail count 1 of d1 on n2" count_is 1
out=$(crm_on 1 status 2>/dev/null) || true
[[ $out == *"d1: fail-count=1 (monitor_2000)"* ]] || fail "crm status lacks d1's fail count: $out"
[[ $out == *"Failed Resource Actions:"*"d1_monitor_2000 on n2"* ]] ||
  fail "crm status lacks d1's failed monitor: $out"
sleep 3
runs_elsewhere || fail "d1 came back before its failure expired: $(running_on d1 1 2 3)"

# Nothing happens now but the failure's expiry: d1 must come back on its own.
wait_for $((TIMEOUT_S + 15)) "d1 back on n2 after failure-timeout" runs_only_on 2
t2=$(date +%s%N)
back_ms=$(((t2 - t0) / 1000000))
((back_ms >= TIMEOUT_S * 1000)) || fail "d1 came back after ${back_ms} ms, before failure-timeout"
wait_for 10 "fail count of d1 on n2 cleared" count_is 0
cib=$(crm_on 3 cib query 2>/dev/null) || fail "crm cib query on n3 failed"
[[ $cib != *'fail-count-d1#'* && $cib != *'last-failure-d1#'* ]] ||
  fail "d1's fail count or last failure is still in the CIB status"
[[ $cib != *'d1_last_failure_0'* ]] || fail "d1's failure is still in n2's history"
out=$(crm_on 2 status 2>/dev/null) || true
[[ $out != *"Migration Summary"* && $out != *"Failed Resource Actions"* ]] ||
  fail "crm status still shows d1's failure: $out"
grep -q "failure-timeout of d1 on n2 expired" "$LAB_DIR/n1/log/crmd.log" ||
  fail "the DC's log does not say it planned on the expiry"
echo "expire: d1 moved away $(((t1 - t0) / 1000000)) ms after its monitor failed on n2," \
  "came back ${back_ms} ms after the failure (failure-timeout ${TIMEOUT_S} s, monitor 2 s);" \
  "fail count, last failure and failed op cleared"
