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
#   start K DAEMON          start a daemon on node K: corosync, crmd, qdevice (qnetd on qa)
#   kill K DAEMON [SIG]     signal a daemon on node K (default TERM), wait until it is gone
#   cut K [link|nft]        isolate node K: its switch port down (default), or an nftables
#                           table in node K dropping everything but loopback
#   split K J               drop only the traffic between nodes K and J (nftables in node K);
#                           both still reach everyone else (e.g. the arbiter)
#   heal K                  undo any kind of cut or split of node K
#   crash K                 cut K, then SIGKILL its crmd and corosync (a node dying)
#   reboot K                after a crash: drop addresses other than its own, wipe
#                           /run/resource-agents and crmd's rsctmp, heal, start corosync (and crmd with LAB_CRMD)
#   wait-quorate K SECS     poll until node K's corosync says Quorate: Yes
#   status                  one line per node: pids, quorum (and qdevice state), then the arbiter
#   env                     print the settings in effect
#
# Settings (environment):
#   LAB_NAME     unique prefix for this lab's namespaces (default keellab); one per test run
#   LAB_DIR      state directory (default /tmp/keel-lab/$LAB_NAME)
#   LAB_NODES    number of nodes, 1..32 (default 3)
#   LAB_NET      first three octets of the /24 (default 198.18.0); node K gets .K
#   LAB_TOKEN    totem token in ms (default 1000; token_coefficient is 0)
#   LAB_TRANSPORT knet (default) or udpu
#   LAB_CRMD     path to the crmd binary; when set, `up` starts crmd on every node
#   LAB_CRMD_ARGS extra crmd arguments
#   LAB_TWO_NODE  1: votequorum two_node: 1 (which implies wait_for_all: 1); for 2 nodes
#   LAB_QDEVICE   1: a quorum device. An arbiter netns "qa" ($LAB_NET.254 on the same bridge,
#                 hostname arbiter) runs corosync-qnetd only (no corosync, no crmd); every node
#                 runs corosync-qdevice (start/kill K qdevice) with quorum.device { model: net;
#                 votes: 1; timeout: 3000; sync_timeout: 5000; net { host: the arbiter;
#                 algorithm: $LAB_QDEVICE_ALGORITHM; tls: on } }. TLS as the certutil tools do it:
#                 qnetd CA, node 1's signed cluster certificate, its p12 imported on the others.
#                 `exec qa corosync-qnetd-tool -l` lists the clients. Not with LAB_TWO_NODE.
#   LAB_QDEVICE_ALGORITHM ffsplit (default) or lms
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
LAB_TWO_NODE=${LAB_TWO_NODE:-}
LAB_QDEVICE=${LAB_QDEVICE:-}
LAB_QDEVICE_ALGORITHM=${LAB_QDEVICE_ALGORITHM:-ffsplit}

die() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab[$LAB_NAME]: $*" >&2; }

[[ $LAB_NAME =~ ^[A-Za-z0-9_]{1,20}$ ]] || die "LAB_NAME must be 1-20 of [A-Za-z0-9_]: '$LAB_NAME'"
[[ $LAB_NODES =~ ^[0-9]+$ ]] && ((LAB_NODES >= 1 && LAB_NODES <= 32)) || die "LAB_NODES must be 1..32"
[[ $LAB_NET =~ ^198\.1[89]\.[0-9]{1,3}$ ]] || die "LAB_NET must be inside 198.18.0.0/15: '$LAB_NET'"

[[ -z $LAB_TWO_NODE || -z $LAB_QDEVICE ]] || die "LAB_TWO_NODE and LAB_QDEVICE exclude each other"
[[ $LAB_QDEVICE_ALGORITHM =~ ^(ffsplit|lms)$ ]] || die "LAB_QDEVICE_ALGORITHM must be ffsplit or lms"

# Node "qa" is the arbiter (LAB_QDEVICE): its own netns, mounts and directory, no corosync.
sw_ns() { echo "${LAB_NAME}-sw"; }
node_ns() { if [[ $1 == qa ]]; then echo "${LAB_NAME}-qa"; else echo "${LAB_NAME}-n$1"; fi; }
node_dir() { if [[ $1 == qa ]]; then echo "$LAB_DIR/qa"; else echo "$LAB_DIR/n$1"; fi; }
arbiter_addr() { echo "$LAB_NET.254"; }

check_node() {
  [[ $1 == qa && -n $LAB_QDEVICE ]] && return 0
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
    [[ -z $LAB_TWO_NODE ]] || echo "    two_node: 1"
    if [[ -n $LAB_QDEVICE ]]; then
      echo "    device {"
      echo "        model: net"
      echo "        votes: 1"
      echo "        timeout: 3000"
      echo "        sync_timeout: 5000"
      echo "        net {"
      echo "            host: $(arbiter_addr)"
      echo "            algorithm: $LAB_QDEVICE_ALGORITHM"
      echo "            tls: on"
      echo "        }"
      echo "    }"
    fi
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
  local k=$1 d host=n$1
  d=$(node_dir "$k")
  [[ $k != qa ]] || host=arbiter
  mkdir -p "$d/var-lib-corosync" "$d/etc-corosync" "$d/log" "$d/cib" "$d/run"
  chmod 0755 "$d"
  touch "$d/ns.mnt" "$d/ns.uts"
  [[ $k == qa ]] || write_corosync_conf "$d/etc-corosync/corosync.conf"
  unshare --mount="$d/ns.mnt" --uts="$d/ns.uts" --propagation private \
    nsenter --net="/run/netns/$(node_ns "$k")" sh -ec "
      hostname $host
      mount -t sysfs sysfs /sys
      mount -t tmpfs -o mode=0755 tmpfs /run
      mkdir -p /run/crm /run/resource-agents /run/corosync-qdevice /run/corosync-qnetd
      mount -t tmpfs -o mode=1777 tmpfs /dev/shm
      mount --bind '$d/var-lib-corosync' /var/lib/corosync
      mount --bind '$d/etc-corosync' /etc/corosync
      mkdir -p /var/log/keel-lab 2>/dev/null || true
      mount --bind '$d/log' /var/log/keel-lab
      if [ -d /var/lib/pacemaker ]; then mount --bind '$d/cib' /var/lib/pacemaker; fi
    "
}

make_node() {
  local k=$1 ns sw addr
  ns=$(node_ns "$k")
  sw=$(sw_ns)
  ip netns add "$ns"
  ip link add name eth0 netns "$ns" type veth peer name "p$k" netns "$sw"
  ip -n "$sw" link set "p$k" master br0
  ip -n "$sw" link set "p$k" up
  ip -n "$ns" link set lo up
  if [[ $k == qa ]]; then addr=$(arbiter_addr); else addr=$LAB_NET.$k; fi
  ip -n "$ns" addr add "$addr/24" dev eth0
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
    qdevice)
      setsid nsenter --mount="$d/ns.mnt" --uts="$d/ns.uts" --net="/run/netns/$(node_ns "$k")" -- \
        corosync-qdevice -f >>"$d/log/qdevice.out" 2>&1 </dev/null &
      ;;
    qnetd)
      setsid nsenter --mount="$d/ns.mnt" --uts="$d/ns.uts" --net="/run/netns/$(node_ns "$k")" -- \
        corosync-qnetd -f -4 >>"$d/log/qnetd.out" 2>&1 </dev/null &
      ;;
    *) die "unknown daemon '$what' (corosync|crmd|qdevice|qnetd)" ;;
  esac
  echo $! >"$pidf"
  if [[ $k == qa ]]; then log "qa: started $what (pid $!)"; else log "n$k: started $what (pid $!)"; fi
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
  for ns in "$(sw_ns)" "$(node_ns qa)" $(for ((k = 1; k <= LAB_NODES; k++)); do node_ns "$k"; done); do
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
  for k in $(seq 1 "$LAB_NODES") qa; do
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
  for k in $(seq 1 "$LAB_NODES") qa; do
    d=$(node_dir "$k")
    rm -f "$d"/*.pid 2>/dev/null || true
    umount "$d/ns.mnt" 2>/dev/null || true
    umount "$d/ns.uts" 2>/dev/null || true
    ip netns del "$(node_ns "$k")" 2>/dev/null || true
  done
  ip netns del "$(sw_ns)" 2>/dev/null || true
  log "down"
}

# TLS between qdevice and qnetd, the steps of the certutil tools' -Q, with files copied between
# the per-node /etc/corosync directories instead of scp.
qdevice_tls() {
  local k qa n1 nss=qdevice/net/nssdb
  qa=$(node_dir qa)/etc-corosync
  n1=$(node_dir 1)/etc-corosync
  in_node qa corosync-qnetd-certutil -i >/dev/null
  for ((k = 1; k <= LAB_NODES; k++)); do
    cp "$qa/qnetd/nssdb/qnetd-cacert.crt" "$(node_dir "$k")/etc-corosync/qnetd-cacert.crt"
    in_node "$k" corosync-qdevice-net-certutil -i -c /etc/corosync/qnetd-cacert.crt >/dev/null
  done
  in_node 1 corosync-qdevice-net-certutil -r -n "$LAB_NAME" >/dev/null
  cp "$n1/$nss/qdevice-net-node.crq" "$qa/qdevice-net-node.crq"
  in_node qa corosync-qnetd-certutil -s -c /etc/corosync/qdevice-net-node.crq -n "$LAB_NAME" >/dev/null
  cp "$qa/qnetd/nssdb/cluster-$LAB_NAME.crt" "$n1/$nss/"
  in_node 1 corosync-qdevice-net-certutil -M -c "/etc/corosync/$nss/cluster-$LAB_NAME.crt" >/dev/null
  for ((k = 2; k <= LAB_NODES; k++)); do
    cp "$n1/$nss/qdevice-net-node.p12" "$(node_dir "$k")/etc-corosync/$nss/"
    in_node "$k" corosync-qdevice-net-certutil -m -c "/etc/corosync/$nss/qdevice-net-node.p12" >/dev/null
  done
}

# corosync-qdevice needs corosync's IPC (cmap): start it once corosync answers.
start_qdevice() {
  local k=$1 deadline=$((SECONDS + 15))
  until in_node "$k" corosync-cmapctl -g totem.cluster_name >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "n$k: corosync IPC not up after 15 s"
    sleep 0.1
  done
  start_daemon "$k" qdevice
}

cmd_up() {
  local k
  [[ $(id -u) == 0 ]] || die "must run as root"
  [[ ! -e /run/netns/$(sw_ns) ]] || die "lab '$LAB_NAME' exists already (lab.sh down first)"
  mkdir -p "$LAB_DIR"
  trap 'log "up failed; tearing down"; cmd_down' ERR
  make_switch
  for ((k = 1; k <= LAB_NODES; k++)); do make_node "$k"; done
  if [[ -n $LAB_QDEVICE ]]; then
    make_node qa
    log "qdevice TLS setup (output in $LAB_DIR/qdevice-tls.log)"
    qdevice_tls >"$LAB_DIR/qdevice-tls.log" 2>&1
    start_daemon qa qnetd
  fi
  for ((k = 1; k <= LAB_NODES; k++)); do start_daemon "$k" corosync; done
  if [[ -n $LAB_QDEVICE ]]; then
    for ((k = 1; k <= LAB_NODES; k++)); do start_qdevice "$k"; done
  fi
  if [[ -n $LAB_CRMD ]]; then
    for ((k = 1; k <= LAB_NODES; k++)); do cmd_wait_quorate "$k" 30; done
    for ((k = 1; k <= LAB_NODES; k++)); do start_daemon "$k" crmd; done
  fi
  trap - ERR
  log "up: $LAB_NODES nodes${LAB_QDEVICE:+ + arbiter $(arbiter_addr)}${LAB_TWO_NODE:+ (two_node)} in $LAB_DIR"
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

cmd_split() {
  local k=$1 j=$2 peer
  if [[ $j == qa ]]; then peer=$(arbiter_addr); else peer=$LAB_NET.$j; fi
  ip netns exec "$(node_ns "$k")" nft -f - <<NFT
table inet keel_lab_split_$j {
  chain in { type filter hook input priority -300; policy accept; ip saddr $peer drop; }
  chain out { type filter hook output priority -300; policy accept; ip daddr $peer drop; }
}
NFT
  log "n$k: split from $j"
}

cmd_heal() {
  local k=$1
  local t
  for t in $(ip netns exec "$(node_ns "$k")" nft list tables 2>/dev/null | awk '$3 ~ /^keel_lab_/ {print $3}'); do
    ip netns exec "$(node_ns "$k")" nft delete table inet "$t"
  done
  ip -n "$(sw_ns)" link set "p$k" up
  log "n$k: healed"
}

kill_if_recorded() {
  local k=$1 what
  for what in crmd qdevice corosync; do
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
  # A reboot loses addresses added at run time (VIPs) and agent state in /run, including
  # crmd's HA_RSCTMP (agents' pid and state files), which lives in the node's run directory.
  for addr in $(ip -n "$(node_ns "$k")" -o -4 addr show dev eth0 | awk '{print $4}'); do
    [[ $addr == "$LAB_NET.$k/24" ]] || ip -n "$(node_ns "$k")" addr del "$addr" dev eth0
  done
  in_node "$k" sh -c 'rm -rf /run/resource-agents/* /run/crm/*'
  rm -rf "$(node_dir "$k")/run/rsctmp"
  cmd_heal "$k"
  start_daemon "$k" corosync
  [[ -z $LAB_QDEVICE ]] || start_qdevice "$k"
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

# The value after "KEY:" in TEXT's first line that has it ("-" when none).
field() { awk -v key="$2:" '$1 == key { $1 = ""; sub(/^ +/, ""); print; found = 1; exit } END { if (!found) print "-" }' <<<"$1"; }

cmd_status() {
  local k d q extra out
  for ((k = 1; k <= LAB_NODES; k++)); do
    d=$(node_dir "$k")
    q=no
    quorate "$k" && q=yes
    extra=""
    if [[ -n $LAB_QDEVICE ]]; then
      out=$(in_node "$k" corosync-qdevice-tool -s 2>&1) || true
      extra=" qdevice=$(cat "$d/qdevice.pid" 2>/dev/null || echo -) qdevice_state=$(field "$out" State | tr ' ' _)"
    fi
    if [[ -n $LAB_QDEVICE$LAB_TWO_NODE ]]; then
      out=$(in_node "$k" corosync-quorumtool -s 2>&1) || true
      extra+=" flags=$(field "$out" Flags | xargs | tr ' ' ,)"
    fi
    echo "n$k $LAB_NET.$k corosync=$(cat "$d/corosync.pid" 2>/dev/null || echo -)" \
      "crmd=$(cat "$d/crmd.pid" 2>/dev/null || echo -) quorate=$q$extra"
  done
  if [[ -n $LAB_QDEVICE ]]; then
    out=$(in_node qa corosync-qnetd-tool -l 2>&1) || true
    echo "qa $(arbiter_addr) qnetd=$(cat "$(node_dir qa)/qnetd.pid" 2>/dev/null || echo -)" \
      "clients=$(grep -c 'Node ID' <<<"$out" || true)"
  fi
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
    split) check_node "${1:-}"; check_node "${2:-}"; cmd_split "$1" "$2" ;;
    heal) check_node "${1:-}"; cmd_heal "$1" ;;
    crash) check_node "${1:-}"; cmd_crash "$1" ;;
    reboot) check_node "${1:-}"; cmd_reboot "$1" ;;
    wait-quorate) cmd_wait_quorate "${1:-}" "${2:-15}" ;;
    status) cmd_status ;;
    pids) lab_pids ;;
    env) echo "LAB_NAME=$LAB_NAME LAB_DIR=$LAB_DIR LAB_NODES=$LAB_NODES LAB_NET=$LAB_NET" \
      "LAB_TOKEN=$LAB_TOKEN LAB_TRANSPORT=$LAB_TRANSPORT LAB_CRMD=$LAB_CRMD" \
      "LAB_TWO_NODE=$LAB_TWO_NODE LAB_QDEVICE=$LAB_QDEVICE LAB_QDEVICE_ALGORITHM=$LAB_QDEVICE_ALGORITHM" ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; [[ -z $sub ]] && exit 2 || exit 2 ;;
  esac
}

main "$@"
