#!/usr/bin/env bash
# Lab test of clone notifications on real corosync (3 nodes in network namespaces, root),
# fencing on: tests/lab/agents/Promotable cloned on every node with promoted-max=1 and
# notify=true; the agent records every notify call with its OCF_RESKEY_CRM_meta_notify_*
# variables, and n3's notifications fail (exit 1). Checked: every instance hears the post-start
# notification naming all three starts, then the pre- and post-promote notifications naming
# the promoted node (around the promote); n3's failing notifications fail nothing. The promoted
# node is crashed: once it is fenced, the survivors hear the post-stop notification of its
# instance and the pre- and post-promote notifications naming the new promoted node. Usage: clone_notify_lab_test.sh   with KEEL_CRMD, KEEL_CRM and
# KEEL_TOOL_DIR (the build's crm_master directory) set.
set -euo pipefail

SCENARIO=clone_notify
LAB_TEST_PREFIX=kz
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
source "$(dirname "$0")/vip_fence_lib.sh"
: "${KEEL_TOOL_DIR:?directory of crm_master to test}"

mkdir -p "$LAB_DIR/ocf/resource.d"
ln -sfn /usr/lib/ocf/lib "$LAB_DIR/ocf/lib"
ln -sfn /usr/lib/ocf/resource.d/heartbeat "$LAB_DIR/ocf/resource.d/heartbeat"
ln -sfn "$HERE/agents" "$LAB_DIR/ocf/resource.d/keeltest"
export LAB_CRMD_ARGS="$LAB_CRMD_ARGS --ocf-root $LAB_DIR/ocf --tool-dir $KEEL_TOOL_DIR"

rsctmp() { echo "$LAB_DIR/n$1/run/rsctmp"; }
role_of() { cat "$(rsctmp "$1")/Promotable-p.role" 2>/dev/null || echo stopped; }
promoted_nodes() { local k out=""; for k in "$@"; do [[ $(role_of "$k") == promoted ]] && out+="$k "; done; echo "${out% }"; }
all_started() { local k; for k in "$@"; do [[ $(role_of "$k") != stopped ]] || return 1; done; }
# records K [FROM]: node K's notify records (from line FROM on).
records() { tail -n +"${2:-1}" "$(rsctmp "$1")/Promotable-p.notify" 2>/dev/null || true; }
# first_record K TYPE OPERATION [FROM]: the first such record of node K.
first_record() { records "$1" "${4:-1}" | grep -F "type=[$2] operation=[$3]" | head -1 || true; }
field() { sed -n "s/.* $2=\[\([^]]*\)\].*/\1/p" <<<"$1"; }
as_set() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort | tr '\n' ' ' | sed 's/ $//'; }
stamp() { awk '{ print $2 }' <<<"$1"; }
heard() {  # heard TYPE OPERATION FROM K...: every K has such a record after line FROM
  local type=$1 op=$2 from=$3 k
  shift 3
  for k in "$@"; do [[ -n $(first_record "$k" "$type" "$op" "$from") ]] || return 1; done
}

write_config "$LAB_DIR/notify.xml" "$LAB_NAME"
python3 - "$LAB_DIR/notify.xml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
text = text.replace("<resources>", """<resources>
    <clone id="clone-p">
      <meta_attributes id="clone-p-meta">
        <nvpair id="clone-p-promotable" name="promotable" value="true"/>
        <nvpair id="clone-p-max" name="promoted-max" value="1"/>
        <nvpair id="clone-p-notify" name="notify" value="true"/>
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
mkdir -p "$(rsctmp 3)"
touch "$(rsctmp 3)/Promotable-notify-fails"
crm_on 1 configure --force load replace "$LAB_DIR/notify.xml" >/dev/null ||
  fail "crm configure load replace failed"
settled() { all_started 1 2 3 && [[ -n $(promoted_nodes 1 2 3) ]]; }
wait_for 60 "every instance started, one promoted" settled
holder=$(promoted_nodes 1 2 3)
[[ $holder != *" "* ]] || fail "more than one promoted: $holder"
wait_for 30 "post-promote notifications on every node" heard post promote 1 1 2 3

for k in 1 2 3; do
  post=$(first_record "$k" post start)
  [[ -n $post ]] || fail "n$k heard no post-start notification: $(records "$k")"
  [[ $(as_set "$(field "$post" start_uname)") == "n1 n2 n3" ]] ||
    fail "n$k's post-start notification names the starts on '$(field "$post" start_uname)'"
  [[ $(as_set "$(field "$post" start_resource)") == "p:0 p:1 p:2" ]] ||
    fail "n$k's post-start notification names the instances '$(field "$post" start_resource)'"
  [[ $(as_set "$(field "$post" all_uname)") == "n1 n2 n3" ]] ||
    fail "n$k's notification names all nodes as '$(field "$post" all_uname)'"
  [[ $(field "$post" type) == post && $(field "$post" operation) == start ]] ||
    fail "n$k: bad type/operation in $post"
  for type in pre post; do
    r=$(first_record "$k" "$type" promote)
    [[ $(field "$r" promote_uname) == "n$holder" ]] ||
      fail "n$k's $type-promote notification names '$(field "$r" promote_uname)', not n$holder"
  done
done
promote=$(grep -h "^promote " "$(rsctmp "$holder")/Promotable-p.log" | head -1)
pre=$(first_record "$holder" pre promote)
post=$(first_record "$holder" post promote)
(($(stamp "$pre") <= $(stamp "$promote") && $(stamp "$promote") <= $(stamp "$post"))) ||
  fail "n$holder: pre-promote $(stamp "$pre"), promote $(stamp "$promote"), post-promote $(stamp "$post") out of order"
# n3's notifications failed and failed nothing: its instance ran on, never stopped.
[[ $(role_of 3) != stopped ]] || fail "n3's instance stopped after its failed notifications"
! grep -q "^stop " "$(rsctmp 3)/Promotable-p.log" || fail "n3's instance was stopped"
grep -q "failed notification is ignored" "$LAB_DIR/n3/log/crmd.log" ||
  fail "n3's crmd did not log its failed notifications"
echo "start: every node heard post-start of n1 n2 n3, pre/post-promote of n$holder"

others=()
for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
declare -A mark
for k in "${others[@]}"; do mark[$k]=$(($(records "$k" | wc -l) + 1)); done
dc=${others[0]}  # the lowest surviving id is the DC after the crash
log_mark=$(log_lines "$dc")
"$LAB" crash "$holder" >/dev/null 2>&1
promoted_again() {
  local k
  for k in "${others[@]}"; do
    [[ -n $(first_record "$k" post promote "${mark[$k]}") ]] || return 1
  done
}
wait_for 90 "the survivors heard a new promotion" promoted_again
line=$(line_of "$dc" "$log_mark" " of n$holder succeeded")
[[ -n $line ]] || fail "n$dc logged no fencing of n$holder"
fenced_ms=$(log_ms "$dc" "$line")
new=$(promoted_nodes "${others[@]}")
[[ -n $new && $new != *" "* ]] || fail "not one survivor promoted: '$new'"
for k in "${others[@]}"; do
  for type in pre post; do
    r=$(first_record "$k" "$type" promote "${mark[$k]}")
    [[ $(field "$r" promote_uname) == "n$new" ]] ||
      fail "n$k's $type-promote notification after the crash names '$(field "$r" promote_uname)', not n$new: $r"
  done
  # The stop that fencing implied is notified after the fence (in the promote's transition,
  # or in one of its own when the fencing's outcome aborted that).
  r=$(first_record "$k" post stop "${mark[$k]}")
  [[ $(field "$r" stop_uname) == *"n$holder"* ]] ||
    fail "n$k heard no post-stop notification of n$holder's instance: $(records "$k" "${mark[$k]}")"
  (($(stamp "$r") >= fenced_ms)) || fail "n$k heard the post-stop before n$holder was fenced"
  pre=$(first_record "$k" pre promote "${mark[$k]}")
  (($(stamp "$pre") >= fenced_ms)) ||
    fail "n$k heard the pre-promote ($(stamp "$pre")) before n$holder was fenced ($fenced_ms)"
done
echo "clone_notify: n$holder crashed and fenced; n${others[0]} and n${others[1]} heard the promotion of n$new"
