# Shared helpers for the agents' lab tests (sourced). Needs root. Everything this creates is
# named with a per-run prefix and removed on exit: namespaces with `ip netns del`, processes
# by the PIDs recorded in $LAB_PIDS.
set -euo pipefail

BUILD=${1:?usage: $0 BUILD_DIR}
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PREFIX=ka$(printf '%04x' $((RANDOM)))$$
WORK=$(mktemp -d /tmp/keel-agents-lab.XXXXXX)
chmod 755 "$WORK"
LAB_NS=()
LAB_PIDS=()
export OCF_ROOT=$WORK/ocf HA_RSCTMP=$WORK/run
mkdir -p "$HA_RSCTMP"
"$SRC/agents/install.sh" "$BUILD" "$OCF_ROOT" >/dev/null
AGENTS=$OCF_ROOT/resource.d/keel

lab_cleanup() {
  set +e
  for pid in "${LAB_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  sleep 0.2
  for pid in "${LAB_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  # Anything still running inside our namespaces (daemons the agents started), by PID.
  for ns in "${LAB_NS[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  done
  for ns in "${LAB_NS[@]}"; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$WORK"
}
trap lab_cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# lab_switch: a switch namespace $PREFIX-sw with bridge br0.
lab_switch() {
  ip netns add "$PREFIX-sw"; LAB_NS+=("$PREFIX-sw")
  ip -n "$PREFIX-sw" link add br0 type bridge stp_state 0
  ip -n "$PREFIX-sw" link set br0 up
}

# lab_node NAME ADDRESS/PREFIX [IFNAME]: namespace $PREFIX-NAME with IFNAME (default eth0)
# plugged into the switch.
lab_node() {
  local ns=$PREFIX-$1 ifname=${3:-eth0} port=p$RANDOM
  [[ -e /run/netns/$ns ]] || { ip netns add "$ns"; LAB_NS+=("$ns"); ip -n "$ns" link set lo up; }
  ip link add "$ifname" netns "$ns" type veth peer name "$port" netns "$PREFIX-sw"
  ip -n "$PREFIX-sw" link set "$port" master br0 up
  ip -n "$ns" addr add "$2" dev "$ifname"
  ip -n "$ns" link set "$ifname" up
}

# on NODE CMD...: runs CMD inside the node's namespace.
on() { local ns=$PREFIX-$1; shift; ip netns exec "$ns" "$@"; }

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }
