#!/bin/sh
# Keel's sample alert agent: appends one line per cluster event to the file named by the
# recipient (an absolute path), e.g.
#   alert log /usr/libexec/keel/alerts/alert_file.sh to /var/log/keel-alerts.log
# The line is the event's CRM_alert_* variables as name=value words, values quoted when they
# hold blanks, in a fixed order, after the timestamp. Exit 1 (logged by crmd) when the
# recipient is missing or not writable.

file=${CRM_alert_recipient:-}
case $file in
  /*) ;;
  *) echo "alert_file.sh: the recipient must be an absolute file name, not '$file'" >&2; exit 1 ;;
esac

nl='
'
line="${CRM_alert_timestamp:-} kind=${CRM_alert_kind:-}"
for name in node nodeid rsc task interval rc target_rc status exec_time desc attribute_name \
    attribute_value node_sequence timestamp_epoch timestamp_usec version; do
  eval "set=\${CRM_alert_${name}+x} value=\${CRM_alert_${name}-}"
  [ -n "$set" ] || continue
  case $value in
    *"$nl"*) value=$(printf '%s' "$value" | tr '\n' ' ') ;;
  esac
  case $value in
    *[[:space:]]*|'') value="\"$value\"" ;;
  esac
  line="$line $name=$value"
done

# One write of one line: concurrent alerts append whole lines.
if ! printf '%s\n' "$line" >> "$file"; then
  echo "alert_file.sh: cannot append to $file" >&2
  exit 1
fi
exit 0
