#!/usr/bin/env bash
# Lab test (root): a 3-node lab.sh cluster on real corosync. n1 fences n3 with fence_keel_lab,
# run inside n1's namespaces (private /run) as crmd would run it. Checks that n3's corosync is
# killed, n1 sees the membership drop to 2 nodes (prints the time), status says off; then `on`
# and a corosync restart bring n3 back to 3 nodes.
# Usage: fence_cluster_lab.sh [BUILD_DIR]   (unused)
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/.." && pwd)
agent=$here/fence_keel_lab
lab=$repo/lab/lab.sh
export LAB_NAME="kfc$$" LAB_NET=198.18.252 LAB_NODES=3 LAB_TOKEN=1000
export LAB_DIR=/tmp/keel-lab/$LAB_NAME
failures=0

[[ $(id -u) == 0 ]] || { echo "SKIP: needs root"; exit 77; }
cleanup() { bash "$lab" down >/dev/null 2>&1; rm -rf "$LAB_DIR"; }
trap cleanup EXIT INT TERM

check() {
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
# Dead or a zombie (lab daemons are reparented; the machine's init may reap them late).
gone() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  [[ ${stat##*) } == Z* ]]
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Runs the agent inside node K with stdin lines; sets out and rc.
agent_in() {
  local k=$1
  shift
  out=$(printf '%s\n' "$@" "lab_name=$LAB_NAME" "lab_net=$LAB_NET" | bash "$lab" exec "$k" "$agent" 2>&1)
  rc=$?
}

nodes_seen() {  # corosync's member count seen from node K (0 if unknown)
  local text
  text=$(bash "$lab" exec "$1" corosync-quorumtool -s 2>/dev/null)
  [[ $text =~ Nodes:[[:space:]]+([0-9]+) ]] && echo "${BASH_REMATCH[1]}" || echo 0
}

wait_nodes() {  # wait_nodes K COUNT SECS: poll every 50 ms
  local k=$1 want=$2 deadline=$(($(now_ms) + $3 * 1000))
  while (($(now_ms) < deadline)); do
    [[ $(nodes_seen "$k") == "$want" ]] && return 0
    sleep 0.05
  done
  return 1
}

bash "$lab" up || exit 1
for k in 1 2 3; do bash "$lab" wait-quorate "$k" 30 || exit 1; done
check "3 nodes before fencing" wait_nodes 1 3 10
n3_corosync=$(cat "$LAB_DIR/n3/corosync.pid")

agent_in 1 action=list
check "list from inside n1 shows 3 nodes" [ "$(wc -l <<<"$out")" == 3 ]
agent_in 1 action=status plug=n3
check "n3 on (rc=$rc)" [ "$rc" == 0 ]

start=$(now_ms)
agent_in 1 action=off plug=n3
fenced=$(now_ms)
check "off from n1 (rc=$rc: $out)" [ "$rc" == 0 ]
check "n3 corosync killed" gone "$n3_corosync"
check "n1 sees 2 nodes" wait_nodes 1 2 15
seen=$(now_ms)
echo "figures: fence_keel_lab off took $((fenced - start)) ms; n1 saw n3 leave $((seen - start)) ms after the request"
check "n2 sees 2 nodes" wait_nodes 2 2 5
agent_in 2 action=status plug=n3
check "status from n2 says off (rc=$rc)" [ "$rc" == 2 ]

agent_in 2 action=on plug=n3
check "on from n2 (rc=$rc)" [ "$rc" == 0 ]
rm -f "$LAB_DIR/n3/corosync.pid"
bash "$lab" start 3 corosync >/dev/null 2>&1
check "n3 rejoins: n1 sees 3 nodes" wait_nodes 1 3 30

echo "fence cluster lab test: $failures failure(s)"
((failures == 0))
