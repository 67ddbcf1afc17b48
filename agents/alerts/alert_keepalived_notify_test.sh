#!/bin/sh
# agents/alerts/alert_keepalived_notify.sh: which keepalived command each result runs.
set -u
agent=$(dirname "$0")/alert_keepalived_notify.sh
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cat > "$dir/record" <<'SCRIPT'
#!/bin/sh
echo "$*" >> "$(dirname "$0")/ran"
SCRIPT
chmod +x "$dir/record"

event() {  # TASK RC TARGET_RC [RSC]
  env -i CRM_alert_kind=resource CRM_alert_rsc="${4:-vip}" CRM_alert_task="$1" CRM_alert_rc="$2" \
    CRM_alert_target_rc="$3" CRM_alert_status=0 rsc=vip instance=VI_1 \
    notify_master="$dir/record master *" notify_backup="$dir/record backup" \
    notify_fault="$dir/record fault" notify="$dir/record any" "$agent"
}
event start 0 0 || fail "start: exit $?"
event stop 0 0 || fail "stop: exit $?"
event monitor 7 0 || fail "failed monitor: exit $?"
event monitor 0 0 || fail "monitor: exit $?"
event start 0 0 other || fail "another resource: exit $?"
env -i CRM_alert_kind=node CRM_alert_node=n2 rsc=vip notify="$dir/record any" "$agent" ||
  fail "node event: exit $?"
expected='master *
any INSTANCE VI_1 MASTER
backup
any INSTANCE VI_1 BACKUP
fault
any INSTANCE VI_1 FAULT'
[ "$(cat "$dir/ran")" = "$expected" ] || fail "got:
$(cat "$dir/ran")
expected:
$expected"
echo PASS
