#!/usr/bin/env bash
# lab.sh: an N-node Corosync (+ crmd) cluster on one machine, in network namespaces.
# Follows shared/LAB.md: a switch netns with a bridge, one netns per node, per-node mount +
# UTS namespaces pinned to files (private /run, /dev/shm, state dirs), corosync per node,
# optionally crmd per node. Everything it starts is recorded; teardown kills only that.
#
# Usage: lab.sh SUBCOMMAND [ARGS]      (as root)
#   up                      create namespaces, start corosync (and crmd when LAB_CRMD is set)
#   down                    stop everything this lab started, delete its namespaces (idempotent)
#   exec K CMD...           run CMD inside node K (its netns, mounts, hostname)
#   start K corosync|crmd   start a daemon on node K
#   kill K corosync|crmd [SIG]   signal a daemon on node K (default TERM), wait until it is gone
#   cut K [link|nft]        isolate node K: its switch port down (default), or an nftables
#                           table in node K dropping everything but loopback
#   heal K                  undo either kind of cut
#   crash K                 cut K, then SIGKILL its crmd and corosync (a node dying)
#   reboot K                after a crash: drop addresses other than its own, wipe
#                           /run/resource-agents, heal, start corosync (and crmd with LAB_CRMD)
#   wait-quorate K SECS     poll until node K's corosync says Quorate: Yes
#   status                  one line per node: pids and quorum
#   env                     print the settings in effect
#
# Settings (environment):
#   LAB_NAME     unique prefix for this lab's namespaces (default keellab); one per test run
#   LAB_DIR      state directory (default /tmp/keel-lab/$LAB_NAME)
#   LAB_NODES    number of nodes (default 3)
#   LAB_NET      first three octets of the /24 (default 198.18.0); node K gets .K
#   LAB_TOKEN    totem token in ms (default 1000; token_coefficient is 0)
#   LAB_TRANSPORT knet (default) or udpu
#   LAB_CRMD     path to the crmd binary; when set, `up` starts crmd on every node
#   LAB_CRMD_ARGS extra crmd arguments
set -euo pipefail

LAB_NAME=${LAB_NAME:-keellab}
LAB_DIR=${LAB_DIR:-/tmp/keel-lab/$LAB_NAME}
LAB_NODES=${LAB_NODES:-3}
LAB_NET=${LAB_NET:-198.18.0}
LAB_TOKEN=${LAB_TOKEN:-1000}
LAB_TRANSPORT=${LAB_TRANSPORT:-knet}
LAB_CRMD=${LAB_CRMD:-}
# nsenter --mount starts commands in /, so relative paths would not resolve inside a node.
[[ -z $LAB_CRMD ]] || LAB_CRMD=$(readlink -f "$LAB_CRMD")
LAB_CRMD_ARGS=${LAB_CRMD_ARGS:-}

die() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab[$LAB_NAME]: $*" >&2; }

[[ $LAB_NAME =~ ^[A-Za-z0-9_]{1,20}$ ]] || die "LAB_NAME must be 1-20 of [A-Za-z0-9_]: '$LAB_NAME'"
[[ $LAB_NODES =~ ^[0-9]+$ ]] && ((LAB_NODES >= 1 && LAB_NODES <= 16)) || die "LAB_NODES must be 1..16"
[[ $LAB_NET =~ ^198\.1[89]\.[0-9]{1,3}$ ]] || die "LAB_NET must be inside 198.18.0.0/15: '$LAB_NET'"

sw_ns() { echo "${LAB_NAME}-sw"; }
node_ns() { echo "${LAB_NAME}-n$1"; }
node_dir() { echo "$LAB_DIR/n$1"; }

check_node() {
  [[ $1 =~ ^[0-9]+$ ]] && (($1 >= 1 && $1 <= LAB_NODES)) || die "no node '$1' (1..$LAB_NODES)"
}

# Runs a command inside node K's namespaces. nsenter execs the command, so $! is its PID.
in_node() {
  local k=$1 d
  shift
  d=$(node_dir "$k")
  nsenter --mount="$d/ns.mnt" --uts="$d/ns.uts" --net="/run/netns/$(node_ns "$k")" -- "$@"
}

write_corosync_conf() {
  local file=$1 k
  {
    echo "totem {"
    echo "    version: 2"
    echo "    cluster_name: $LAB_NAME"
    echo "    transport: $LAB_TRANSPORT"
    echo "    token: $LAB_TOKEN"
    echo "    token_coefficient: 0"
    echo "    crypto_cipher: none"
    echo "    crypto_hash: none"
    echo "}"
    echo "nodelist {"
    for ((k = 1; k <= LAB_NODES; k++)); do
      echo "    node {"
      echo "        ring0_addr: $LAB_NET.$k"
      echo "        name: n$k"
      echo "        nodeid: $k"
      echo "    }"
    done
    echo "}"
    echo "quorum {"
    echo "    provider: corosync_votequorum"
    echo "}"
    echo "logging {"
    echo "    to_logfile: yes"
    echo "    logfile: /var/log/keel-lab/corosync.log"
    echo "    to_syslog: no"
    echo "    to_stderr: no"
    echo "    timestamp: hires"
    echo "}"
    echo "system {"
    echo "    state_dir: /var/lib/corosync"
    echo "}"
  } >"$file"
}

make_switch() {
  local sw
  sw=$(sw_ns)
  ip netns add "$sw"
  ip -n "$sw" link add br0 type bridge stp_state 0
  ip -n "$sw" link set br0 up
  ip -n "$sw" link set lo up
}

# The per-node mount + UTS namespace, pinned to files in the node's directory.
make_node_mounts() {
  local k=$1 d
  d=$(node_dir "$k")
  mkdir -p "$d/var-lib-corosync" "$d/etc-corosync" "$d/log" "$d/cib" "$d/run"
  chmod 0755 "$d"
  touch "$d/ns.mnt" "$d/ns.uts"
  write_corosync_conf "$d/etc-corosync/corosync.conf"
  unshare --mount="$d/ns.mnt" --uts="$d/ns.uts" --propagation private \
    nsenter --net="/run/netns/$(node_ns "$k")" sh -ec "
      hostname n$k
      mount -t sysfs sysfs /sys
      mount -t tmpfs -o mode=0755 tmpfs /run
      mkdir -p /run/crm /run/resource-agents /run/corosync-qdevice
      mount -t tmpfs -o mode=1777 tmpfs /dev/shm
      mount --bind '$d/var-lib-corosync' /var/lib/corosync
      mount --bind '$d/etc-corosync' /etc/corosync
      mkdir -p /var/log/keel-lab 2>/dev/null || true
      mount --bind '$d/log' /var/log/keel-lab
      if [ -d /var/lib/pacemaker ]; then mount --bind '$d/cib' /var/lib/pacemaker; fi
    "
}

make_node() {
  local k=$1 ns sw
  ns=$(node_ns "$k")
  sw=$(sw_ns)
  ip netns add "$ns"
  ip link add name eth0 netns "$ns" type veth peer name "p$k" netns "$sw"
  ip -n "$sw" link set "p$k" master br0
  ip -n "$sw" link set "p$k" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$LAB_NET.$k/24" dev eth0
  ip -n "$ns" link set eth0 up
  make_node_mounts "$k"
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

start_daemon() {
  local k=$1 what=$2 d pidf
  d=$(node_dir "$k")
  pidf="$d/$what.pid"
  if [[ -f $pidf ]] && pid_alive "$(cat "$pidf")"; then die "n$k: $what already running (pid $(cat "$pidf"))"; fi
  case $what in
    corosync)
      setsid nsenter --mount="$d/ns.mnt" --uts="$d/ns.uts" --net="/run/netns/$(node_ns "$k")" -- \
        corosync -f -c /etc/corosync/corosync.conf >>"$d/log/corosync.out" 2>&1 </dev/null &
      ;;
    crmd)
      [[ -n $LAB_CRMD ]] || die "LAB_CRMD is not set"
      # shellcheck disable=SC2086
      setsid nsenter --mount="$d/ns.mnt" --uts="$d/ns.uts" --net="/run/netns/$(node_ns "$k")" -- \
        "$LAB_CRMD" --foreground --cib-dir "$d/cib" --run-dir "$d/run" \
        --log-file "$d/log/crmd.log" $LAB_CRMD_ARGS >>"$d/log/crmd.out" 2>&1 </dev/null &
      ;;
    *) die "unknown daemon '$what' (corosync|crmd)" ;;
  esac
  echo $! >"$pidf"
  log "n$k: started $what (pid $!)"
}

kill_daemon() {
  local k=$1 what=$2 sig=${3:-TERM} d pidf pid i
  d=$(node_dir "$k")
  pidf="$d/$what.pid"
  [[ -f $pidf ]] || die "n$k: no $what pid file"
  pid=$(cat "$pidf")
  pid_alive "$pid" || { rm -f "$pidf"; return 0; }
  kill -s "$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do  # up to 10 s
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; sleep 0.2; fi
  rm -f "$pidf"
  log "n$k: stopped $what (pid $pid, SIG$sig)"
}

# PIDs whose network namespace is one of this lab's.
lab_pids() {
  local inodes=() ns ino link p
  for ns in "$(sw_ns)" $(for ((k = 1; k <= LAB_NODES; k++)); do node_ns "$k"; done); do
    [[ -e /run/netns/$ns ]] || continue
    ino=$(stat -L -c %i "/run/netns/$ns" 2>/dev/null) || continue
    inodes+=("net:[$ino]")
  done
  ((${#inodes[@]})) || return 0
  for p in /proc/[0-9]*; do
    link=$(readlink "$p/ns/net" 2>/dev/null) || continue
    for ino in "${inodes[@]}"; do
      if [[ $link == "$ino" ]]; then echo "${p#/proc/}"; break; fi
    done
  done
}

cmd_down() {
  local k d pids p i
  for ((k = 1; k <= LAB_NODES; k++)); do
    d=$(node_dir "$k")
    for p in "$d"/*.pid; do
      [[ -f $p ]] && kill -TERM "$(cat "$p")" 2>/dev/null || true
    done
  done
  pids=$(lab_pids | tr '\n' ' ')
  [[ -n ${pids// /} ]] && kill -TERM $pids 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do  # up to 5 s
    pids=$(lab_pids | tr '\n' ' ')
    [[ -z ${pids// /} ]] && break
    sleep 0.1
  done
  pids=$(lab_pids | tr '\n' ' ')
  if [[ -n ${pids// /} ]]; then
    log "SIGKILL $pids"
    kill -KILL $pids 2>/dev/null || true
    sleep 0.2
  fi
  for ((k = 1; k <= LAB_NODES; k++)); do
    d=$(node_dir "$k")
    rm -f "$d"/*.pid 2>/dev/null || true
    umount "$d/ns.mnt" 2>/dev/null || true
    umount "$d/ns.uts" 2>/dev/null || true
    ip netns del "$(node_ns "$k")" 2>/dev/null || true
  done
  ip netns del "$(sw_ns)" 2>/dev/null || true
  log "down"
}

cmd_up() {
  local k
  [[ $(id -u) == 0 ]] || die "must run as root"
  [[ ! -e /run/netns/$(sw_ns) ]] || die "lab '$LAB_NAME' exists already (lab.sh down first)"
  mkdir -p "$LAB_DIR"
  trap 'log "up failed; tearing down"; cmd_down' ERR
  make_switch
  for ((k = 1; k <= LAB_NODES; k++)); do make_node "$k"; done
  for ((k = 1; k <= LAB_NODES; k++)); do start_daemon "$k" corosync; done
  if [[ -n $LAB_CRMD ]]; then
    for ((k = 1; k <= LAB_NODES; k++)); do cmd_wait_quorate "$k" 30; done
    for ((k = 1; k <= LAB_NODES; k++)); do start_daemon "$k" crmd; done
  fi
  trap - ERR
  log "up: $LAB_NODES nodes in $LAB_DIR"
}

cmd_cut() {
  local k=$1 mode=${2:-link}
  case $mode in
    link) ip -n "$(sw_ns)" link set "p$k" down ;;
    nft)
      ip netns exec "$(node_ns "$k")" nft -f - <<'NFT'
table inet keel_lab_cut {
  chain in { type filter hook input priority -300; policy drop; iif "lo" accept; }
  chain out { type filter hook output priority -300; policy drop; oif "lo" accept; }
}
NFT
      ;;
    *) die "cut mode must be link or nft, not '$mode'" ;;
  esac
  log "n$k: cut ($mode)"
}

cmd_heal() {
  local k=$1
  ip netns exec "$(node_ns "$k")" nft delete table inet keel_lab_cut 2>/dev/null || true
  ip -n "$(sw_ns)" link set "p$k" up
  log "n$k: healed"
}

kill_if_recorded() {
  local k=$1 what
  for what in crmd corosync; do
    if [[ -f $(node_dir "$k")/$what.pid ]]; then kill_daemon "$k" "$what" KILL; fi
  done
}

cmd_crash() {
  cmd_cut "$1" link
  kill_if_recorded "$1"
}

cmd_reboot() {
  local k=$1 addr
  kill_if_recorded "$k"
  # A reboot loses addresses added at run time (VIPs) and agent state in /run.
  for addr in $(ip -n "$(node_ns "$k")" -o -4 addr show dev eth0 | awk '{print $4}'); do
    [[ $addr == "$LAB_NET.$k/24" ]] || ip -n "$(node_ns "$k")" addr del "$addr" dev eth0
  done
  in_node "$k" sh -c 'rm -rf /run/resource-agents/* /run/crm/*'
  cmd_heal "$k"
  start_daemon "$k" corosync
  if [[ -n $LAB_CRMD ]]; then
    cmd_wait_quorate "$k" 30
    start_daemon "$k" crmd
  fi
}

quorate() {
  local out
  out=$(in_node "$1" corosync-quorumtool -s 2>&1) || true
  [[ $out == *"Quorate:          Yes"* || $out =~ Quorate:[[:space:]]+Yes ]]
}

cmd_wait_quorate() {
  local k=$1 secs=${2:-15} deadline
  check_node "$k"
  deadline=$((SECONDS + secs))
  while ((SECONDS < deadline)); do
    if quorate "$k"; then return 0; fi
    sleep 0.2
  done
  die "n$k: not quorate after ${secs}s"
}

cmd_status() {
  local k d q
  for ((k = 1; k <= LAB_NODES; k++)); do
    d=$(node_dir "$k")
    q=no
    quorate "$k" && q=yes
    echo "n$k $LAB_NET.$k corosync=$(cat "$d/corosync.pid" 2>/dev/null || echo -)" \
      "crmd=$(cat "$d/crmd.pid" 2>/dev/null || echo -) quorate=$q"
  done
}

main() {
  local sub=${1:-}
  shift || true
  case $sub in
    up) cmd_up ;;
    down) cmd_down ;;
    exec) check_node "${1:-}"; local k=$1; shift; in_node "$k" "$@" ;;
    start) check_node "${1:-}"; start_daemon "$1" "${2:?daemon}" ;;
    kill) check_node "${1:-}"; kill_daemon "$1" "${2:?daemon}" "${3:-TERM}" ;;
    cut) check_node "${1:-}"; cmd_cut "$1" "${2:-link}" ;;
    heal) check_node "${1:-}"; cmd_heal "$1" ;;
    crash) check_node "${1:-}"; cmd_crash "$1" ;;
    reboot) check_node "${1:-}"; cmd_reboot "$1" ;;
    wait-quorate) cmd_wait_quorate "${1:-}" "${2:-15}" ;;
    status) cmd_status ;;
    pids) lab_pids ;;
    env) echo "LAB_NAME=$LAB_NAME LAB_DIR=$LAB_DIR LAB_NODES=$LAB_NODES LAB_NET=$LAB_NET" \
      "LAB_TOKEN=$LAB_TOKEN LAB_TRANSPORT=$LAB_TRANSPORT LAB_CRMD=$LAB_CRMD" ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; [[ -z $sub ]] && exit 2 || exit 2 ;;
  esac
}

main "$@"
