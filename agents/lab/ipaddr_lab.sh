#!/usr/bin/env bash
# Lab test for ocf:keel:IPaddr: a client reaches the VIP after start and not after stop, and a
# peer's neighbour entry for the VIP moves to the new owner's MAC (gratuitous ARP).
source "$(dirname "$0")/common.sh"
VIP=198.18.40.100
lab_switch
lab_node dir 198.18.40.1/24
lab_node cli 198.18.40.2/24
agent() { on dir env OCF_RESOURCE_INSTANCE=vip OCF_RESKEY_ip=$VIP "$@"; }

on cli ping -c1 -W1 $VIP >/dev/null 2>&1 && fail "VIP answers before start"
agent "$AGENTS/IPaddr" monitor && fail "monitor before start should be 7" || rc=$?
[[ $rc == 7 ]] || fail "monitor before start: rc $rc, want 7"

# The peer believes the VIP lives at a stale MAC; a gratuitous ARP must correct it.
on cli ip neigh replace $VIP lladdr 02:00:00:00:00:99 dev eth0 nud stale
mac=$(on dir cat /sys/class/net/eth0/address 2>/dev/null || true)
[[ -n $mac && $mac != 02:00:00:00:00:99 ]] || mac=$(on dir ip -o link show eth0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
# Control: without gratuitous ARP the peer's entry keeps the stale MAC.
agent OCF_RESKEY_arp_count=0 "$AGENTS/IPaddr" start || fail "start without ARP"
sleep 0.3
neigh=$(on cli ip neigh show $VIP dev eth0)
[[ $neigh == *02:00:00:00:00:99* ]] || fail "control: entry changed without gratuitous ARP: $neigh"
agent "$AGENTS/IPaddr" stop || fail "stop after control"
on cli ip neigh replace $VIP lladdr 02:00:00:00:00:99 dev eth0 nud stale
t0=$(now_ms)
agent OCF_RESKEY_arp_count=3 OCF_RESKEY_arp_interval=100 "$AGENTS/IPaddr" start || fail "start"
t1=$(now_ms)
pass "start took $((t1 - t0)) ms"
seen=""
for _ in $(seq 1 40); do
  neigh=$(on cli ip neigh show $VIP dev eth0)
  if [[ $neigh == *"$mac"* ]]; then seen=yes; break; fi
  sleep 0.05
done
[[ -n $seen ]] || fail "peer neighbour entry not updated by gratuitous ARP: '$neigh', want $mac"
pass "gratuitous ARP updated the peer's neighbour entry to $mac"
agent "$AGENTS/IPaddr" monitor || fail "monitor after start"
on cli ping -c1 -W2 $VIP >/dev/null || fail "VIP unreachable after start"
pass "client reaches the VIP after start"
agent "$AGENTS/IPaddr" start || fail "second start must succeed"

t0=$(now_ms)
agent "$AGENTS/IPaddr" stop || fail "stop"
t1=$(now_ms)
pass "stop took $((t1 - t0)) ms"
on cli ip neigh flush dev eth0
on cli ping -c1 -W1 $VIP >/dev/null 2>&1 && fail "VIP answers after stop"
pass "client no longer reaches the VIP after stop"
agent "$AGENTS/IPaddr" stop || fail "stop of a stopped VIP must succeed"

# Parameters are never interpreted by a shell.
marker=$WORK/injected
rc=0; on dir env OCF_RESKEY_ip="1.2.3.4; touch $marker" "$AGENTS/IPaddr" start 2>/dev/null || rc=$?
[[ $rc == 6 ]] || fail "injected ip: rc $rc, want 6"
rc=0; on dir env OCF_RESKEY_ip=$VIP OCF_RESKEY_nic="eth0; touch $marker" "$AGENTS/IPaddr" start 2>/dev/null || rc=$?
[[ $rc == 6 ]] || fail "injected nic: rc $rc, want 6"
[[ ! -e $marker ]] || fail "a parameter was run by a shell"
rc=0; agent OCF_RESKEY_cidr_netmask=33 "$AGENTS/IPaddr" validate-all 2>/dev/null || rc=$?
[[ $rc == 6 ]] || fail "prefix 33: rc $rc, want 6"
rc=0; agent "$AGENTS/IPaddr" frobnicate 2>/dev/null || rc=$?
[[ $rc == 3 ]] || fail "unknown action: rc $rc, want 3"
pass "bad parameters -> 6, unknown action -> 3, nothing injected"
echo "PASS ipaddr_lab"
