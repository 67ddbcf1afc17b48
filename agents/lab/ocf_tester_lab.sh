#!/usr/bin/env bash
# Runs Debian's ocf-tester (resource-agents) against the four installed agents, inside a
# namespace this test creates. ocf-tester has no -R option: OCF_ROOT comes from the environment.
# ping runs with a recording attrd_updater first in PATH (no cluster here), and the test checks
# what the agent asked of it.
source "$(dirname "$0")/common.sh"
command -v ocf-tester >/dev/null || fail "ocf-tester not installed (package resource-agents)"
lab_ns a; lab_ns b
lab_link a eth0 198.18.70.1/24 b eth0 198.18.70.2/24
cat > "$WORK/haproxy.cfg" <<'CONF'
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 127.0.0.1:18080
  default_backend be
backend be
  server s1 127.0.0.1:18081
CONF
tester() {
  local out rc=0
  out=$(on a ocf-tester "$@" 2>&1) || rc=$?
  echo "$out" | sed 's/^/    /'
  [[ $rc == 0 && $out == *"passed all tests"* ]] || fail "ocf-tester: ${*: -1}"
  pass "ocf-tester passed: ${*: -1}"
}
tester -n vip -o ip=198.18.70.100 -o cidr_netmask=24 "$AGENTS/IPaddr"
tester -n lvs -o vip=198.18.70.100 -o port=80 -o real_servers=198.18.70.2:8080,198.18.70.3:8080:2 \
  -o check_type=TCP_CHECK -o delay_loop=1s "$AGENTS/IPVSDirector"
tester -n proxy -o config="$WORK/haproxy.cfg" "$AGENTS/Proxy"
mkdir -p "$WORK/bin"
printf '#!/bin/sh\necho "$*" >> "%s"\n' "$WORK/attrd.calls" > "$WORK/bin/attrd_updater"
chmod 755 "$WORK/bin/attrd_updater"
PATH=$WORK/bin:$PATH tester -n uplink -o host_list=198.18.70.2 -o multiplier=100 -o dampen=2s \
  "$AGENTS/ping"
grep -qx -- '-n pingd -v 100 -d 2000ms' "$WORK/attrd.calls" ||
  fail "ping did not set pingd=100: $(cat "$WORK/attrd.calls")"
grep -qx -- '-D -n pingd -d 2000ms' "$WORK/attrd.calls" ||
  fail "ping stop did not delete pingd: $(cat "$WORK/attrd.calls")"
pass "ping set pingd=100 on start and monitor and deleted it on stop"
echo "PASS ocf_tester_lab"
