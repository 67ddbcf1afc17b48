#!/usr/bin/env bash
# ocf:keel:ping in a namespace: the value follows the hosts that answer (one of two, none, both
# again), an unreachable host costs at most attempts x timeout, failure_score fails monitor, bad
# parameters are OCF_ERR_CONFIGURED (6) naming the parameter, stop deletes the attribute. A
# recording attrd_updater stands in for Keel's (no cluster here).
source "$(dirname "$0")/common.sh"
lab_ns node; lab_ns gw
lab_link node eth0 198.18.71.1/24 gw eth0 198.18.71.2/24
mkdir -p "$WORK/bin"
printf '#!/bin/sh\necho "$*" >> "%s"\n' "$WORK/attrd.calls" > "$WORK/bin/attrd_updater"
chmod 755 "$WORK/bin/attrd_updater"
export PATH=$WORK/bin:$PATH OCF_RESOURCE_INSTANCE=uplink
export OCF_RESKEY_host_list="198.18.71.2 198.18.71.3" OCF_RESKEY_multiplier=100
export OCF_RESKEY_attempts=1 OCF_RESKEY_timeout=1 OCF_RESKEY_dampen=0

# agent ACTION EXPECTED_RC: runs the agent in the node namespace; its stderr in $WORK/err.
agent() {
  local rc=0
  on node "$AGENTS/ping" "$1" 2>"$WORK/err" || rc=$?
  [[ $rc == "$2" ]] || fail "ping $1: rc $rc, expected $2: $(cat "$WORK/err")"
}
last_call() { tail -n 1 "$WORK/attrd.calls"; }
expect_last() {
  [[ $(last_call) == "$1" ]] || fail "$2: attrd_updater got '$(last_call)', expected '$1'"
  pass "$2"
}

agent monitor 7
pass "monitor before start: 7 (not running)"
t0=$(now_ms)
agent start 0
elapsed=$(( $(now_ms) - t0 ))
expect_last "-n pingd -v 100 -d 0ms" "start: one of two hosts answers -> pingd=100"
# 198.18.71.3 never answers: one request given timeout=1s, pinged in parallel with the other.
(( elapsed < 2500 )) || fail "start took ${elapsed} ms with attempts=1 timeout=1"
pass "start took ${elapsed} ms (bound 2500 ms)"
grep -q "pingd=100: 1 of 2 hosts answer; no answer from 198.18.71.3" "$WORK/err" ||
  fail "start did not log the change: $(cat "$WORK/err")"

ip -n "$PREFIX-gw" link set eth0 down
agent monitor 0
expect_last "-n pingd -v 0 -d 0ms" "gateway cut: pingd=0"
OCF_RESKEY_failure_score=100 agent monitor 1
pass "failure_score=100 with pingd=0: monitor 1"
ip -n "$PREFIX-gw" link set eth0 up
for i in $(seq 1 20); do on node ping -n -q -c 1 -w 1 198.18.71.2 >/dev/null && break; done
agent monitor 0
expect_last "-n pingd -v 100 -d 0ms" "gateway back: pingd=100"

OCF_RESKEY_host_list="198.18.71.2 -f" agent validate-all 6
grep -q "host_list: not a host name or address: '-f'" "$WORK/err" ||
  fail "no clear message for a bad host: $(cat "$WORK/err")"
calls=$(wc -l < "$WORK/attrd.calls")
OCF_RESKEY_name='pingd;reboot' agent monitor 6
grep -q "name: not an attribute name" "$WORK/err" || fail "bad name: $(cat "$WORK/err")"
OCF_RESKEY_options="-I eth1" agent start 6
grep -q "not supported: options" "$WORK/err" || fail "options: $(cat "$WORK/err")"
[[ $(wc -l < "$WORK/attrd.calls") == "$calls" ]] || fail "bad parameters reached attrd_updater"
pass "bad parameters: 6 with the parameter named, attrd_updater not called"

agent stop 0
expect_last "-D -n pingd -d 0ms" "stop deletes pingd"
agent monitor 7
agent stop 0
pass "stopped: monitor 7, stop again 0"
echo "PASS ping_lab"
