#!/usr/bin/env bash
# Failover-relevant timings of the agents: start / monitor / stop durations, N rounds each,
# compared with Debian's ocf:heartbeat:IPaddr2. Prints figures; asserts nothing.
# Usage (root): agents/lab/agents_bench.sh BUILD_DIR [ROUNDS]
source "$(dirname "$0")/common.sh"
ROUNDS=${2:-20}
lab_ns a; lab_ns b; lab_ns b1
lab_link a eth0 198.18.80.1/24 b eth0 198.18.80.2/24
lab_link b1 eth0 198.18.81.2/24 a eth1 198.18.81.1/24
on b1 ip route add default via 198.18.81.1
http_backend b1 198.18.81.2 80 b1
cat > "$WORK/haproxy.cfg" <<'CONF'
defaults
  mode http
  timeout connect 2s
  timeout client 5s
  timeout server 5s
frontend fe
  bind 198.18.80.1:80
  default_backend be
backend be
  server s1 198.18.81.2:80
CONF

# stats NAME MS...: min / median / mean / max.
stats() {
  local name=$1; shift
  printf '%s\n' "$@" | sort -n | awk -v n="$name" '{v[NR]=$1; s+=$1}
    END {printf "  %-28s min %4d  median %4d  mean %6.1f  max %4d ms  (n=%d)\n", n, v[1], v[int((NR+1)/2)], s/NR, v[NR], NR}'
}

# bench LABEL AGENT ENV...: ROUNDS x (start, monitor, stop).
bench() {
  local label=$1 agent=$2; shift 2
  local starts=() monitors=() stops=() t0 i
  for i in $(seq 1 "$ROUNDS"); do
    t0=$(now_ms); on a env "$@" "$agent" start >/dev/null 2>&1 || fail "$label start"; starts+=($(( $(now_ms) - t0 )))
    t0=$(now_ms); on a env "$@" "$agent" monitor >/dev/null 2>&1 || fail "$label monitor"; monitors+=($(( $(now_ms) - t0 )))
    t0=$(now_ms); on a env "$@" "$agent" stop >/dev/null 2>&1 || fail "$label stop"; stops+=($(( $(now_ms) - t0 )))
  done
  echo "$label"
  stats start "${starts[@]}"; stats monitor "${monitors[@]}"; stats stop "${stops[@]}"
}

# Baseline: process start-up of the namespace wrapper alone.
base=(); for i in $(seq 1 "$ROUNDS"); do t0=$(now_ms); on a true; base+=($(( $(now_ms) - t0 ))); done
echo "overhead"; stats "ip netns exec true" "${base[@]}"
bench "ocf:keel:IPaddr" "$AGENTS/IPaddr" OCF_RESOURCE_INSTANCE=vip OCF_RESKEY_ip=198.18.80.100 OCF_RESKEY_cidr_netmask=24
bench "ocf:heartbeat:IPaddr2 (Debian)" /usr/lib/ocf/resource.d/heartbeat/IPaddr2 OCF_ROOT=/usr/lib/ocf \
  OCF_RESOURCE_INSTANCE=vip2 OCF_RESKEY_ip=198.18.80.101 OCF_RESKEY_cidr_netmask=24
bench "ocf:keel:IPVSDirector (nft)" "$AGENTS/IPVSDirector" OCF_RESOURCE_INSTANCE=lvs \
  OCF_RESKEY_vip=198.18.80.100 OCF_RESKEY_real_servers=198.18.81.2:80 OCF_RESKEY_check_type=HTTP_GET
bench "ocf:keel:Proxy (haproxy)" "$AGENTS/Proxy" OCF_RESOURCE_INSTANCE=px OCF_RESKEY_config="$WORK/haproxy.cfg"
