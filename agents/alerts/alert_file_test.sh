#!/bin/sh
# agents/alerts/alert_file.sh: one line per event, in the recipient's file; bad recipients fail.
set -u
agent=$(dirname "$0")/alert_file.sh
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

out=$dir/alerts.log
env -i CRM_alert_recipient="$out" CRM_alert_kind=node CRM_alert_node=node2 CRM_alert_nodeid=2 \
  CRM_alert_desc=lost CRM_alert_timestamp=21:30:15.123456 CRM_alert_node_sequence=4 \
  "$agent" || fail "node event: exit $?"
env -i CRM_alert_recipient="$out" CRM_alert_kind=resource CRM_alert_node=node3 \
  CRM_alert_rsc='$(touch '"$dir"'/ran)' CRM_alert_task=start CRM_alert_rc=0 \
  CRM_alert_desc='not
running' CRM_alert_timestamp=21:30:16.000001 "$agent" || fail "resource event: exit $?"
expected='21:30:15.123456 kind=node node=node2 nodeid=2 desc=lost node_sequence=4
21:30:16.000001 kind=resource node=node3 rsc="$(touch '"$dir"'/ran)" task=start rc=0 desc="not running"'
[ "$(cat "$out")" = "$expected" ] || fail "got:
$(cat "$out")
expected:
$expected"
[ ! -e "$dir/ran" ] || fail "a value was run as a command"

env -i CRM_alert_recipient=relative.log CRM_alert_kind=node "$agent" 2>/dev/null &&
  fail "a relative recipient was accepted"
env -i CRM_alert_recipient="$dir/missing/x.log" CRM_alert_kind=node "$agent" 2>/dev/null &&
  fail "an unwritable recipient was accepted"
echo PASS
