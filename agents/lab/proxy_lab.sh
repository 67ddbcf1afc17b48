#!/usr/bin/env bash
# Lab test for ocf:keel:Proxy: a real haproxy in front of two backends; reload under a bounded
# load drops no request; a broken config is refused by reload and the old one keeps serving;
# monitor fails (1, stale pid file) when haproxy is killed, and returns 7 after a clean stop.
source "$(dirname "$0")/common.sh"
lab_ns px; lab_ns cli; lab_ns b1; lab_ns b2
lab_link cli eth0 198.18.60.2/24 px eth0 198.18.60.1/24
lab_link b1 eth0 198.18.61.2/24 px eth1 198.18.61.1/24
lab_link b2 eth0 198.18.62.2/24 px eth2 198.18.62.1/24
http_backend b1 198.18.61.2 80 b1
http_backend b2 198.18.62.2 80 b2
CFG=$WORK/haproxy.cfg
write_cfg() {  # EXTRA_LINE
  cat > "$CFG" <<CONF
global
  maxconn 1000
defaults
  mode http
  timeout connect 2s
  timeout client 10s
  timeout server 10s
  option http-server-close
frontend fe
  bind 198.18.60.1:80
  default_backend be
$1
backend be
  balance roundrobin
  server b1 198.18.61.2:80
  server b2 198.18.62.2:80
CONF
}
write_cfg ""
proxy() { on px env OCF_RESOURCE_INSTANCE=web OCF_RESKEY_config="$CFG" OCF_RESKEY_drain_timeout=5s "$AGENTS/Proxy" "$@"; }

rc=0; proxy monitor 2>/dev/null || rc=$?
[[ $rc == 7 ]] || fail "monitor before start: rc $rc, want 7"
t0=$(now_ms); proxy start || fail "start"; pass "start took $(( $(now_ms) - t0 )) ms"
t0=$(now_ms); proxy monitor || fail "monitor"; pass "monitor took $(( $(now_ms) - t0 )) ms"
out=$(count_hits cli http://198.18.60.1/ 20)
[[ $out == *"b1 10"* && $out == *"b2 10"* && $out == *"FAILED 0"* ]] || fail "balancing: $out"
pass "haproxy balances over both backends"

# Reload three times while four clients send 150 requests each.
for k in 1 2 3 4; do
  ( count_hits cli http://198.18.60.1/ 150 > "$WORK/load-$k" ) &
  LAB_PIDS+=($!)
done
loaders=("${LAB_PIDS[@]: -4}")
sleep 0.3
for r in 1 2 3; do
  write_cfg "# reload $r"
  t0=$(now_ms); proxy reload || fail "reload $r"; echo "reload $r took $(( $(now_ms) - t0 )) ms"
  sleep 0.3
done
for pid in "${loaders[@]}"; do wait "$pid"; done
failed=0; total=0
for k in 1 2 3 4; do
  f=$(sed -n 's/^FAILED //p' "$WORK/load-$k"); failed=$((failed + f))
  t=$(awk '{s += $2} END {print s}' "$WORK/load-$k"); total=$((total + t))
done
echo "requests during 3 reloads: $total sent, $failed failed"
[[ $total == 600 && $failed == 0 ]] || fail "reload dropped requests"
pass "hitless reload under load"
workers=$(on px python3 - "$HA_RSCTMP/keel-proxy-web.sock" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(2); s.connect(sys.argv[1]); s.sendall(b"show proc; quit\n")
data = b""
while chunk := s.recv(65536): data += chunk
print(data.decode().count(" worker "))
PY
)
echo "workers after the reloads: $workers"

write_cfg "  bogus_keyword here"
rc=0; proxy reload 2>/dev/null || rc=$?
[[ $rc == 6 ]] || fail "reload with a broken config: rc $rc, want 6"
proxy monitor || fail "old haproxy must keep running after a refused reload"
write_cfg ""
pass "broken config refused by reload (6), old config keeps serving"

# Kill haproxy (master and workers, by the master's process group): monitor must fail.
master=$(cat "$HA_RSCTMP/keel-proxy-web.pid")
kill -KILL -- "-$master"
for _ in $(seq 1 100); do kill -0 "$master" 2>/dev/null || break; sleep 0.02; done
rc=0; proxy monitor 2>/dev/null || rc=$?
[[ $rc == 1 ]] || fail "monitor after kill: rc $rc, want 1 (stale pid file)"
pass "monitor returns 1 when haproxy was killed"
proxy stop || fail "stop after kill"
rc=0; proxy monitor 2>/dev/null || rc=$?
[[ $rc == 7 ]] || fail "monitor after stop: rc $rc, want 7"
proxy start || fail "restart"
t0=$(now_ms); proxy stop || fail "stop"; pass "stop took $(( $(now_ms) - t0 )) ms"

# Draining stop: a slow download in progress when stop begins still completes.
head -c 30000000 /dev/urandom > "$WORK/www-b1/big"; cp "$WORK/www-b1/big" "$WORK/www-b2/big"
proxy start || fail "start for drain"
on cli curl -s -m 20 --limit-rate 15M -o "$WORK/big.out" http://198.18.60.1/big &
LAB_PIDS+=($!); dl=$!
sleep 0.2
t0=$(now_ms); proxy stop || fail "draining stop"; took=$(( $(now_ms) - t0 ))
left=$(ip netns pids "$PREFIX-px")
[[ -z $left ]] || fail "haproxy processes left after stop: $left"
wait "$dl" || fail "download cut by stop"
cmp -s "$WORK/big.out" "$WORK/www-b1/big" || fail "download incomplete after stop"
rc=0; on cli curl -s -m 2 http://198.18.60.1/ >/dev/null 2>&1 || rc=$?
[[ $rc != 0 ]] || fail "haproxy still answers after stop"
pass "stop drained an in-flight 30 MB download ($took ms) and left no haproxy process"
proxy stop || fail "stop of a stopped proxy"

# drain_gate: stop first fails the health answer (the gate server in maintenance) while the
# frontend still serves for drain_notice, then stops.
write_cfg "  monitor-uri /health
  monitor fail if { nbsrv(gate) lt 1 }
backend gate
  server g 127.0.0.1:9"
gated() { on px env OCF_RESOURCE_INSTANCE=web OCF_RESKEY_config="$CFG" OCF_RESKEY_drain_gate=gate/g OCF_RESKEY_drain_notice=1s "$AGENTS/Proxy" "$@"; }
code() { on cli curl -s -m 1 -o /dev/null -w '%{http_code}' "http://198.18.60.1$1" || true; }
gated start || fail "start with drain_gate"
[[ $(code /health) == 200 ]] || fail "health before stop: $(code /health), want 200"
t0=$(now_ms); gated stop & LAB_PIDS+=($!); stopping=$!
health=""; for _ in $(seq 1 40); do health=$(code /health); [[ $health == 503 ]] && break; sleep 0.02; done
served=$(code /)
noticed=$(( $(now_ms) - t0 ))
[[ $health == 503 ]] || fail "health during a gated stop: '$health', want 503"
[[ $served == 200 ]] || fail "a request during the notice: '$served', want 200 (still served)"
wait "$stopping" || fail "gated stop"; took=$(( $(now_ms) - t0 ))
((took >= 1000)) || fail "gated stop took $took ms, less than drain_notice"
rc=0; on cli curl -s -m 2 http://198.18.60.1/ >/dev/null 2>&1 || rc=$?
[[ $rc != 0 ]] || fail "haproxy still answers after the gated stop"
pass "drain_gate: health 503 within $noticed ms of stop while requests were served; stopped after $took ms"
rc=0; on px env OCF_RESOURCE_INSTANCE=web OCF_RESKEY_config="$CFG" OCF_RESKEY_drain_gate="gate/g; shutdown" "$AGENTS/Proxy" validate-all 2>/dev/null || rc=$?
[[ $rc == 6 ]] || fail "a drain_gate with ';': rc $rc, want 6 (OCF_ERR_CONFIGURED)"
write_cfg ""

rc=0; on px env OCF_RESKEY_config="$WORK/none.cfg" "$AGENTS/Proxy" validate-all 2>/dev/null || rc=$?
[[ $rc == 5 ]] || fail "missing config file: rc $rc, want 5"
rc=0; on px env OCF_RESKEY_config="$CFG" OCF_RESKEY_binary=keel-no-haproxy "$AGENTS/Proxy" start 2>/dev/null || rc=$?
[[ $rc == 5 ]] || fail "missing binary: rc $rc, want 5"
rc=0; on px env OCF_RESKEY_config="$CFG; touch $WORK/x" "$AGENTS/Proxy" start 2>/dev/null || rc=$?
[[ $rc == 5 && ! -e $WORK/x ]] || fail "injected config: rc $rc"
pass "missing config / binary -> 5, nothing injected"
echo "PASS proxy_lab"
