#!/usr/bin/env bash
# Lab tests of a node's lifecycle on real corosync (3 nodes in network namespaces, root): clean
# shutdown, crm cluster stop/start, startup fencing; fencing on with the lab fence agent, an
# IPaddr2 VIP, every node's addresses sampled every 10 ms by vip_sampler.
# Usage: lifecycle_lab_test.sh SCENARIO   with KEEL_CRMD, KEEL_CRM, KEEL_SAMPLER set.
#   holder   SIGTERM to the VIP holder's crmd: it exits by itself (no SIGKILL) once the DC has
#            moved the VIP; nobody fences it (history empty, its corosync still runs); the VIP
#            gap seen by the sampler is at most the agent's stop + start (exec-time in the
#            CIB) + 50 ms; its crmd started again rejoins without a fence or a second move
#   rolling  each node's crmd stopped with SIGTERM and started again, one at a time (n1, the
#            DC, first): at most 3 VIP moves, the VIP never on two nodes, no fence action.
#            With KEEL_CRMD_UPGRADE (another build's crmd, e.g. a newer protocol version) each
#            node is started again with that binary: a rolling upgrade, the same checks, and
#            every node's log shows the versions it saw
#   all      `crm cluster stop --all` on n1: every crmd exits by itself, the VIP is stopped,
#            n1's corosync is stopped, then n2's and n3's through `crm cluster stop` run there
#            (KEEL_REMOTE_SHELL reaches the other namespaces, where crmsh would use ssh);
#            `crm cluster status` says so; `crm cluster start --all` on n1 (options from a
#            per-node crmd.env): the same configuration, the VIP back on one node, no fence
#            action anywhere
#   coldstart  a first start from a CIB with fencing and dc-deadtime=5s on disk, n3's crmd not
#            started: nothing starts for 5 s, then n3 is fenced (never seen) and the VIP starts
#            only after the fence succeeded (the DC's log order)
# Every wait polls with a deadline; the lab is torn down on any exit.
set -euo pipefail

SCENARIO=${1:?scenario}
LAB_TEST_PREFIX=kl
REPO=$(cd "$(dirname "$0")/../.." && pwd)
source "$(dirname "$0")/lab_test_lib.sh"
source "$(dirname "$0")/vip_fence_lib.sh"
: "${KEEL_SAMPLER:?path to vip_sampler}"

trap 'stop_sampler; cleanup' EXIT

synced() { local k; for k in "$@"; do [[ $(status_field "$k" synced) == true ]] || return 1; done; }
no_fence_ops() { [[ -z $(history_on "$1") ]]; }
# clean_stop K: SIGTERM to n K's crmd; it must exit by itself within 30 s.
clean_stop() {
  local pid
  pid=$(cat "$LAB_DIR/n$1/crmd.pid")
  kill -TERM "$pid"
  wait_for 30 "n$1's crmd exits after SIGTERM" gone "$pid"
  rm -f "$LAB_DIR/n$1/crmd.pid"
  grep -q 'shutdown: complete; exiting' "$LAB_DIR/n$1/log/crmd.log" ||
    fail "n$1's crmd did not log a complete shutdown"
}
# exec_ms NODE K RSC: exec-time of RSC's newest start/stop on node K in NODE's CIB.
exec_ms() {
  crm_on "$1" cib query 2>/dev/null | tr '\n' ' ' | grep -o "<node_state [^>]*uname=\"n$2\".*" |
    grep -o "<lrm_rsc_op [^>]*id=\"$3_last_0\"[^>]*>" | head -n 1 |
    sed -n 's/.*exec-time="\([0-9]*\)".*/\1/p'
}
# From the sampler's change lines: "moves N", "max_gap MS", "overlaps N".
sample_summary() {
  awk '!/^#/ {
      if (!($2 in on)) on[$2] = 0
      before = n; n += $3 - on[$2]; on[$2] = $3
      if ($3 == 1 && seen++) moves++
      if (n == 0 && before >= 1) drop = $1
      if (n >= 1 && before == 0 && drop) { g = $1 - drop; if (g > gap) gap = g; drop = 0 }
      if (n >= 2 && before < 2) overlaps++
    } END { printf "moves %d max_gap %d overlaps %d\n", moves, gap, overlaps }' \
    "$LAB_DIR/samples.txt"
}

if [[ $SCENARIO == coldstart ]]; then
  LAB_CRMD='' "$LAB" up >/dev/null 2>&1 || fail "lab up failed"
  write_config "$LAB_DIR/first.xml" "$LAB_NAME"
  sed -i 's|<nvpair id="opts-fencing"|<nvpair id="opts-deadtime" name="dc-deadtime" value="5s"/>&|' \
    "$LAB_DIR/first.xml"
  for k in 1 2; do cp "$LAB_DIR/first.xml" "$LAB_DIR/n$k/cib/cib.xml"; done
  t0=$(now_ms)
  for k in 1 2; do "$LAB" start "$k" crmd >/dev/null 2>&1 || fail "could not start n$k's crmd"; done
  n3_fenced() { has_ops 1 3 success 1; }
  wait_for 30 "n3 fenced (never seen)" n3_fenced
  t1=$(now_ms)
  wait_for 10 "the VIP on n1 or n2" vip_on_one 1 2
  t2=$(now_ms)
  ((t1 - t0 >= 5000)) || fail "n3 fenced $((t1 - t0)) ms after the start, before dc-deadtime (5 s)"
  wait_line=$(line_of 1 0 "waiting up to 5 s after start (dc-deadtime) for n3")
  fence_line=$(line_of 1 0 "fencing n3: node never seen since the cluster started")
  done_line=$(line_of 1 0 "reboot of n3 succeeded")
  start_line=$(line_of 1 0 "sending vip_start_0")
  [[ -n $wait_line && -n $fence_line && -n $done_line && -n $start_line ]] ||
    fail "missing log lines (wait $wait_line, fence $fence_line, done $done_line, start $start_line)"
  ((wait_line < fence_line && done_line < start_line)) ||
    fail "order: wait $wait_line, fence $fence_line, done $done_line, VIP start $start_line"
  echo "cold start without n3: n3 fenced $((t1 - t0)) ms after the crmds started (dc-deadtime 5 s);" \
    "VIP on n$(vip_nodes 1 2) $((t2 - t0)) ms after, its start sent after the fence succeeded"
  echo "PASS [lifecycle coldstart]"
  exit 0
fi

"$LAB" up >/dev/null 2>&1 || fail "lab up failed"
for k in 1 2 3; do wait_for 20 "n$k: DC n1, CIB synced" dc_is "$k" n1; done
load_config "$LAB_NAME"
crm_on 1 configure rsc_defaults resource-stickiness=100 >/dev/null || fail "rsc_defaults failed"
wait_for 30 "the VIP on exactly one node" vip_on_one 1 2 3
"$KEEL_SAMPLER" --addr "$VIP" --interval-ms 10 --max-seconds 600 \
  n1="/run/netns/$LAB_NAME-n1" n2="/run/netns/$LAB_NAME-n2" n3="/run/netns/$LAB_NAME-n3" \
  >"$LAB_DIR/samples.txt" 2>"$LAB_DIR/sampler.err" &
SAMPLER_PID=$!
sleep 0.5

case $SCENARIO in
  holder)
    holder=$(vip_nodes 1 2 3)
    others=()
    for k in 1 2 3; do ((k == holder)) || others+=("$k"); done
    corosync_pid=$(cat "$LAB_DIR/n$holder/corosync.pid")
    t0=$(now_ms)
    clean_stop "$holder"
    t1=$(now_ms)
    wait_for 10 "the VIP on one of n${others[0]}, n${others[1]}" vip_on_one "${others[@]}"
    new=$(vip_nodes "${others[@]}")
    sleep 3  # a fence the DC would start after the leave shows in this time
    for k in "${others[@]}"; do no_fence_ops "$k" || fail "n$k's history has fence actions: $(history_on "$k")"; done
    gone "$corosync_pid" && fail "n$holder's corosync is gone (fenced?)"
    offline=$(crm_on "$new" status 2>/dev/null) || fail "crm status failed"
    [[ $offline == *UNCLEAN* ]] && fail "n$holder shown unclean: $offline"
    stop_ms=$(exec_ms "$new" "$holder" vip)
    start_ms=$(exec_ms "$new" "$new" vip)
    [[ -n $stop_ms && -n $start_ms ]] || fail "no exec-time for vip's stop on n$holder or start on n$new"
    "$LAB" start "$holder" crmd >/dev/null 2>&1 || fail "could not start n$holder's crmd again"
    wait_for 30 "all three synced after n$holder's restart" synced 1 2 3
    sleep 2
    vip_on_one 1 2 3 || fail "the VIP is not on exactly one node after the restart"
    stop_sampler
    read -r _ moves _ gap _ overlaps <<<"$(sample_summary)"
    echo "clean stop of the holder n$holder: crmd gone $((t1 - t0)) ms after SIGTERM; VIP on n$new;" \
      "client gap $gap ms (agent stop $stop_ms ms + start $start_ms ms); VIP moves $moves;" \
      "fence actions 0"
    ((overlaps == 0)) || fail "the VIP was on two nodes at once"
    ((moves == 1)) || fail "$moves VIP moves (expected 1: none back after the restart)"
    ((gap <= stop_ms + start_ms + 50)) || fail "gap $gap ms > stop $stop_ms + start $start_ms + 50 ms"
    ;;
  rolling)
    for k in 1 2 3; do
      clean_stop "$k"
      others=()
      for j in 1 2 3; do ((j == k)) || others+=("$j"); done
      wait_for 10 "the VIP on one of n${others[0]}, n${others[1]}" vip_on_one "${others[@]}"
      LAB_CRMD=${KEEL_CRMD_UPGRADE:-$LAB_CRMD} "$LAB" start "$k" crmd >/dev/null 2>&1 ||
        fail "could not start n$k's crmd again"
      wait_for 30 "all three synced after n$k's restart" synced 1 2 3
      wait_for 10 "the VIP on exactly one node" vip_on_one 1 2 3
      echo "n$k stopped and started again: VIP on n$(vip_nodes 1 2 3)"
    done
    sleep 3
    for k in 1 2 3; do no_fence_ops "$k" || fail "n$k's history has fence actions: $(history_on "$k")"; done
    stop_sampler
    read -r _ moves _ gap _ overlaps <<<"$(sample_summary)"
    if [[ -n ${KEEL_CRMD_UPGRADE:-} ]]; then
      for k in 1 2 3; do
        echo "n$k's log on peer versions: $(grep -c "protocol" "$LAB_DIR/n$k/log/crmd.log") lines;" \
          "last: $(grep "protocol" "$LAB_DIR/n$k/log/crmd.log" | tail -1)"
      done
    fi
    echo "rolling $([[ -n ${KEEL_CRMD_UPGRADE:-} ]] && echo upgrade || echo restart) of n1, n2, n3: VIP moves $moves, longest gap $gap ms, fence actions 0"
    ((overlaps == 0)) || fail "the VIP was on two nodes at once"
    ((moves <= 3)) || fail "$moves VIP moves in a rolling restart of 3 nodes"
    ;;
  all)
    before=$(crm_on 1 configure show) || fail "crm configure show failed"
    for k in 1 2 3; do
      d=$LAB_DIR/n$k
      echo "CRMD_OPTIONS=\"--cib-dir $d/cib --run-dir $d/run --log-file $d/log/crmd.log $LAB_CRMD_ARGS\"" \
        >"$d/crmd.env"
    done
    # What ssh root@nK would do: run the command inside node K, with K's crmd.env and this crm.
    # It is called inside n1's namespaces: back to this test's (where the lab's netns are
    # visible) first.
    remote=$LAB_DIR/remote-shell
    cat >"$remote" <<EOF_REMOTE
#!/usr/bin/env bash
k=\${1#n}
shift
exec nsenter --mount=/proc/$$/ns/mnt --uts=/proc/$$/ns/uts --net=/proc/$$/ns/net -- \\
  "$LAB" exec "\$k" env KEEL_CRMD="$KEEL_CRMD" KEEL_CRMD_ENV="$LAB_DIR/n\$k/crmd.env" \\
  PATH="$(dirname "$KEEL_CRM"):\$PATH" "\$@"
EOF_REMOTE
    chmod 755 "$remote"
    all_on_n1() {
      "$LAB" exec 1 env KEEL_REMOTE_SHELL="$remote" KEEL_CRMD="$KEEL_CRMD" \
        KEEL_CRMD_ENV="$LAB_DIR/n1/crmd.env" "$KEEL_CRM" cluster "$@"
    }
    pids=()
    for k in 1 2 3; do pids+=("$(cat "$LAB_DIR/n$k/crmd.pid")"); done
    t0=$(now_ms)
    out=$(all_on_n1 stop --all --timeout 60 2>&1) || fail "crm cluster stop --all: $out"
    [[ $out == *"clean shutdown requested on n1, n2, n3"* ]] || fail "stop --all said: $out"
    [[ $out == *"corosync stopped on this node"*"n2: stop done"*"n3: stop done"* ]] ||
      fail "stop --all said: $out"
    for k in 1 2 3; do
      wait_for 30 "n$k's crmd exits" gone "${pids[$((k - 1))]}"
      grep -q 'shutdown: complete; exiting' "$LAB_DIR/n$k/log/crmd.log" ||
        fail "n$k's crmd did not shut down cleanly"
      rm -f "$LAB_DIR/n$k/crmd.pid"
    done
    t1=$(now_ms)
    [[ -z $(vip_nodes 1 2 3) ]] || fail "the VIP still runs on n$(vip_nodes 1 2 3)"
    for k in 1 2 3; do
      st=$(crm_on "$k" cluster status 2>&1) && fail "crm cluster status exit 0 on stopped n$k: $st"
      [[ $st == *"corosync: not running"*"crmd: not running"* ]] || fail "status on n$k: $st"
    done
    echo "crm cluster stop --all: every crmd and corosync gone $((t1 - t0)) ms after the command"
    out=$(all_on_n1 start --all 2>&1) || fail "crm cluster start --all: $out"
    [[ $out == *"n2: start done"*"n3: start done"* ]] || fail "start --all said: $out"
    echo "n1: ${out//$'\n'/; }"
    # Each node can sync alone before corosync merges the three: wait for one quorate cluster.
    one_cluster() {
      local dc k
      dc=$(status_field 1 dc)
      for k in 1 2 3; do
        [[ $dc != "?" && $(status_field "$k" dc) == "$dc" && $(status_field "$k" quorate) == true ]] ||
          return 1
      done
    }
    wait_for 30 "one quorate cluster of three after the start" one_cluster
    wait_for 30 "all three synced after the start" synced 1 2 3
    wait_for 30 "the VIP on exactly one node" vip_on_one 1 2 3
    after=$(crm_on 1 configure show) || fail "crm configure show failed"
    [[ $after == "$before" ]] || fail "the configuration changed: $(diff <(echo "$before") <(echo "$after"))"
    st=$(crm_on 3 cluster status 2>&1) || fail "crm cluster status on n3: $st"
    echo "n3: ${st//$'\n'/; }"
    sleep 3
    for k in 1 2 3; do no_fence_ops "$k" || fail "n$k's history has fence actions: $(history_on "$k")"; done
    if grep -h 'controller: fencing' "$LAB_DIR"/n*/log/crmd.log; then fail "a DC planned fencing"; fi
    stop_sampler
    echo "started again: VIP on n$(vip_nodes 1 2 3), same configuration, fence actions 0"
    ;;
  *) fail "unknown scenario" ;;
esac
echo "PASS [lifecycle $SCENARIO]"
