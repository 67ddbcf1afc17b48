#!/usr/bin/env bash
# keel.service as installed passes `systemd-analyze verify` with no complaint at all (verify
# exits 0 on unknown keys and bad values, so any output fails the test), its ExecStart is the
# installed crmd, and the man pages its Documentation= names are installed.
# Usage: systemd_verify_test.sh BUILD_DIR. Exit 77 (skip) only when systemd-analyze is absent.
set -euo pipefail
build=${1:?usage: systemd_verify_test.sh BUILD_DIR}
fail() { echo "FAIL: $*" >&2; exit 1; }

if ! command -v systemd-analyze >/dev/null; then
  echo "SKIP: systemd-analyze is not installed (Debian package systemd)"
  exit 77
fi
units=/lib/systemd/system
[[ -f $units/corosync.service ]] || fail "$units/corosync.service is missing (Debian package corosync)"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
DESTDIR=$root cmake --install "$build" >/dev/null || fail "cmake --install $build failed"
unit=$root$units/keel.service
[[ -f $unit ]] || fail "cmake --install put no keel.service in $units"

# verify --root resolves every unit inside the root: give it this machine's units
# (corosync.service, the targets) beside the installed keel.service.
cp -an "$units/." "$root$units/"
out=$(systemd-analyze verify --root="$root" --man=no "$units/keel.service" 2>&1) ||
  fail "systemd-analyze verify failed: $out"
[[ -z $out ]] || fail "systemd-analyze verify complained: $out"

unit_text=$(<"$unit")
exec_start=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' <<<"$unit_text")
[[ $exec_start == /usr/sbin/crmd ]] || fail "ExecStart runs '$exec_start', not /usr/sbin/crmd"
[[ -x $root$exec_start ]] || fail "$exec_start is not installed"
for key in Requires=corosync.service After=corosync.service KillMode=process Restart=on-failure; do
  grep -qx "$key" <<<"$unit_text" || fail "keel.service lacks $key"
done

pages=$(sed -n 's/^Documentation=//p' <<<"$unit_text")
[[ -n $pages ]] || fail "keel.service has no Documentation="
for page in $pages; do
  [[ $page =~ ^man:([a-z-]+)\(([1-8])\)$ ]] || fail "Documentation entry '$page' is not man:NAME(N)"
  f=$root/usr/share/man/man${BASH_REMATCH[2]}/${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.gz
  [[ -f $f ]] || fail "$page is not installed ($f)"
done
echo "keel.service verified: ExecStart=$exec_start, documentation: $pages"
