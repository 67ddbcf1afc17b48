#!/usr/bin/env bash
# Lab test for ocf:keel:IPVSDirector with the nftables backend: a client sends bounded HTTP
# requests to VIP:80, spread round-robin over two backends; a stopped backend leaves the
# rotation within delay_loop x retry and no request fails after that; MISC_CHECK with
# misc_dynamic sets the weights (wrr), seen both in the nft rules and in the distribution.
source "$(dirname "$0")/common.sh"
VIP=198.18.50.100
lab_ns dir; lab_ns cli; lab_ns b1; lab_ns b2
lab_link cli eth0 198.18.50.2/24 dir eth0 198.18.50.1/24
lab_link b1 eth0 198.18.51.2/24 dir eth1 198.18.51.1/24
lab_link b2 eth0 198.18.52.2/24 dir eth2 198.18.52.1/24
on b1 ip route add default via 198.18.51.1
on b2 ip route add default via 198.18.52.1
on dir sysctl -qw net.ipv4.ip_forward=1
on dir ip addr add $VIP/24 dev eth0
http_backend b1 198.18.51.2 80 b1; B1=$BACKEND_PID
http_backend b2 198.18.52.2 80 b2; B2=$BACKEND_PID

web=(OCF_RESOURCE_INSTANCE=web OCF_RESKEY_vip=$VIP OCF_RESKEY_port=80
     OCF_RESKEY_real_servers="198.18.51.2:80 198.18.52.2:80" OCF_RESKEY_scheduler=rr
     OCF_RESKEY_check_type=HTTP_GET OCF_RESKEY_http_path=/index.html
     OCF_RESKEY_delay_loop=500ms OCF_RESKEY_retry=2 OCF_RESKEY_connect_timeout=300ms)
director() { on dir env "${web[@]}" "$AGENTS/IPVSDirector" "$@"; }
hits_of() { sed -n "s/^$1 //p" <<<"$2" | head -1; }

rc=0; director monitor 2>/dev/null || rc=$?
[[ $rc == 7 ]] || fail "monitor before start: rc $rc, want 7"
t0=$(now_ms); director start 2>"$WORK/start.err" || fail "start: $(cat "$WORK/start.err")"
pass "start took $(( $(now_ms) - t0 )) ms; $(grep -o 'backend: .*' "$WORK/start.err")"
director monitor || fail "monitor after start"
rules=$(on dir nft list table ip keel_ipvs_web)
[[ $rules == *numgen* ]] || fail "no numgen rule"

out=$(count_hits cli "http://$VIP/" 200)
n1=$(hits_of b1 "$out"); n2=$(hits_of b2 "$out"); nf=$(hits_of FAILED "$out")
echo "rr over 200 requests: b1=$n1 b2=$n2 failed=$nf"
[[ $nf == 0 ]] || fail "$nf requests failed"
(( n1 >= 90 && n1 <= 110 && n2 >= 90 && n2 <= 110 )) || fail "rr not within 10% of even"
pass "rr within 10% of even"

# Stop backend 2: it must leave within delay_loop x retry = 1000 ms.
kill -TERM "$B2"; t0=$(now_ms)
gone=""
for _ in $(seq 1 100); do
  state=$(cat "$HA_RSCTMP/keel-ipvs-web.state" 2>/dev/null || true)
  if [[ $state != *198.18.52.2* && -n $state ]]; then gone=$(( $(now_ms) - t0 )); break; fi
  sleep 0.02
done
[[ -n $gone ]] || fail "b2 not removed (state: $state)"
echo "b2 removed from rotation after $gone ms (delay_loop x retry = 1000 ms)"
(( gone <= 1300 )) || fail "removal took $gone ms, more than delay_loop x retry + 300 ms"
out=$(count_hits cli "http://$VIP/" 100)
[[ $(hits_of FAILED "$out") == 0 && $(hits_of b1 "$out") == 100 ]] || fail "after removal: $out"
pass "no request failed after the removal, all 100 went to b1"

# Bring b2 back: it returns after one successful check.
http_backend b2 198.18.52.2 80 b2; B2=$BACKEND_PID
back=""
for _ in $(seq 1 100); do
  [[ $(cat "$HA_RSCTMP/keel-ipvs-web.state" 2>/dev/null) == *198.18.52.2* ]] && { back=yes; break; }
  sleep 0.02
done
[[ -n $back ]] || fail "b2 did not return"
pass "b2 returned to the rotation"

# A second instance on port 8080 with MISC_CHECK + misc_dynamic and wrr coexists with the first.
cat > "$WORK/misc.sh" <<'SCRIPT'
#!/bin/sh
exit "$(cat "$(dirname "$0")/code-$1")"
SCRIPT
chmod +x "$WORK/misc.sh"
echo 3 > "$WORK/code-198.18.51.2"   # weight 1
echo 5 > "$WORK/code-198.18.52.2"   # weight 3
dyn=(OCF_RESOURCE_INSTANCE=dyn OCF_RESKEY_vip=$VIP OCF_RESKEY_port=8080
     OCF_RESKEY_real_servers="198.18.51.2:80:10 198.18.52.2:80:10" OCF_RESKEY_scheduler=wrr
     OCF_RESKEY_check_type=MISC_CHECK OCF_RESKEY_misc_path="$WORK/misc.sh %ip"
     OCF_RESKEY_misc_dynamic=true OCF_RESKEY_delay_loop=300ms OCF_RESKEY_retry=1)
dynamic() { on dir env "${dyn[@]}" "$AGENTS/IPVSDirector" "$@"; }
dynamic start 2>/dev/null || fail "start dyn"
want="numgen inc mod 4 map { 0 : 198.18.51.2 . 80, 1-3 : 198.18.52.2 . 80 }"
ok=""
for _ in $(seq 1 100); do
  rules=$(on dir nft list table ip keel_ipvs_dyn)
  [[ $rules == *"$want"* ]] && { ok=yes; break; }
  sleep 0.02
done
[[ -n $ok ]] || fail "misc_dynamic weights not in the rules: $rules"
on dir nft list table ip keel_ipvs_web >/dev/null || fail "instance web disappeared"
out=$(count_hits cli "http://$VIP:8080/" 200)
n1=$(hits_of b1 "$out"); n2=$(hits_of b2 "$out")
echo "misc_dynamic exit 3 / 5 -> weights 1 / 3, wrr over 200: b1=$n1 b2=$n2"
(( n1 >= 40 && n1 <= 60 && n2 >= 140 && n2 <= 160 )) || fail "wrr 1:3 not within 10%"
pass "misc_dynamic weights in rules and distribution; two instances coexist"
echo 1 > "$WORK/code-198.18.51.2"   # failure
ok=""
for _ in $(seq 1 100); do
  rules=$(on dir nft list table ip keel_ipvs_dyn)
  [[ $rules == *"numgen inc mod 3 map { 0-2 : 198.18.52.2 . 80 }"* ]] && { ok=yes; break; }
  sleep 0.02
done
[[ -n $ok ]] || fail "misc exit 1 did not remove b1: $rules"
pass "misc exit 1 removes the server"

t0=$(now_ms); dynamic stop || fail "stop dyn"; echo "stop took $(( $(now_ms) - t0 )) ms"
t0=$(now_ms); director monitor || fail "monitor"; echo "monitor took $(( $(now_ms) - t0 )) ms"
director stop || fail "stop web"
rc=0; director monitor 2>/dev/null || rc=$?
[[ $rc == 7 ]] || fail "monitor after stop: rc $rc, want 7"
tables=$(on dir nft list tables)
[[ $tables != *keel_ipvs* ]] || fail "tables left after stop: $tables"
director stop || fail "stop of a stopped director must succeed"
rc=0; on dir env "${web[@]}" OCF_RESKEY_scheduler=wlc "$AGENTS/IPVSDirector" validate-all 2>/dev/null || rc=$?
[[ $rc == 6 ]] || fail "wlc on nft: rc $rc, want 6"
rc=0; on dir env "${web[@]}" OCF_RESKEY_vip="1.2.3.4; touch $WORK/x" "$AGENTS/IPVSDirector" start 2>/dev/null || rc=$?
[[ $rc == 6 && ! -e $WORK/x ]] || fail "injected vip: rc $rc"
pass "stop removes the tables; unsupported scheduler and bad vip -> 6"
echo "PASS ipvs_director_lab"
