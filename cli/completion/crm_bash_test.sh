#!/usr/bin/env bash
# The bash completion script: sourced, it registers _crm for crm; scripted COMP_WORDS/COMP_CWORD
# (and COMP_LINE/COMP_POINT, as bash sets them) give crm's own candidates.
# Usage: crm_bash_test.sh PATH_TO_CRM
set -euo pipefail
crm=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/crm-bash.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/ocf/resource.d/heartbeat"
ln -s "$crm" "$work/bin/crm"
cat > "$work/ocf/resource.d/heartbeat/Dummy" <<'AGENT'
#!/bin/sh
printf '<resource-agent name="Dummy"><parameters><parameter name="state"/>'
printf '<parameter name="fake"/></parameters></resource-agent>\n'
AGENT
chmod +x "$work/ocf/resource.d/heartbeat/Dummy"
cat > "$work/cib.xml" <<'CIB'
<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration><crm_config/>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
    <resources><primitive id="vip" class="ocf" provider="keel" type="IPaddr"/></resources>
    <constraints/></configuration><status/></cib>
CIB
export PATH="$work/bin:$PATH" CIB_file="$work/cib.xml" OCF_ROOT="$work/ocf" KEEL_METADATA_CACHE=off
# shellcheck source=/dev/null
source "$here/crm.bash"
[[ $(complete -p crm) == "complete -F _crm crm" ]] || { echo "FAIL: complete -p crm: $(complete -p crm)"; exit 1; }

fails=0
# expect "WORD WORD..." CWORD "CANDIDATES": COMP_WORDS as given (bash's split), no COMP_LINE.
expect() {
  local -a COMP_WORDS
  read -r -a COMP_WORDS <<<"$1"
  [[ $1 == *" " ]] && COMP_WORDS+=("")
  local COMP_CWORD=$2
  unset COMP_LINE COMP_POINT
  _crm
  local got="${COMPREPLY[*]}"
  if [[ $got != "$3" ]]; then
    echo "FAIL: '$1' (cword $2): got '$got', want '$3'"
    fails=$((fails + 1))
  fi
}
expect "crm sta" 1 "status"
expect "crm configure prim" 2 "primitive"
expect "crm configure primitive d ocf:heartbeat:Du" 4 "ocf:heartbeat:Dummy"
expect "crm configure primitive d Dummy params st" 6 "state="
expect "crm configure primitive k ocf:keel:IPaddr params cidr" 6 "cidr_netmask="
expect "crm resource stop v" 3 "vip"
expect "crm node standby " 3 "node1 node2"
# As bash splits at ':' and '=': the candidate replaces only the word after the break.
COMP_LINE="crm configure primitive d ocf:heartbeat:Du"
COMP_POINT=${#COMP_LINE}
COMP_WORDS=(crm configure primitive d ocf : heartbeat : Du)
COMP_CWORD=8
_crm
[[ "${COMPREPLY[*]}" == "Dummy" ]] || { echo "FAIL: split word: '${COMPREPLY[*]}'"; fails=$((fails + 1)); }
((fails == 0)) || exit 1
echo "PASS: complete -p crm shows _crm; scripted completions give crm's candidates"
