#!/usr/bin/env bash
# Lab test of a clone of a group on real corosync (3 nodes in network namespaces, root),
# fencing on (the lab fence agent): group g of two lab test agents a and b
# (tests/lab/agents/Recorder, which logs every action with the clone variables it got) cloned
# on every node. Every group instance starts, a before b, with its clone number; the DC (n1)
# is crashed: it is fenced, its instance is started nowhere else (clone-node-max 1) and the new
# DC restarts nothing on n2 and n3 (it reads their instances back from the lrm history); n1
# rebooted rejoins, becomes DC again and its instance starts there, the others untouched.
# Scenario unique: a globally-unique clone of the agent (clone-max 4, clone-node-max 2): four
# instances, each run under its own id with its number; n1 (DC, two instances) crashed: its
# instances start on n2 and n3 (two each), the instances already there untouched.
# Usage: clone_group_lab_test.sh [group|unique]   with KEEL_CRMD and KEEL_CRM set.
set -euo pipefail

SCENARIO=${1:-group}
LAB_TEST_PREFIX=kg
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
source "$(dirname "$0")/vip_fence_lib.sh"

mkdir -p "$LAB_DIR/ocf/resource.d"
ln -sfn /usr/lib/ocf/lib "$LAB_DIR/ocf/lib"
ln -sfn /usr/lib/ocf/resource.d/heartbeat "$LAB_DIR/ocf/resource.d/heartbeat"
ln -sfn "$HERE/agents" "$LAB_DIR/ocf/resource.d/keeltest"
export LAB_CRMD_ARGS="$LAB_CRMD_ARGS --ocf-root $LAB_DIR/ocf"

write_config "$LAB_DIR/group.xml" "$LAB_NAME"
python3 - "$LAB_DIR/group.xml" "$SCENARIO" <<'PY'
import re, sys
path, scenario = sys.argv[1], sys.argv[2]
text = open(path).read()
# No VIP here: only the fence device and the cloned group.
text = re.sub(r'<primitive id="vip".*?</primitive>', "", text, flags=re.S)
member = """<primitive id="{0}" class="ocf" provider="keeltest" type="Recorder">
          <operations><op id="{0}-mon" name="monitor" interval="2s" timeout="20s"/></operations>
        </primitive>"""
if scenario == "unique":
    text = text.replace("</resources>", f"""  <clone id="u">
      <meta_attributes id="u-meta"><nvpair id="u-unique" name="globally-unique" value="true"/>
        <nvpair id="u-max" name="clone-max" value="4"/><nvpair id="u-node-max" name="clone-node-max" value="2"/>
      </meta_attributes>
      {member.format("p")}
    </clone>
  </resources>""")
else:
    text = text.replace("</resources>", f"""  <clone id="cg">
      <group id="g">
        {member.format("a")}
        {member.format("b")}
      </group>
    </clone>
  </resources>""")
open(path, "w").write(text)
PY

log_of() { echo "$LAB_DIR/n$1/run/rsctmp/Recorder-$2.log"; }
running() { [[ -e $LAB_DIR/n$1/run/rsctmp/Recorder-$2.state ]]; }
count() { grep -c "^$3 " "$(log_of "$1" "$2")" 2>/dev/null || true; }
instance_up() { running "$1" a && running "$1" b; }
all_up() { local k; for k in "$@"; do instance_up "$k" || return 1; done; }
set_line() { crm_on "$1" status 2>/dev/null | grep "Clone Set: cg" || true; }
set_is() { [[ $(set_line "$1") == "  Clone Set: cg [g] (group): Started [ $2 ]" ]]; }
# Node K ran a and b once each, never stopped them.
untouched() {
  local k=$1 r
  for r in a b; do
    [[ $(count "$k" "$r" start) == 1 && $(count "$k" "$r" stop) == 0 ]] ||
      fail "n$k's $r was touched: $(grep -v '^probe' "$(log_of "$k" "$r")" | tr '\n' ';')"
  done
}

# Where each unique instance runs: "p:0=n1 p:1=n2 ..." (an instance on two nodes counts twice).
unique_layout() {
  local k i out=""
  for i in 0 1 2 3; do
    for k in "$@"; do running "$k" "p:$i" && out+="p:$i=n$k "; done
  done
  echo "${out% }"
}
# Every instance runs on exactly one of the nodes, at most two per node.
unique_spread() {
  local layout k i
  layout=$(unique_layout "$@")
  [[ $(echo "$layout" | wc -w) == 4 ]] || return 1
  for i in 0 1 2 3; do [[ $layout == *"p:$i="* ]] || return 1; done
  for k in "$@"; do (($(echo "$layout" | grep -o "=n$k" | wc -l) <= 2)) || return 1; done
}

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
"$LAB" exec 1 env OCF_ROOT="$LAB_DIR/ocf" KEEL_FENCE_AGENT_DIR="$LAB_DIR/fence/usr/sbin" "$KEEL_CRM" \
  configure load replace "$LAB_DIR/group.xml" >/dev/null || fail "crm configure load replace failed"

if [[ $SCENARIO == unique ]]; then
  wait_for 40 "four unique instances on n1 n2 n3" unique_spread 1 2 3
  before=$(unique_layout 1 2 3)
  for pair in $before; do
    i=${pair%%=*} k=${pair#*=n}
    s=$(grep "^start " "$(log_of "$k" "$i")")
    [[ $s == *"clone=${i#p:} clone_max=4 clone_node_max=2 unique=true" ]] ||
      fail "n$k: $i's start lacked its clone variables: $s"
    [[ $(count "$k" "$i" start) == 1 ]] || fail "n$k: $i started more than once"
  done
  [[ $(echo "$before" | grep -o "=n1" | wc -l) -ge 1 ]] || fail "no instance on n1: $before"
  status=$(crm_on 2 status 2>/dev/null | grep -A4 "Clone Set: u")
  for pair in $before; do
    [[ $status == *"    ${pair%%=*}: Started [ ${pair#*=} ]"* ]] || fail "crm status lacks $pair: $status"
  done
  echo "unique instances: $before"
  "$LAB" crash 1 >/dev/null 2>&1
  wait_for 60 "a successful fence of n1 in the history" has_ops 2 1 success 1
  wait_for 40 "the four instances on n2 and n3" unique_spread 2 3
  for ((i = 0; i < 20; i++)); do unique_spread 2 3 || fail "instances moved again: $(unique_layout 2 3)"; sleep 0.1; done
  for pair in $before; do
    i=${pair%%=*} k=${pair#*=n}
    ((k == 1)) && continue
    [[ $(count "$k" "$i" start) == 1 && $(count "$k" "$i" stop) == 0 ]] ||
      fail "n$k's $i was touched: $(grep -v '^probe' "$(log_of "$k" "$i")" | tr '\n' ';')"
  done
  echo "n1 crashed: instances now $(unique_layout 2 3)"
  echo "PASS [$SCENARIO]"
  exit 0
fi
wait_for 40 "a and b running on every node" all_up 1 2 3
wait_for 10 "crm status: the clone set started on every node" set_is 2 "n1 n2 n3"
numbers=""
for k in 1 2 3; do
  untouched "$k"
  sa=$(grep "^start " "$(log_of "$k" a)")
  sb=$(grep "^start " "$(log_of "$k" b)")
  [[ $sa =~ clone=([0-9]+)\ clone_max=3\ clone_node_max=1\ unique=false ]] ||
    fail "n$k: a's start lacked the clone variables: $sa"
  [[ $sb == *" clone=${BASH_REMATCH[1]} "* ]] || fail "n$k: a and b of different instances: $sa / $sb"
  numbers+="${BASH_REMATCH[1]} "
  ta=$(echo "$sa" | cut -d' ' -f2)
  tb=$(echo "$sb" | cut -d' ' -f2)
  ((ta <= tb)) || fail "n$k: b started before a"
done
[[ $(echo "$numbers" | tr ' ' '\n' | sort -n | tr -d '\n') == 012 ]] ||
  fail "instance numbers are not 0 1 2: $numbers"
json=$(crm_on 2 status --json)
[[ $json == *'{"id":"g","group":true,"clone":"cg","running_on":["n1","n2","n3"]'* ]] ||
  fail "crm status --json lacks the clone set: $json"
echo "group instances $numbers on n1 n2 n3"

# The DC crashes: fenced; n2 becomes DC and finds the other instances in their histories.
mark=$(log_lines 2)
"$LAB" crash 1 >/dev/null 2>&1
wait_for 60 "a successful fence of n1 in the history" has_ops 2 1 success 1
wait_for 20 "n2 is DC" dc_is 2 n2
wait_for 20 "crm status: the clone set started on n2 n3" set_is 2 "n2 n3"
for ((i = 0; i < 30; i++)); do
  all_up 2 3 || fail "an instance on n2 or n3 stopped after the crash"
  sleep 0.1
done
for k in 2 3; do untouched "$k"; done
if sed -n "$((mark + 1)),\$p" "$LAB_DIR/n2/log/crmd.log" | grep -E "sending [ab]:[0-9]+_(start|stop)_0"; then
  fail "the new DC started or stopped an instance after the crash"
fi
echo "n1 crashed and fenced: its instance stays stopped, n2 and n3 untouched"

# n1 comes back: it rejoins (DC again, lowest id) and its instance starts there.
"$LAB" reboot 1 >/dev/null 2>&1 || fail "could not reboot n1"
wait_for 60 "a and b running on n1 again" instance_up 1
wait_for 20 "crm status: the clone set started on every node" set_is 2 "n1 n2 n3"
for ((i = 0; i < 20; i++)); do
  all_up 1 2 3 || fail "an instance stopped after n1 returned"
  sleep 0.1
done
for k in 1 2 3; do untouched "$k"; done
echo "PASS [$SCENARIO]"
