#!/usr/bin/env bash
# Installs Keel's OCF agents from a build directory:
#   OCF_ROOT/resource.d/keel/{IPaddr,IPVSDirector,Proxy,ping}  (the agents)
#   OCF_ROOT/lib/keel/keel-ipvs-checker                   (IPVSDirector's health checker)
# Usage: agents/install.sh BUILD_DIR [OCF_ROOT]   (OCF_ROOT defaults to /usr/lib/ocf)
set -euo pipefail
build=${1:?usage: install.sh BUILD_DIR [OCF_ROOT]}
root=${2:-${OCF_ROOT:-/usr/lib/ocf}}
agents=$build/agents
install -d -m 0755 "$root" "$root/resource.d" "$root/resource.d/keel" "$root/lib" "$root/lib/keel"
install_one() {  # SOURCE TARGET
  if [[ -x $1 ]]; then
    install -m 0755 "$1" "$2"
  else
    echo "install.sh: $1 is not built; skipped" >&2
  fi
}
install_one "$agents/keel-ipaddr" "$root/resource.d/keel/IPaddr"
install_one "$agents/keel-ipvs-director" "$root/resource.d/keel/IPVSDirector"
install_one "$agents/keel-proxy" "$root/resource.d/keel/Proxy"
install_one "$agents/keel-ping" "$root/resource.d/keel/ping"
install_one "$agents/keel-ipvs-checker" "$root/lib/keel/keel-ipvs-checker"
echo "install.sh: agents installed under $root"
