#!/usr/bin/env bash
# Lab test of a promotable clone on real corosync (3 nodes in network namespaces, root),
# fencing on (the lab fence agent): tests/lab/agents/Promotable cloned on every node with
# promoted-max=1, each instance setting its promotion score with crm_master; the VIP colocated
# with the promoted role (crm syntax: colocation vip-with-promoted inf: vip clone-p:Promoted).
# The promoted node is crashed: it is fenced, then another instance is promoted and the VIP
# follows it; sampled every 0.1 s, never two survivors promoted at once and never one promoted
# before the fence; nobody else is fenced. Usage: promotable_lab_test.sh   with KEEL_CRMD,
# KEEL_CRM and KEEL_TOOL_DIR (the build's crm_master directory) set.
set -euo pipefail

SCENARIO=promotable
LAB_TEST_PREFIX=kp
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
source "$(dirname "$0")/vip_fence_lib.sh"
: "${KEEL_TOOL_DIR:?directory of crm_master to test}"

mkdir -p "$LAB_DIR/ocf/resource.d"
ln -sfn /usr/lib/ocf/lib "$LAB_DIR/ocf/lib"
ln -sfn /usr/lib/ocf/resource.d/heartbeat "$LAB_DIR/ocf/resource.d/heartbeat"
ln -sfn "$HERE/agents" "$LAB_DIR/ocf/resource.d/keeltest"
export LAB_CRMD_ARGS="$LAB_CRMD_ARGS --ocf-root $LAB_DIR/ocf --tool-dir $KEEL_TOOL_DIR"

role_of() { cat "$LAB_DIR/n$1/run/rsctmp/Promotable-p.role" 2>/dev/null || echo stopped; }
promoted_nodes() { local k out=""; for k in "$@"; do [[ $(role_of "$k") == promoted ]] && out+="$k "; done; echo "${out% }"; }
all_started() { local k; for k in "$@"; do [[ $(role_of "$k") != stopped ]] || return 1; done; }
one_promoted_with_vip() {  # one_promoted_with_vip K...: one of them promoted, the VIP there
  local p
  p=$(promoted_nodes "$@")
  [[ -n $p && $p != *" "* ]] && vip_on_one "$@" && [[ $(vip_nodes "$@") == "$p" ]]
}
clone_status() { crm_on "$1" status 2>/dev/null | grep -A2 "Clone Set: clone-p" || true; }

write_config "$LAB_DIR/promotable.xml" "$LAB_NAME"
python3 - "$LAB_DIR/promotable.xml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
text = text.replace("<resources>", """<resources>
    <clone id="clone-p">
      <meta_attributes id="clone-p-meta">
        <nvpair id="clone-p-promotable" name="promotable" value="true"/>
        <nvpair id="clone-p-max" name="promoted-max" value="1"/>
      </meta_attributes>
      <primitive id="p" class="ocf" provider="keeltest" type="Promotable">
        <operations>
          <op id="p-mon-promoted" name="monitor" interval="2s" role="Promoted" timeout="20s"/>
          <op id="p-mon-unpromoted" name="monitor" interval="3s" role="Unpromoted" timeout="20s"/>
        </operations>
      </primitive>
    </clone>""")
open(path, "w").write(text)
PY

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
crm_on 1 configure --force load replace "$LAB_DIR/promotable.xml" >/dev/null ||
  fail "crm configure load replace failed"
crm_on 1 configure colocation vip-with-promoted inf: vip clone-p:Promoted >/dev/null ||
  fail "crm configure colocation vip-with-promoted failed"
settled() { all_started 1 2 3 && one_promoted_with_vip 1 2 3; }
wait_for 60 "every instance started, one promoted, the VIP with it" settled
holder=$(promoted_nodes 1 2 3)
others=()
for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
status=$(clone_status "${others[0]}")
[[ $status == *"Promoted: [ n$holder ]"* && $status == *"Unpromoted: [ n${others[0]} n${others[1]} ]"* ]] ||
  fail "crm status does not show the roles: $status"
meta=$(grep -h "^start " "$LAB_DIR/n$holder/run/rsctmp/Promotable-p.log" | head -1)
[[ $meta == *"promoted_max=1"* && $meta =~ clone=[0-9] ]] ||
  fail "the agent's start lacked the clone's meta variables: $meta"
grep -q "^promote " "$LAB_DIR/n$holder/run/rsctmp/Promotable-p.log" || fail "n$holder was never asked to promote"
for k in "${others[@]}"; do
  ! grep -q "^promote " "$LAB_DIR/n$k/run/rsctmp/Promotable-p.log" || fail "n$k was promoted too"
done
echo "instances on n1 n2 n3, promoted on n$holder with the VIP"

dc=${others[0]}  # the lowest surviving id is the DC after the crash
mark=$(log_lines "$dc")
t0=$(now_ms)
"$LAB" crash "$holder" >/dev/null 2>&1
fenced_at=""
deadline=$((SECONDS + 90))
while ((SECONDS < deadline)); do
  p=$(promoted_nodes "${others[@]}")
  [[ $p != *" "* ]] || fail "two survivors promoted at once: n${p// / n}"
  if [[ -z $fenced_at ]]; then
    line=$(line_of "$dc" "$mark" " of n$holder succeeded")
    if [[ -n $line ]]; then
      fenced_at=$(now_ms)
    elif [[ -n $p ]]; then
      fail "n$p promoted before n$holder was fenced"
    fi
  fi
  if [[ -n $fenced_at ]] && one_promoted_with_vip "${others[@]}"; then break; fi
  sleep 0.1
done
((SECONDS < deadline)) || fail "no survivor promoted with the VIP: promoted '$(promoted_nodes "${others[@]}")', VIP on '$(vip_nodes "${others[@]}")'"
t1=$(now_ms)
new=$(promoted_nodes "${others[@]}")
for ((i = 0; i < 20; i++)); do
  p=$(promoted_nodes "${others[@]}")
  [[ $p == "$new" ]] || fail "the promoted role moved again: '$p'"
  vip_on_one "${others[@]}" || fail "the VIP left n$new"
  sleep 0.1
done
for k in "${others[@]}"; do
  (($(count_ops "$dc" "$k" success) == 0)) || fail "n$k was fenced too"
done
status=$(clone_status "$dc")
[[ $status == *"Promoted: [ n$new ]"* ]] || fail "crm status does not show n$new promoted: $status"
echo "promotable: n$holder crashed, fenced, n$new promoted with the VIP $((t1 - t0)) ms after the crash"
