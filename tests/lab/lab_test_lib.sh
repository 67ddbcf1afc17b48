# Shared by the lab test scripts (sourced, not run): one lab per test run, named from the
# caller's LAB_TEST_PREFIX and scenario, torn down on any exit; helpers to reach crm on a node
# and to wait with a deadline. The caller sets SCENARIO and LAB_TEST_PREFIX first.

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB=$HERE/../../lab/lab.sh
: "${KEEL_CRMD:?path to crmd}" "${KEEL_CRM:?path to crm}"
export LAB_NAME="${LAB_TEST_PREFIX:?two-letter prefix}${SCENARIO:0:4}$$"
export LAB_DIR="/tmp/keel-lab/$LAB_NAME"
export LAB_CRMD=$KEEL_CRMD
export LAB_NODES=3

fail() {
  echo "FAIL [$SCENARIO]: $*" >&2
  for k in $(seq 1 "$LAB_NODES"); do
    echo "--- n$k crmd.log (tail)" >&2
    tail -n 25 "$LAB_DIR/n$k/log/crmd.log" >&2 2>/dev/null || true
  done
  exit 1
}
cleanup() {
  "$LAB" down >/dev/null 2>&1 || true
  [[ -n ${KEEL_LAB_KEEP:-} ]] || rm -rf "$LAB_DIR"
}
trap cleanup EXIT
# A background vip_sampler the caller started (its pid in SAMPLER_PID), stopped and reaped.
SAMPLER_PID=""
stop_sampler() {
  [[ -n $SAMPLER_PID ]] || return 0
  kill -TERM "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
}

# crm on node K; it finds the lab's fence agents (fencing/install.sh into $LAB_DIR/fence) as
# crmd does with --fence-agent-dir.
crm_on() {
  local k=$1
  shift
  "$LAB" exec "$k" env KEEL_FENCE_AGENT_DIR="$LAB_DIR/fence/usr/sbin" "$KEEL_CRM" "$@"
}
# Field of `crm status --json` on node K ("dc", "quorate", "synced"), or "?" on error.
status_field() {
  local out
  out=$(crm_on "$1" status --json 2>/dev/null) || { echo "?"; return; }
  out=${out#*\"$2\":}
  out=${out%%,*}
  echo "${out//\"/}"
}
# wait_for SECS DESCRIPTION CMD...: polls CMD every 0.1 s until it succeeds or time runs out.
wait_for() {
  local secs=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + secs))
  while ((SECONDS < deadline)); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  fail "timed out after ${secs}s waiting for: $what"
}
dc_is() { [[ $(status_field "$1" dc) == "$2" && $(status_field "$1" synced) == true ]]; }
# ocf:heartbeat:Dummy keeps its state in $HA_RSCTMP/Dummy-RSC.state; crmd sets HA_RSCTMP to
# RUN_DIR/rsctmp.
state_file() { echo "$LAB_DIR/n$1/run/rsctmp/Dummy-$2.state"; }
# running_on RSC NODE...: the given nodes where RSC's state file exists, space-separated.
running_on() {
  local rsc=$1 k out=""
  shift
  for k in "$@"; do [[ -e $(state_file "$k" "$rsc") ]] && out+="$k "; done
  echo "${out% }"
}
