#!/usr/bin/env bash
# The same load-balancer lab and client as bench/lb_failover_bench.sh, with keepalived (Debian's
# package, 2.2) instead of Keel: two load-balancer nodes n1 (priority 150) and n2 (100), VRRP
# for the VIP, its notify scripts starting and stopping the same director (ocf:keel:IPVSDirector,
# nftables NAT, masquerade) over the two nodes' HAProxys (keepalived's own LVS needs ip_vs,
# which this kernel lacks). keepalived has no fencing and no quorum. Faults on the VIP's node:
#   cut      link down (healed after the round; n1 preempts back)
#   crash    link down and keepalived killed (healed, keepalived started again)
#   haproxy  haproxy killed (started again after the round; keepalived does not watch it)
#   backend  web server b1 killed (started again)
#   stop     keepalived stopped (SIGTERM: it hands over with a priority-0 advert)
#   split    the traffic between n1 and n2 dropped both ways for 8 s (interfaces up): prints
#            how long the VIP was on both nodes
# Root; needs keepalived installed (apt-get install keepalived; its service is not used).
# Usage: bench/keepalived_failover_bench.sh [--fast] [--director-always] [ROUNDS (default 3)] [FAULT...]
#   --fast: VRRPv3 with advert_int 0.1 (default: advert_int 1)
#   --director-always: the director runs on both nodes from the start (Keel's demo layout, and
#     how keepalived's own LVS is configured on master and backup alike); no notify scripts
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
BUILD=$(readlink -f "${KEEL_BUILD:-build}")
LB_WHO=keepalived_failover_bench LB_LAB_NAME="kab$$"
source scripts/lb_lab.sh
unset LAB_CRMD
FAST=""
ALWAYS=""
while [[ ${1:-} == --* ]]; do
  case $1 in
    --fast) FAST=1 ;;
    --director-always) ALWAYS=1 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
ROUNDS=${1:-3}
shift || true
FAULTS=("$@")
((${#FAULTS[@]})) || FAULTS=(cut crash haproxy backend stop split)
[[ $ROUNDS =~ ^[0-9]+$ ]] && ((ROUNDS >= 1 && ROUNDS <= 50)) || die "ROUNDS must be 1..50"
command -v keepalived >/dev/null || die "keepalived is not installed"
OCF=$LAB_DIR/ocf

vip_in() { ip -n "${LAB_NAME}-n$1" -4 -o addr show dev eth0 2>/dev/null | grep -q " $VIP/"; }
vip_nodes() { local k out=""; for k in 1 2; do vip_in "$k" && out+="$k "; done; echo "${out% }"; }
vip_on_one() { local n; n=$(vip_nodes); [[ -n $n && $n != *" "* ]]; }
settled() { vip_on_one && through_vip; }
proxy() {  # proxy K ACTION: the Proxy agent on node K
  "$LAB" exec "$1" env OCF_ROOT="$OCF" OCF_RESOURCE_INSTANCE=proxy HA_RSCTMP=/run/resource-agents \
    OCF_RESKEY_config="$LAB_DIR/haproxy.cfg" "$OCF/resource.d/keel/Proxy" "$2" >/dev/null 2>&1
}
start_keepalived() {
  "$LAB" exec "$1" keepalived -n -l -D -P -f "$LAB_DIR/n$1/keepalived.conf" \
    -p "$LAB_DIR/n$1/keepalived.pid" -r "$LAB_DIR/n$1/keepalived-vrrp.pid" \
    >>"$LAB_DIR/n$1/keepalived.log" 2>&1 &
  disown "$!"
  wait_for 10 "keepalived on n$1" test -s "$LAB_DIR/n$1/keepalived.pid"
}
kill_keepalived() {  # kill_keepalived K SIGNAL
  local pid
  pid=$(cat "$LAB_DIR/n$1/keepalived.pid" 2>/dev/null) || return 0
  kill "-$2" "$pid" 2>/dev/null || true
  wait_for 10 "keepalived on n$1 gone" bash -c "! kill -0 $pid 2>/dev/null"
  rm -f "$LAB_DIR/n$1/keepalived.pid" "$LAB_DIR/n$1/keepalived-vrrp.pid"
}

echo "== keepalived_failover_bench: $ROUNDS round(s) of: ${FAULTS[*]}" \
  "(VRRP $([[ -n $FAST ]] && echo "v3, advert_int 0.1" || echo "v2, advert_int 1")," \
  "director $([[ -n $ALWAYS ]] && echo "on both nodes" || echo "from notify scripts"), $LB_RATE requests/s)"
lb_install_agents
lb_lab_up
cat >"$LAB_DIR/director.sh" <<SH
#!/bin/sh
# keepalived's notify script: the director as Keel runs it (same agent, same parameters).
exec env OCF_ROOT=$OCF OCF_RESOURCE_INSTANCE=director HA_RSCTMP=/run/resource-agents \\
  OCF_RESKEY_vip=$VIP OCF_RESKEY_port=80 \\
  OCF_RESKEY_real_servers="$NET.1:8080 $NET.2:8080" OCF_RESKEY_check_type=TCP_CHECK \\
  OCF_RESKEY_delay_loop=300ms OCF_RESKEY_retry=1 OCF_RESKEY_connect_timeout=200ms \\
  OCF_RESKEY_masquerade=true OCF_RESKEY_backend=nft $OCF/resource.d/keel/IPVSDirector "\$1"
SH
chmod 0755 "$LAB_DIR/director.sh"
ADVERT=1
[[ -z $FAST ]] || ADVERT=0.1
notify=""
[[ -n $ALWAYS ]] || notify="  notify_master \"$LAB_DIR/director.sh start\"
  notify_backup \"$LAB_DIR/director.sh stop\"
  notify_fault \"$LAB_DIR/director.sh stop\"
  notify_stop \"$LAB_DIR/director.sh stop\""
for k in 1 2; do
  prio=$((k == 1 ? 150 : 100))
  cat >"$LAB_DIR/n$k/keepalived.conf" <<CONF
global_defs {
  router_id n$k
  script_user root
${FAST:+  vrrp_version 3}
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority $prio
  advert_int $ADVERT
  virtual_ipaddress {
    $VIP/24 dev eth0
  }
$notify
}
CONF
  proxy "$k" start || die "haproxy on n$k did not start"
  if [[ -n $ALWAYS ]]; then
    "$LAB" exec "$k" "$LAB_DIR/director.sh" start >/dev/null 2>&1 || die "the director on n$k did not start"
  fi
  start_keepalived "$k"
done
wait_for 30 "the VIP on one node and answering" settled
wait_for 30 "the VIP on n1" vip_in 1

fault() {  # fault NAME HOLDER OTHER
  case $1 in
    cut) "$LAB" cut "$2" >/dev/null 2>&1 ;;
    crash) "$LAB" cut "$2" >/dev/null 2>&1; kill_keepalived "$2" KILL ;;
    haproxy) kill -KILL "$("$LAB" exec "$2" cat /run/resource-agents/keel-proxy-proxy.pid)" ;;
    backend) kill -KILL "${BACKEND_PID[b1]}" ;;
    stop) kill_keepalived "$2" TERM ;;
    split) "$LAB" split "$2" "$3" >/dev/null 2>&1; "$LAB" split "$3" "$2" >/dev/null 2>&1 ;;
  esac
}
restore() {  # restore NAME HOLDER OTHER
  case $1 in
    cut) "$LAB" heal "$2" >/dev/null 2>&1 ;;
    split) "$LAB" heal "$2" >/dev/null 2>&1; "$LAB" heal "$3" >/dev/null 2>&1 ;;
    crash)
      "$LAB" heal "$2" >/dev/null 2>&1
      start_keepalived "$2"
      ;;
    haproxy) proxy "$2" stop || true; proxy "$2" start || die "haproxy on n$2 did not start again" ;;
    backend) start_backend b1 "$NET.21" ;;
    stop) start_keepalived "$2" ;;
  esac
  # n1 (the higher priority) preempts: every round starts from the VIP on n1 alone.
  wait_for 60 "the VIP back on n1 alone after $1" bash -c "[[ \$(ip -n ${LAB_NAME}-n1 -4 -o addr show dev eth0) == *' $VIP/'* && \$(ip -n ${LAB_NAME}-n2 -4 -o addr show dev eth0) != *' $VIP/'* ]]"
  sleep 1  # its gratuitous ARPs
  wait_for 60 "the VIP answering after $1" settled
}

holder() { local n; n=$(vip_nodes); [[ -n $n ]] && echo "$n"; }
vip_count() { local n; n=$(vip_nodes); [[ -z $n ]] && echo 0 || echo $(( $(wc -w <<<"$n") )); }
lb_rounds "$ROUNDS" "${FAULTS[@]}"
