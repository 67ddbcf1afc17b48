#!/usr/bin/env bash
# Failover of the load-balancer stack as its clients see it: the stack of the README demo
# (scripts/lb_lab.sh: 3 lab nodes, HAProxy cloned, VIP + IPVSDirector, web servers b1 b2) and
# a client sending LB_RATE (default 50) requests/s through the VIP (new connection each, 250 ms
# timeout). Each round starts the client, applies one fault 2 s later and reads the client's
# record 10 s after the start; then the cluster is restored and settles before the next round.
#   cut      the VIP node's link goes down (it is fenced, rebooted and rejoins)
#   crash    the VIP node's link goes down and its corosync and crmd are killed (likewise)
#   haproxy  haproxy killed (SIGKILL) on the VIP node (recovered there; fail count cleaned up)
#   backend  web server b1 killed (restarted after the round)
#   stop     clean stop of the VIP node's crmd (SIGTERM: the DC moves its resources first;
#            started again after the round)
#   split    the traffic between the VIP node and another node dropped both ways for 8 s
#            (interfaces up; both still reach the third): prints how long the VIP was on two
#            nodes at once (fenced nodes reboot and rejoin after the round)
# Prints per fault and round the longest time without an answer and the failed requests, then
# the median and maximum per fault. Root. Usage:
#   bench/lb_failover_bench.sh [ROUNDS (default 3)] [FAULT...]   KEEL_BUILD: build directory
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
BUILD=$(readlink -f "${KEEL_BUILD:-build}")
LB_WHO=lb_failover_bench LB_LAB_NAME="lbb$$"
source scripts/lb_lab.sh
ROUNDS=${1:-3}
shift || true
FAULTS=("$@")
((${#FAULTS[@]})) || FAULTS=(cut crash haproxy backend stop split)
[[ $ROUNDS =~ ^[0-9]+$ ]] && ((ROUNDS >= 1 && ROUNDS <= 50)) || die "ROUNDS must be 1..50"

crmd_alive() { [[ -f $LAB_DIR/n$1/crmd.pid ]] && kill -0 "$(cat "$LAB_DIR/n$1/crmd.pid")" 2>/dev/null; }
vip_count() { local k n=0; for k in 1 2 3; do vip_in "$k" && n=$((n + 1)); done; echo "$n"; }
vip_in() { ip -n "${LAB_NAME}-n$1" -4 -o addr show dev eth0 2>/dev/null | grep -q " $VIP/"; }
pidfile() { echo "$LAB_DIR/n$1/run/rsctmp/keel-proxy-proxy.pid"; }
online() { crm_on "$1" status --json 2>/dev/null | grep -q "\"name\":\"n$2\",\"online\":true"; }
# A node that was fenced comes back as after a reboot: no agent state, corosync and crmd
# started, joined.
rejoin() {
  local k=$1 other=$2
  "$LAB" reboot "$k" >/dev/null 2>&1 || die "lab reboot $k failed"
  wait_for 60 "n$k online again" online "$other" "$k"
}

fault() {  # fault NAME HOLDER OTHER
  case $1 in
    cut) "$LAB" cut "$2" >/dev/null 2>&1 ;;
    crash) "$LAB" crash "$2" >/dev/null 2>&1 ;;
    haproxy) kill -KILL "$(cat "$(pidfile "$2")")" ;;
    backend) kill -KILL "${BACKEND_PID[b1]}" ;;
    stop) "$LAB" kill "$2" crmd TERM >/dev/null 2>&1 ;;
    split) "$LAB" split "$2" "$3" >/dev/null 2>&1; "$LAB" split "$3" "$2" >/dev/null 2>&1 ;;
  esac
}
restore() {  # restore NAME HOLDER OTHER
  case $1 in
    cut | crash) rejoin "$2" "$3" ;;
    haproxy) crm_on "$3" resource cleanup proxy-clone >/dev/null 2>&1 || true ;;
    backend) start_backend b1 "$NET.21" ;;
    stop)
      "$LAB" start "$2" crmd >/dev/null 2>&1 || die "restarting n$2's crmd failed"
      wait_for 60 "n$2 online again" online "$3" "$2"
      ;;
    split)
      "$LAB" heal "$2" >/dev/null 2>&1
      "$LAB" heal "$3" >/dev/null 2>&1
      local k j
      for k in 1 2 3; do
        crmd_alive "$k" && continue
        for j in 1 2 3; do crmd_alive "$j" && break; done
        rejoin "$k" "$j"
      done
      for j in 1 2 3; do crmd_alive "$j" && break; done
      set -- "$1" "$2" "$j"
      ;;
  esac
  wait_for 90 "the stack settled after $1" lb_settled "$3"
}

echo "== lb_failover_bench: $ROUNDS round(s) of: ${FAULTS[*]} (token ${LAB_TOKEN:-1000} ms, $LB_RATE requests/s)"
lb_up
holder() { vip_node 1 2 3; }
lb_rounds "$ROUNDS" "${FAULTS[@]}"
