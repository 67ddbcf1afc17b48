#!/usr/bin/env bash
# `crm cluster init` on a 3-node lab (issue #17), with the daemons from a DESTDIR install: the
# corosync.conf and authkey it writes (knet, aes256/sha256) make a quorate cluster with crypto
# on, and crmd starts from the CIB it writes on node 1 alone: all 3 nodes online, one DC, and
# every node's CIB has fencing enabled (synced from node 1).
# Usage: init_lab_test.sh BUILD_DIR   (root; label lab)
set -euo pipefail
build=${1:?usage: init_lab_test.sh BUILD_DIR}
dest=$(mktemp -d)
DESTDIR=$dest cmake --install "$build" >/dev/null
export KEEL_CRMD=$dest/usr/sbin/crmd KEEL_CRM=$dest/usr/sbin/crm
SCENARIO=init
LAB_TEST_PREFIX=ki
# shellcheck source=tests/lab/lab_test_lib.sh
source "$(dirname "$0")/lab_test_lib.sh"
trap 'cleanup; rm -rf "$dest"' EXIT

LAB_CRMD='' "$LAB" up >/dev/null 2>&1 || fail "lab.sh up failed"
init=$LAB_DIR/init
net=${LAB_NET:-198.18.0}  # lab.sh's default
nodes=$(for k in 1 2 3; do printf 'n%s=%s.%s,' "$k" "$net" "$k"; done)
"$KEEL_CRM" cluster init "$LAB_NAME" --nodes "${nodes%,}" --token 1000 --dir "$init" \
  >"$LAB_DIR/init.out" || fail "crm cluster init failed: $(cat "$LAB_DIR/init.out")"
# The lab's nodes share the host's /var/log: each corosync logs into its own directory instead.
sed -i 's|logfile: /var/log/corosync/corosync.log|logfile: /var/log/keel-lab/corosync.log|' \
  "$init/corosync.conf"

for k in 1 2 3; do
  "$LAB" kill "$k" corosync >/dev/null 2>&1
  cp -p "$init/corosync.conf" "$init/authkey" "$LAB_DIR/n$k/etc-corosync/"
done
cp -p "$init/cib.xml" "$LAB_DIR/n1/cib/"  # node 1 alone, as the printed steps say
for k in 1 2 3; do "$LAB" start "$k" corosync >/dev/null 2>&1; done
for k in 1 2 3; do "$LAB" wait-quorate "$k" 30 >/dev/null 2>&1 || fail "n$k not quorate"; done
cipher=$("$LAB" exec 1 corosync-cmapctl -g totem.crypto_cipher 2>&1) || true
[[ $cipher == *"= aes256" ]] || fail "corosync runs with crypto_cipher '$cipher'"

for k in 1 2 3; do "$LAB" start "$k" crmd >/dev/null 2>&1; done
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
echo "PASS [init]: 3 nodes quorate with aes256, online with DC $dc, fencing enabled everywhere"
