#!/usr/bin/env bash
# The README's "On your own machines" steps on a 3-node lab (issue #17), with the daemons from a
# DESTDIR install: 1. `crm cluster init` on n1 (its corosync.conf and authkey copied to n2, n3
# as the printed scp lines say); 2. `crm cluster start` on every node (no systemd in the lab:
# corosync, then crmd with the options of a per-node crmd.env); 3. a fence device added with
# `crm configure primitive`, `crm configure verify` clean, `crm status` showing it. Checks: a
# quorate cluster with crypto on (aes256), all 3 online with one DC, fencing enabled in every
# node's CIB (synced from n1's first CIB), the device able to fence every node.
# Usage: init_lab_test.sh BUILD_DIR   (root; label lab)
set -euo pipefail
build=${1:?usage: init_lab_test.sh BUILD_DIR}
dest=$(mktemp -d)
DESTDIR=$dest cmake --install "$build" >/dev/null
export KEEL_CRMD=$dest/usr/sbin/crmd KEEL_CRM=$dest/usr/sbin/crm
SCENARIO=init
LAB_TEST_PREFIX=ki
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
trap 'cleanup; rm -rf "$dest"' EXIT
mkdir -p "$LAB_DIR"
bash "$REPO/fencing/install.sh" "$LAB_DIR/fence" >/dev/null || fail "fencing/install.sh failed"

LAB_CRMD='' "$LAB" up >/dev/null 2>&1 || fail "lab.sh up failed"
for k in 1 2 3; do "$LAB" kill "$k" corosync >/dev/null 2>&1; done  # the README starts its own

# 1. init on n1; the printed scp lines, done with cp into each node's /etc/corosync
init=$LAB_DIR/init
net=${LAB_NET:-198.18.0}  # lab.sh's default
nodes=$(for k in 1 2 3; do printf 'n%s=%s.%s,' "$k" "$net" "$k"; done)
"$KEEL_CRM" cluster init "$LAB_NAME" --nodes "${nodes%,}" --token 1000 --dir "$init" \
  >"$LAB_DIR/init.out" || fail "crm cluster init failed: $(cat "$LAB_DIR/init.out")"
grep -q 'scp -p ' "$LAB_DIR/init.out" || fail "crm cluster init printed no scp lines"
sed -i 's|logfile: /var/log/corosync/corosync.log|logfile: /var/log/keel-lab/corosync.log|' \
  "$init/corosync.conf"
for k in 1 2 3; do cp -p "$init/corosync.conf" "$init/authkey" "$LAB_DIR/n$k/etc-corosync/"; done
cp -p "$init/cib.xml" "$LAB_DIR/n1/cib/"  # init's CIB lives on node 1 alone

# 2. crm cluster start on every node
for k in 1 2 3; do
  d=$LAB_DIR/n$k
  echo "CRMD_OPTIONS=\"--cib-dir $d/cib --run-dir $d/run --log-file $d/log/crmd.log" \
    "--fence-agent-dir $LAB_DIR/fence/usr/sbin\"" >"$d/crmd.env"
  out=$("$LAB" exec "$k" env KEEL_CRMD="$KEEL_CRMD" KEEL_CRMD_ENV="$d/crmd.env" \
    "$KEEL_CRM" cluster start 2>&1) || fail "n$k: crm cluster start: $out"
  [[ $out == *"corosync started on this node"*"crmd started on this node"* ]] ||
    fail "n$k: crm cluster start said: $out"
done
for k in 1 2 3; do "$LAB" wait-quorate "$k" 30 >/dev/null 2>&1 || fail "n$k not quorate"; done
cipher=$("$LAB" exec 1 corosync-cmapctl -g totem.crypto_cipher 2>&1) || true
[[ $cipher == *"= aes256" ]] || fail "corosync runs with crypto_cipher '$cipher'"
all_online() {
  local out
  out=$(crm_on 1 status 2>/dev/null) || return 1
  [[ $out == *"Online: [ n1 n2 n3 ]"* ]] && [[ $(status_field 1 synced) == true ]]
}
wait_for 40 "n1 n2 n3 online and synced" all_online
dc=$(status_field 1 dc)
for k in 1 2 3; do
  cib=$(crm_on "$k" cib query) || fail "n$k: crm cib query failed"
  [[ $cib == *'name="stonith-enabled" value="true"'* ]] || fail "n$k: the CIB has no stonith-enabled=true"
  [[ $(status_field "$k" dc) == "$dc" ]] || fail "n$k sees DC '$(status_field "$k" dc)', n1 sees '$dc'"
done

# 3. a fence device, verify, status
before=$(crm_on 2 configure verify 2>&1) || true
[[ $before == *fenc* ]] || fail "verify does not warn about fencing without a device: $before"
crm_on 2 configure primitive labfence stonith:fence_keel_lab \
  params lab_name="$LAB_NAME" pcmk_host_list="n1 n2 n3" >/dev/null 2>&1 ||
  fail "crm configure primitive labfence failed"
after=$(crm_on 2 configure verify 2>&1) || fail "verify after adding the device: $after"
[[ $after != *fenc* ]] || fail "verify still warns about fencing: $after"
device_ready() {
  [[ $(crm_on 3 status 2>/dev/null) == *"labfence (stonith:fence_keel_lab): can fence [ n1 n2 n3 ]"* ]]
}
wait_for 20 "crm status shows the device able to fence n1 n2 n3" device_ready
echo "PASS [init]: the README's steps: 3 nodes quorate with aes256 started by crm cluster start," \
  "online with DC $dc, fencing enabled everywhere, device labfence can fence [ n1 n2 n3 ]"
