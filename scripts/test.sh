#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: unit tests (plain and with
# ASan+UBSan), the bounded fuzz run, and the lab tests when run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh default

echo "== unit tests"
ctest --test-dir build -L unit --output-on-failure -j "$(nproc)"

echo "== unit tests under AddressSanitizer + UBSan"
scripts/build.sh asan
ctest --test-dir build-asan -L unit --output-on-failure -j "$(nproc)"

echo "== bounded fuzz run"
cmake --preset fuzz >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_targets
ctest --test-dir build-fuzz -L fuzz --output-on-failure

if [[ $(id -u) == 0 ]]; then
  echo "== lab tests (real corosync in network namespaces)"
  # One lab run at a time on a machine (flake_check.sh and other checkouts take the same lock).
  flock /tmp/keel-lab.lock ctest --test-dir build -L lab --output-on-failure
else
  echo "== lab tests skipped: they need root"
fi
