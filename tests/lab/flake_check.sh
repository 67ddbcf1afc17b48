#!/usr/bin/env bash
# Runs the whole lab label N times and prints, per test, how many runs it passed.
#   tests/lab/flake_check.sh N [BUILD_DIR]      (root; default BUILD_DIR build)
# Exit 0 only when every lab test passed every run. Each run's ctest output is kept in
# $KEEL_FLAKE_DIR (default /tmp/keel-flake.PID) as run-K.log, failures with their output.
set -euo pipefail
runs=${1:?usage: flake_check.sh N [BUILD_DIR]}
build=${2:-build}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "flake_check: N must be a positive number" >&2; exit 2; }
[[ -d $build ]] || { echo "flake_check: no build directory $build" >&2; exit 2; }
out=${KEEL_FLAKE_DIR:-/tmp/keel-flake.$$}
mkdir -p "$out"

declare -A passed=() seen=()
start=$(date +%s)
for ((k = 1; k <= runs; k++)); do
  log="$out/run-$k.log"
  # One lab run at a time on this machine (other checkouts take the same lock).
  flock /tmp/keel-lab.lock ctest --test-dir "$build" -L lab --output-on-failure >"$log" 2>&1 || true
  while read -r name verdict; do
    seen[$name]=1
    [[ $verdict == Passed ]] && passed[$name]=$((${passed[$name]:-0} + 1))
  done < <(sed -nE 's/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: ([^ ]+) \.+ *(\**[A-Za-z]+).*/\1 \2/p' "$log")
  echo "flake_check: run $k of $runs done ($(( $(date +%s) - start )) s so far), log $log"
done

bad=0
printf '%-32s %s\n' test passed
for name in $(printf '%s\n' "${!seen[@]}" | sort); do
  n=${passed[$name]:-0}
  printf '%-32s %d/%d\n' "$name" "$n" "$runs"
  ((n == runs)) || bad=$((bad + 1))
done
((${#seen[@]} > 0)) || { echo "flake_check: no lab test ran (see $out)" >&2; exit 1; }
echo "flake_check: ${#seen[@]} lab tests, $bad not passing every run, $(( $(date +%s) - start )) s"
((bad == 0))
