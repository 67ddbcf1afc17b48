#!/usr/bin/env bash
# Configures and builds one CMake preset (default: "default" into build/): everything, or only
# the given targets.
#   scripts/build.sh [PRESET] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
shift || true
targets=()
(($# == 0)) || targets=(--target "$@")
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
