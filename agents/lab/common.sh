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
# A timeout (SIGTERM) or ^C still cleans up: exit through the EXIT trap.
trap "exit 143" TERM INT

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

# lab_ns NAME: an empty node namespace $PREFIX-NAME with lo up.
lab_ns() {
  local ns=$PREFIX-$1
  ip netns add "$ns"; LAB_NS+=("$ns"); ip -n "$ns" link set lo up
}

# lab_link NODE_A IF_A ADDR_A NODE_B IF_B ADDR_B: a veth pair between two nodes.
lab_link() {
  ip link add "$2" netns "$PREFIX-$1" type veth peer name "$5" netns "$PREFIX-$4"
  ip -n "$PREFIX-$1" addr add "$3" dev "$2"; ip -n "$PREFIX-$1" link set "$2" up
  ip -n "$PREFIX-$4" addr add "$6" dev "$5"; ip -n "$PREFIX-$4" link set "$5" up
}

# http_backend NODE ADDRESS PORT NAME: a python http.server answering NAME on /; pid in $!
# and in LAB_PIDS.
PYTHON=$(command -v /usr/bin/python3 || command -v python3)
http_backend() {
  local dir=$WORK/www-$4
  mkdir -p "$dir"; echo "$4" > "$dir/index.html"
  # http.server's own bind looks up the host's FQDN, which waits for DNS timeouts inside a
  # namespace with a default route: bind without it.
  ip netns exec "$PREFIX-$1" setsid "$PYTHON" -c '
import http.server, socketserver, sys, os
os.chdir(sys.argv[3])
class Server(http.server.ThreadingHTTPServer):
    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "backend", self.server_address[1]
Server((sys.argv[1], int(sys.argv[2])), http.server.SimpleHTTPRequestHandler).serve_forever()
' "$2" "$3" "$dir" >"$WORK/backend-$4.log" 2>&1 &
  LAB_PIDS+=($!)
  BACKEND_PID=$!
  local i
  for i in $(seq 1 100); do
    on "$1" curl -s -m 1 "http://$2:$3/" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  fail "backend $4 did not come up: $(cat "$WORK/backend-$4.log")"
}

# count_hits NODE URL N: fetches URL N times (new connection each), prints "name count" lines
# and "FAILED count".
count_hits() {
  local i out failed=0
  declare -A hits=()
  for i in $(seq 1 "$3"); do
    if out=$(on "$1" curl -s -m 2 "$2"); then hits[$out]=$(( ${hits[$out]:-0} + 1 )); else failed=$((failed + 1)); fi
  done
  for k in "${!hits[@]}"; do echo "$k ${hits[$k]}"; done
  echo "FAILED $failed"
}
