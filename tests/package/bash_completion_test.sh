#!/usr/bin/env bash
# crm's bash completion (scripts/package/crm.bash-completion) against the built crm's help:
# command words, subcommands, configure commands and options complete as expected.
# Usage: bash_completion_test.sh CRM_BINARY
set -euo pipefail
crm=${1:?usage: bash_completion_test.sh CRM_BINARY}
here=$(cd "$(dirname "$0")" && pwd)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$(readlink -f "$crm")" "$bin/crm"
PATH=$bin:$PATH
# shellcheck source=scripts/package/crm.bash-completion
source "$here/../../scripts/package/crm.bash-completion"
failures=0
expect() {  # expect "EXPECTED WORDS" crm WORD... (the last word is the one being completed)
  local want=$1
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  _keel_crm
  local got
  got=$(printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' ')
  want=$(tr ' ' '\n' <<<"$want" | grep . | LC_ALL=C sort | tr '\n' ' ')
  if [[ $got != "$want" ]]; then
    echo "FAIL: '$*' completes to '$got', expected '$want'" >&2
    failures=$((failures + 1))
  fi
}
expect "cib cluster configure fencing help import lint node resource simulate status" crm ""
expect "cluster" crm cl
expect "init --nodes --two-node --qdevice --token --dir --force" crm cluster ""
expect "--two-node --token" crm cluster init web --t
expect "start stop show status restart cleanup move clear --timeout" crm resource ""
expect "standby online fence --wait" crm node ""
expect "primitive" crm configure pri
expect "status" crm help st
expect "--json" crm status ""
((failures == 0)) || exit 1
echo "crm completion: 9 cases as expected"
