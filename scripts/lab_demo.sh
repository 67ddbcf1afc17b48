#!/usr/bin/env bash
# A 3-node Keel cluster on this machine (lab/lab.sh: network namespaces, real corosync) with a
# VIP (ocf:heartbeat:IPaddr2, 198.18.0.100) and a Dummy service in one group. Prints
# `crm status`, kills (crashes) the node holding the VIP, prints the failover time, and tears
# everything down on any exit. Root. KEEL_BUILD: the build directory (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=$(readlink -f "${KEEL_BUILD:-build}")
LAB=$PWD/lab/lab.sh
export LAB_NAME="demo$$" LAB_DIR="/tmp/keel-lab/demo$$" LAB_CRMD="$BUILD/crmd/crmd" LAB_NODES=3
CRM="$BUILD/cli/crm"
VIP=198.18.0.100

cleanup() { "$LAB" down >/dev/null 2>&1 || true; rm -rf "$LAB_DIR"; }
trap cleanup EXIT
die() { echo "demo: $*" >&2; exit 1; }
crm_on() { local k=$1; shift; "$LAB" exec "$k" "$CRM" "$@"; }
# wait_for SECS WHAT CMD...: polls every 50 ms.
wait_for() {
  local secs=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + secs))
  while ((SECONDS < deadline)); do
    "$@" && return 0
    sleep 0.05
  done
  die "timed out after ${secs}s waiting for: $what"
}
has_vip() { "$LAB" exec "$1" ip -4 -o addr show dev eth0 2>/dev/null | grep -q " $VIP/"; }
vip_node() { local k; for k in "$@"; do has_vip "$k" && { echo "$k"; return 0; }; done; return 1; }
synced() { crm_on "$1" status --json 2>/dev/null | grep -q '"synced":true'; }

echo "== starting a 3-node lab cluster ($LAB_NAME)"
"$LAB" up >/dev/null 2>&1 || die "lab up failed"
for k in 1 2 3; do wait_for 30 "n$k synced" synced "$k"; done
cfg="$LAB_DIR/demo-cib.xml"
cat >"$cfg" <<XML
<cib admin_epoch="0" epoch="0" num_updates="0"><configuration>
  <crm_config><cluster_property_set id="opts">
    <nvpair id="opts-fencing" name="fencing-enabled" value="false"/>
  </cluster_property_set></crm_config>
  <nodes/>
  <resources>
    <group id="lb">
      <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
        <instance_attributes id="vip-ia"><nvpair id="vip-ip" name="ip" value="$VIP"/>
          <nvpair id="vip-mask" name="cidr_netmask" value="24"/><nvpair id="vip-nic" name="nic" value="eth0"/>
        </instance_attributes>
        <operations><op id="vip-mon" name="monitor" interval="5s" timeout="20s"/></operations>
      </primitive>
      <primitive id="svc" class="ocf" provider="heartbeat" type="Dummy">
        <operations><op id="svc-mon" name="monitor" interval="5s" timeout="20s"/></operations>
      </primitive>
    </group>
  </resources>
  <constraints/>
</configuration><status/></cib>
XML
crm_on 1 configure load replace "$cfg" >/dev/null || die "loading the configuration failed"
wait_for 30 "the VIP up on a node" vip_node 1 2 3 >/dev/null
holder=$(vip_node 1 2 3)
svc_on_holder() { [[ -e $LAB_DIR/n$holder/run/rsctmp/Dummy-svc.state ]]; }
wait_for 30 "svc started with the VIP" svc_on_holder
echo "== crm status (on n1)"
crm_on 1 status || true
echo "== VIP $VIP and svc run on n$holder; crashing n$holder (link cut + SIGKILL)"
others=()
for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
answers() { "$LAB" exec "${others[0]}" ping -c 1 -W 0.2 "$VIP" >/dev/null 2>&1 && vip_node "${others[@]}" >/dev/null; }
t0=$(date +%s%N)
"$LAB" crash "$holder" >/dev/null 2>&1
wait_for 60 "the VIP answering from a surviving node" answers
t1=$(date +%s%N)
echo "== failover: the VIP answers from n$(vip_node "${others[@]}") $(((t1 - t0) / 1000000)) ms after the crash"
echo "== crm status (on n${others[0]})"
crm_on "${others[0]}" status || true
echo "== tearing down"
