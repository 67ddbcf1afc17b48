#!/usr/bin/env bash
# The price of a fast corosync profile: the load-balancer stack of the README demo
# (scripts/lb_lab.sh: 3 lab nodes, HAProxy cloned, VIP + IPVSDirector, the lab fence agent)
# left alone for MINUTES while both cores are kept busy, one cluster per token setting, all at
# the same time. Counts what must not happen in an idle cluster, from the moment the stack has
# settled:
#   memberships  "A new membership" lines in the nodes' corosync.log (sum over the nodes)
#   crmd         membership changes seen by crmd, quorum losses, fence operations run
#   VIP          moves and time on two nodes (every node sampled every 0.2 s)
#   client       failed requests and the longest time without an answer (10 requests/s)
# Root. Usage: bench/idle_price_bench.sh [MINUTES (default 10)] [TOKEN... (default 1000 500 300)]
#   KEEL_BUILD: build directory (default build). The busy loops end with each run.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --one ]]; then
  TOKEN=$2 SECS=$(($3 * 60))
  REPO=$PWD
  BUILD=$(readlink -f "${KEEL_BUILD:-build}")
  LB_WHO=idle_price_bench LB_LAB_NAME="ipb$$"
  export LAB_TOKEN=$TOKEN
  source scripts/lb_lab.sh
  count() { grep -c -E "$1" "$2" 2>/dev/null || true; }
  lb_up
  sleep 5  # the last monitors' results
  declare -A mem0=() crmd0=()
  for k in 1 2 3; do
    mem0[$k]=$(count 'A new membership' "$LAB_DIR/n$k/log/corosync.log")
    crmd0[$k]=$(wc -l <"$LAB_DIR/n$k/log/crmd.log")
  done
  out=$LAB_DIR/client-idle.log
  t0=$(now_ms)
  lb_client 10 "$SECS" "$out"
  moves=0 both=0 last=$(vip_node 1 2 3 || echo none)
  end=$((SECONDS + SECS))
  while ((SECONDS < end)); do
    n=0 holder=none
    for k in 1 2 3; do has_vip "$k" && { n=$((n + 1)); holder=$k; }; done
    ((n > 1)) && both=$((both + 200))
    [[ $holder != "$last" ]] && { moves=$((moves + 1)); last=$holder; }
    sleep 0.2
  done
  wait "$CLIENT_PID" || true
  CLIENT_PID=""
  mem=0 seen=0 lost=0 fenced=0
  for k in 1 2 3; do
    mem=$((mem + $(count 'A new membership' "$LAB_DIR/n$k/log/corosync.log") - mem0[$k]))
    tail -n +$((crmd0[$k] + 1)) "$LAB_DIR/n$k/log/crmd.log" >"$LAB_DIR/crmd-idle-n$k.log"
    seen=$((seen + $(count 'sync: membership \[' "$LAB_DIR/crmd-idle-n$k.log")))
    lost=$((lost + $(count 'quorum: lost' "$LAB_DIR/crmd-idle-n$k.log")))
    fenced=$((fenced + $(count 'fencing: (reboot|off|on) with' "$LAB_DIR/crmd-idle-n$k.log")))
  done
  view=$(python3 "$REPO/scripts/lb_client.py" --report "$out" "$t0" || true)
  failed=$(sed -n 's/.* \([0-9]*\) failed .*/\1/p' <<<"$view")
  gap=$(sed -n 's/.*longest time without an answer \([0-9]*\) ms.*/\1/p' <<<"$view")
  echo "token $TOKEN ms, $((SECS / 60)) min, load $(cut -d' ' -f1-3 /proc/loadavg):" \
    "memberships $mem, crmd saw $seen membership changes, quorum lost $lost, fenced $fenced," \
    "VIP moves $moves, VIP on two nodes ${both} ms, client ${failed:-?} failed," \
    "longest without an answer ${gap:-?} ms"
  exit 0
fi

MINUTES=${1:-10}
shift || true
TOKENS=("$@")
((${#TOKENS[@]})) || TOKENS=(1000 500 300)
[[ $MINUTES =~ ^[0-9]+$ ]] && ((MINUTES >= 1 && MINUTES <= 60)) || {
  echo "idle_price_bench: MINUTES must be 1..60" >&2
  exit 2
}
for t in "${TOKENS[@]}"; do
  [[ $t =~ ^[0-9]+$ ]] && ((t >= 100)) || { echo "idle_price_bench: bad token $t" >&2; exit 2; }
done
# The clusters run at the same time (each its own lab: LAB.md pitfall 15), so that every token
# setting sees the same load: two busy loops, bounded by the run's time plus its setup.
burners=()
for _ in 1 2; do
  timeout $((MINUTES * 60 + 180)) sh -c 'while :; do :; done' &
  burners+=($!)
done
trap 'kill -TERM "${burners[@]}" 2>/dev/null || true' EXIT
pids=()
for t in "${TOKENS[@]}"; do
  "$0" --one "$t" "$MINUTES" &
  pids+=($!)
done
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc
