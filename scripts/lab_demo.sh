#!/usr/bin/env bash
# The load balancer end to end on one machine: a 3-node Keel cluster (lab/lab.sh: network
# namespaces, real corosync, fencing by the lab fence agent) configured from
# doc/examples/lb-demo.crm: HAProxy (ocf:keel:Proxy) and an LVS director (ocf:keel:IPVSDirector,
# nftables NAT spreading VIP:80 over the three HAProxys, which balance over two web servers b1,
# b2 in their own namespaces) cloned on every node, and the VIP (ocf:keel:IPaddr) on one of them
# (scripts/lb_lab.sh). A client namespace sends 50 requests/s through the VIP. The
# demo prints `crm status`, crashes the VIP's node (link cut + SIGKILL), prints the client's
# view of the failover and `crm status` again, and tears everything down on any exit. Root.
# KEEL_BUILD: the build directory (default build/). Exits non-zero when the service does not
# come back.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
BUILD=$(readlink -f "${KEEL_BUILD:-build}")
LB_WHO=demo LB_LAB_NAME="demo$$"
source scripts/lb_lab.sh

echo "== starting a 3-node lab cluster ($LAB_NAME), web servers b1 and b2, a client;"
echo "   configuring it from doc/examples/lb-demo.crm"
lb_up
holder=$(vip_node 1 2 3)
echo "== crm status (on n1)"
crm_on 1 status || true

others=()
for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
out=$LAB_DIR/client.log
echo "== client: 50 requests/s through http://$VIP/ for 20 s; crashing n$holder (the VIP's node) after 5 s"
lb_client 50 20 "$out"
sleep 5
t0=$(now_ms)
"$LAB" crash "$holder" >/dev/null 2>&1
wait_for 60 "the VIP up on a surviving node" vip_node "${others[@]}" >/dev/null
t1=$(now_ms)
echo "== the VIP is up on n$(vip_node "${others[@]}") (seen $((t1 - t0)) ms after the crash); waiting for the client"
wait "$CLIENT_PID" || true
CLIENT_PID=""
python3 scripts/lb_client.py --report "$out" "$t0" || die "the service did not come back"
echo "== crm status (on n${others[0]})"
crm_on "${others[0]}" status || true
echo "== tearing down"
