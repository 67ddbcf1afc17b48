#!/bin/sh
# Keel's alert agent for keepalived's notify scripts (crm import keepalived writes it): runs
# the command of the VRRP state an address resource's result stands for, on the node that ran
# the action, as keepalived ran notify_master / notify_backup / notify_fault / notify there.
# Instance attributes (environment): rsc (the resource whose results count: the instance's
# address, or its group's last member), instance (the vrrp_instance name), notify_master,
# notify_backup, notify_fault (commands: words, no shell), notify (a command given
# "INSTANCE" NAME STATE as keepalived gives them).
#   start succeeded -> MASTER; stop succeeded -> BACKUP; a result other than expected -> FAULT

[ "${CRM_alert_kind:-}" = resource ] || exit 0
[ -n "${rsc:-}" ] && [ "${CRM_alert_rsc:-}" = "$rsc" ] || exit 0

state=
if [ "${CRM_alert_rc:-}" != "${CRM_alert_target_rc:-0}" ] || [ "${CRM_alert_status:-0}" != 0 ]; then
  state=FAULT
elif [ "${CRM_alert_task:-}" = start ]; then
  state=MASTER
elif [ "${CRM_alert_task:-}" = stop ]; then
  state=BACKUP
else
  exit 0
fi

case $state in
  MASTER) command=${notify_master:-} ;;
  BACKUP) command=${notify_backup:-} ;;
  FAULT) command=${notify_fault:-} ;;
esac

rc=0
set -f  # words, never patterns
if [ -n "$command" ]; then
  # shellcheck disable=SC2086
  ( set -- $command; "$@" ) || rc=$?
fi
if [ -n "${notify:-}" ]; then
  # shellcheck disable=SC2086
  ( set -- $notify; "$@" INSTANCE "${instance:-}" "$state" ) || rc=$?
fi
exit $rc
