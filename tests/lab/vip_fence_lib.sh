# Shared by the lab tests with fencing and a VIP (sourced after lab_test_lib.sh, not run): the
# lab fence agent installed into the lab's directory (crmd --fence-agent-dir), a configuration
# with the device and an IPaddr2 VIP, and helpers that read the VIP, the fencing history and
# crmd's logs.
mkdir -p "$LAB_DIR"
bash "$REPO/fencing/install.sh" "$LAB_DIR/fence" >/dev/null || fail "fencing/install.sh failed"
export LAB_CRMD_ARGS="--fence-agent-dir $LAB_DIR/fence/usr/sbin"
VIP=198.18.0.100
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# write_config FILE LAB_NAME_FOR_THE_DEVICE [NO_QUORUM_POLICY] [DELAY] [AGENT] [DEVICE_OPS]
write_config() {
  local f=$1 nqp=${3:-stop} delay=${4:-0} agent=${5:-fence_keel_lab} ops=${6:-}
  cat >"$f" <<XML
<cib admin_epoch="0" epoch="0" num_updates="0"><configuration>
  <crm_config><cluster_property_set id="opts">
    <nvpair id="opts-fencing" name="fencing-enabled" value="true"/>
    <nvpair id="opts-timeout" name="fencing-timeout" value="20s"/>
    <nvpair id="opts-nqp" name="no-quorum-policy" value="$nqp"/>
  </cluster_property_set></crm_config>
  <nodes/>
  <resources>
    <primitive id="labfence" class="stonith" type="$agent">
      <instance_attributes id="labfence-ia">
        <nvpair id="labfence-lab" name="lab_name" value="$2"/>
        <nvpair id="labfence-hosts" name="pcmk_host_list" value="n1 n2 n3"/>
        <nvpair id="labfence-delay" name="pcmk_delay_base" value="$delay"/>
      </instance_attributes>$ops
    </primitive>
    <primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">
      <instance_attributes id="vip-ia"><nvpair id="vip-ip" name="ip" value="$VIP"/>
        <nvpair id="vip-mask" name="cidr_netmask" value="24"/><nvpair id="vip-nic" name="nic" value="eth0"/>
      </instance_attributes>
      <operations><op id="vip-mon" name="monitor" interval="2s" timeout="20s"/></operations>
    </primitive>
  </resources>
  <constraints/>
</configuration><status/></cib>
XML
}

load_config() {  # load_config LAB_NAME_FOR_THE_DEVICE [NO_QUORUM_POLICY] [DELAY] [AGENT] [DEVICE_OPS]
  write_config "$LAB_DIR/load-fence.xml" "$@"
  crm_on 1 configure load replace "$LAB_DIR/load-fence.xml" >/dev/null ||
    fail "crm configure load replace failed"
}

has_vip() { "$LAB" exec "$1" ip -4 -o addr show dev eth0 2>/dev/null | grep -q " $VIP/"; }
vip_nodes() { local k out=""; for k in "$@"; do has_vip "$k" && out+="$k "; done; echo "${out% }"; }
vip_on_one() { local n; n=$(vip_nodes "$@"); [[ -n $n && $n != *" "* ]]; }
alive() { [[ -f $LAB_DIR/n$1/$2.pid ]] && kill -0 "$(cat "$LAB_DIR/n$1/$2.pid")" 2>/dev/null; }
# Dead or a zombie (lab daemons are reparented; init may reap them late).
gone() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  [[ ${stat##*) } == Z* ]]
}
history_on() { crm_on "$1" cib query 2>/dev/null | tr '\n' ' ' | grep -o '<fence-op [^>]*>' || true; }
count_ops() {  # count_ops NODE TARGET STATE
  local h
  h=$(history_on "$1" | grep "target=\"n$2\"" | grep -c "state=\"$3\"") || true
  echo "${h:-0}"
}
has_ops() { (($(count_ops "$1" "$2" "$3") >= $4)); }
# line_of NODE AFTER TEXT: number of the first line after line AFTER of NODE's crmd log that
# contains TEXT ("" when none).
line_of() {
  awk -v after="$2" -v text="$3" 'NR > after && index($0, text) { print NR; exit }' \
    "$LAB_DIR/n$1/log/crmd.log" 2>/dev/null || true
}
log_lines() { wc -l <"$LAB_DIR/n$1/log/crmd.log"; }
# log_ms NODE LINE: the epoch ms of that crmd log line's timestamp.
log_ms() {
  local ts
  ts=$(sed -n "${2}p" "$LAB_DIR/n$1/log/crmd.log" | cut -d' ' -f1)
  date -d "$ts" +%s%3N
}

