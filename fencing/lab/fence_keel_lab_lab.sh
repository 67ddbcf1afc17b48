#!/usr/bin/env bash
# Lab test of fence_keel_lab (root): two namespaces named like lab.sh's nodes (PREFIX-n1 the
# target, PREFIX-n2 the executor), a veth between them, processes in n1. The agent runs from
# inside n2 with a private /run, as it would under crmd in a lab node.
# Usage: fence_keel_lab_lab.sh BUILD_DIR   (for BUILD_DIR/fencing/keel-fence; the agent is run
# from the source tree)
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
agent=$here/fence_keel_lab
name="kfl$$"
net=198.18.251
ns1="$name-n1" ns2="$name-n2"
pids=()
failures=0

[[ $(id -u) == 0 ]] || { echo "SKIP: needs root"; exit 77; }

cleanup() {
  local p
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  ip netns del "$ns1" 2>/dev/null
  ip netns del "$ns2" 2>/dev/null
}
trap cleanup EXIT INT TERM

check() {  # check "what" command...
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}

# Runs the agent with stdin lines $@ from inside n2 with a private /run; sets out and rc.
run_agent() {
  local input
  input=$(printf '%s\n' "$@" "lab_name=$name" "lab_net=$net")
  out=$(printf '%s\n' "$input" | nsenter --net="/run/netns/$ns2" -- unshare --mount \
    --propagation private sh -c 'mount -t tmpfs tmpfs /run && exec "$0"' "$agent" 2>&1)
  rc=$?
}

alive() { kill -0 "$1" 2>/dev/null; }
link_flags() { ip -n "$ns1" -o link show dev eth0 | sed 's/.*<\([^>]*\)>.*/\1/'; }
is_up() { [[ ,$(link_flags), == *,UP,* ]]; }
has_addr() { local a; a=$(ip -n "$ns1" -o addr show dev eth0); [[ $a == *" $1/"* ]]; }

ip netns add "$ns1" && ip netns add "$ns2" || exit 1
ip link add name eth0 netns "$ns1" type veth peer name eth0 netns "$ns2" || exit 1
ip -n "$ns1" addr add "$net.1/24" dev eth0
ip -n "$ns1" addr add "$net.100/32" dev eth0   # a VIP the node holds
ip -n "$ns2" addr add "$net.2/24" dev eth0
for ns in "$ns1" "$ns2"; do ip -n "$ns" link set eth0 up; ip -n "$ns" link set lo up; done

# A sleeper and a process tree in the target.
nsenter --net="/run/netns/$ns1" -- setsid sleep 300 </dev/null >/dev/null 2>&1 &
pids+=($!)
nsenter --net="/run/netns/$ns1" -- setsid sh -c 'sleep 300 & sleep 300 & wait' </dev/null >/dev/null 2>&1 &
pids+=($!)
# One that forks all the time: the agent must catch the children born while it kills.
nsenter --net="/run/netns/$ns1" -- setsid sh -c 'while :; do sleep 0.001 & sleep 0.002; done' \
  </dev/null >/dev/null 2>&1 &
pids+=($!)
# A director's NAT table (kernel state: goes with the node) and a lab fault table (stays).
ip netns exec "$ns1" nft add table ip kfl_nat
ip netns exec "$ns1" nft add table inet keel_lab_split_9
sleep 0.3
check "sleepers run" alive "${pids[0]}"

run_agent action=metadata
check "metadata names the agent" grep -q '<resource-agent name="fence_keel_lab"' <<<"$out"
run_agent action=list
check "list shows both nodes" [ "$out" == $'n1,n1\nn2,n2' ]
run_agent action=monitor
check "monitor finds the lab (rc=$rc)" [ "$rc" == 0 ]
run_agent action=list-status
check "list-status shows n1 on" grep -q '^n1,n1,on$' <<<"$out"
run_agent action=status plug=n1
check "status on before fencing (rc=$rc)" [ "$rc" == 0 ]

start=$(date +%s%N)
run_agent action=off plug=n1
elapsed=$((($(date +%s%N) - start) / 1000000))
echo "off took ${elapsed} ms: $out"
check "off succeeds (rc=$rc)" [ "$rc" == 0 ]
check "sleeper is gone" bash -c "! kill -0 ${pids[0]} 2>/dev/null"
check "process tree is gone" bash -c "! kill -0 ${pids[1]} 2>/dev/null"
check "forking loop is gone" bash -c "! kill -0 ${pids[2]} 2>/dev/null"
n=$(ip netns pids "$ns1" | wc -l)
check "no process left in $ns1 ($n)" [ "$n" == 0 ]
check "link is down" bash -c "! [[ ,$(link_flags), == *,UP,* ]]"
check "VIP removed" bash -c "! ip -n $ns1 -o addr show dev eth0 | grep -q ' $net.100/'"
check "lab address kept" has_addr "$net.1"
tables=$(ip netns exec "$ns1" nft list tables)
check "nftables table removed" bash -c "! grep -q kfl_nat <<<'$tables'"
check "lab fault table kept" grep -q keel_lab_split_9 <<<"$tables"
run_agent action=status plug=n1
check "status off after fencing (rc=$rc, $out)" [ "$rc" == 2 ]
ping_out=$(ip netns exec "$ns2" ping -c 1 -W 1 "$net.1" 2>&1)
check "node unreachable" [ $? != 0 ]

run_agent action=on plug=n1
check "on succeeds (rc=$rc)" [ "$rc" == 0 ]
check "link is up again" is_up
run_agent action=status plug=n1
check "status on after on (rc=$rc)" [ "$rc" == 0 ]
ping_out=$(ip netns exec "$ns2" ping -c 1 -W 2 "$net.1" 2>&1)
check "node reachable again" [ $? == 0 ]

nsenter --net="/run/netns/$ns1" -- setsid sleep 300 </dev/null >/dev/null 2>&1 &
pids+=($!)
sleep 0.2
run_agent action=reboot plug=n1
check "reboot succeeds (rc=$rc)" [ "$rc" == 0 ]
check "reboot killed the new process" bash -c "! kill -0 ${pids[3]} 2>/dev/null"
check "reboot leaves the link up" is_up

run_agent action=off plug=n9
check "unknown node is an error (rc=$rc: $out)" [ "$rc" == 1 ]
run_agent action=off plug=../x
check "bad plug is refused (rc=$rc)" [ "$rc" == 1 ]
run_agent action=explode plug=n1
check "unknown action is an error (rc=$rc)" [ "$rc" == 1 ]
check "executor n2 untouched" bash -c "ip -n $ns2 -o link show dev eth0 | grep -q '[<,]UP[,>]'"

# The whole chain: keel-fence (CIB -> Fencer -> PosixAgentRunner -> fence_keel_lab), with a
# topology whose level 1 device fails and whose level 2 device passes a dynamic-list check.
keel_fence=${1:-}/fencing/keel-fence
if [[ -x $keel_fence ]]; then
  nsenter --net="/run/netns/$ns1" -- setsid sleep 300 </dev/null >/dev/null 2>&1 &
  pids+=($!)
  cib=$(mktemp /tmp/kfl-cib.XXXXXX)
  cat >"$cib" <<XML
<cib validate-with="pacemaker-3.0" admin_epoch="0" epoch="1" num_updates="0">
<configuration><crm_config><cluster_property_set id="o">
<nvpair id="o1" name="stonith-timeout" value="20s"/></cluster_property_set></crm_config>
<nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
<resources>
<primitive id="broken" class="stonith" type="fence_keel_lab"><instance_attributes id="b-ia">
<nvpair id="b1" name="lab_name" value="nosuch"/><nvpair id="b2" name="pcmk_host_list" value="n1"/>
</instance_attributes></primitive>
<primitive id="labfence" class="stonith" type="fence_keel_lab"><instance_attributes id="l-ia">
<nvpair id="l1" name="lab_name" value="$name"/><nvpair id="l2" name="lab_net" value="$net"/>
</instance_attributes></primitive>
</resources><constraints/>
<fencing-topology>
<fencing-level id="fl1" target="n1" index="1" devices="broken"/>
<fencing-level id="fl2" target="n1" index="2" devices="labfence"/>
</fencing-topology>
</configuration><status/></cib>
XML
  sleep 0.2
  out=$("$keel_fence" --cib "$cib" --target n1 --action off --members n1:1,n2:2 \
    --agent-dir "$here" 2>&1)
  rc=$?
  rm -f "$cib"
  echo "$out"
  check "keel-fence fences n1 through level 2 (rc=$rc)" [ "$rc" == 0 ]
  check "reported executor is n2" grep -q '^n1 off: success (executor n2)$' <<<"$out"
  check "level 1 device failed first" grep -q 'broken off -> exit 1' <<<"$out"
  check "dynamic list asked" grep -q 'labfence list -> ok' <<<"$out"
  check "history records success" grep -q 'state="success"' <<<"$out"
  check "keel-fence killed the process" bash -c "! kill -0 ${pids[-1]} 2>/dev/null"
  check "keel-fence took the link down" bash -c "! [[ ,$(link_flags), == *,UP,* ]]"
else
  echo "FAIL: $keel_fence not built (pass the build directory)"
  failures=$((failures + 1))
fi

echo "fence_keel_lab lab test: $failures failure(s)"
((failures == 0))
