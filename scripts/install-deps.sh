#!/usr/bin/env bash
# Installs the Debian 12 packages Keel's build, tests and demo need. Idempotent: does
# nothing when everything is present. Run as root.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  corosync libcorosync-common-dev libcpg-dev libquorum-dev libcmap-dev libvotequorum-dev libqb-dev
  libtinyxml2-dev libboost-program-options-dev libedit-dev liblz4-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  # packaging tests: cpack's dpkg-shlibdeps, systemd-analyze for keel.service
  dpkg-dev systemd
  # fuzzing (libFuzzer; clang-16 because clang-14 cannot compile libstdc++'s <expected>)
  clang-16 libclang-rt-16-dev
  # lab and agents
  corosync-qnetd corosync-qdevice libnss3-tools
  iproute2 nftables iputils-ping util-linux procps psmisc
  resource-agents haproxy tcpdump curl python3 tmux
  fence-agents
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
if [[ $(id -u) != 0 ]]; then
  echo "install-deps: missing ${missing[*]}; run as root to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
