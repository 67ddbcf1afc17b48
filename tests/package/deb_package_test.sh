#!/usr/bin/env bash
# Builds the Debian package from a build directory (CPack DEB) and checks it: every file and
# directory with its mode and owner against tests/package/deb_contents.txt (dpkg-deb
# --contents), the control fields (name, version, architecture, the Depends that
# dpkg-shlibdeps derives from the binaries, the Conflicts with crmsh), the maintainer scripts
# and conffiles, and that the binaries are stripped.
# Usage: deb_package_test.sh BUILD_DIR VERSION
#   KEEL_REGEN=1 rewrites deb_contents.txt from the package (review the diff).
set -euo pipefail
build=${1:?usage: deb_package_test.sh BUILD_DIR VERSION}
version=${2:?usage: deb_package_test.sh BUILD_DIR VERSION}
here=$(cd "$(dirname "$0")" && pwd)
expected=$here/deb_contents.txt
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in cpack dpkg-deb dpkg-shlibdeps readelf; do
  command -v $tool >/dev/null || fail "$tool is missing (scripts/install-deps.sh installs it)"
done

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
log=$out/cpack.log
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$out" >"$log" 2>&1 || {
  cat "$log" >&2
  fail "cpack failed"
}
arch=$(dpkg --print-architecture)
deb=$out/keel_${version}_${arch}.deb
[[ -f $deb ]] || fail "no $deb; cpack made: $(ls "$out")"
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

# Files, modes, owners. Sizes and dates are left out: they change with every build.
actual=$(dpkg-deb --contents "$deb" | awk '{ $3 = $4 = $5 = ""; print }' | tr -s ' ' | LC_ALL=C sort)
if [[ ${KEEL_REGEN:-} == 1 ]]; then
  printf '%s\n' "$actual" >"$expected"
  echo "rewrote $expected"
fi
if ! diff_out=$(diff <(printf '%s\n' "$actual") "$expected"); then
  fail "package contents differ from $expected (< package, > expected):
$diff_out"
fi
echo "contents: $(wc -l <<<"$actual") entries as expected"

# Control fields.
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == keel ]] || fail "Package is '$(field Package)'"
[[ $(field Version) == "$version" ]] || fail "Version is '$(field Version)', not $version"
[[ $(field Architecture) == "$arch" ]] || fail "Architecture is '$(field Architecture)'"
depends=$(field Depends)
dep_names=$(sed 's/ ([^)]*)//g; s/, /\n/g' <<<"$depends")
# The libraries as the binaries link them (dpkg-shlibdeps): crmd uses libcpg, libquorum and
# libcmap; nothing calls libvotequorum, so --as-needed leaves it out.
for dep in corosync adduser iproute2 libcpg4 libquorum5 libcmap4 libcorosync-common4 libqb100 \
  libedit2 libboost-program-options1.74.0 libstdc++6 libc6; do
  grep -Fqx -- "$dep" <<<"$dep_names" || fail "Depends lacks $dep: $depends"
done
[[ $(field Conflicts) == crmsh ]] || fail "Conflicts is '$(field Conflicts)', not crmsh"

# Maintainer scripts and conffiles.
ctrl=$out/control
mkdir "$ctrl"
dpkg-deb --control "$deb" "$ctrl"
for script in postinst prerm postrm; do
  [[ -x $ctrl/$script ]] || fail "no executable $script"
  sh -n "$ctrl/$script" || fail "$script: syntax error"
done
postinst=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$ctrl/postinst")  # continuation lines joined
grep -q 'addgroup .*--system haclient' <<<"$postinst" || fail "postinst creates no haclient group"
grep -q 'adduser .*--system .*--ingroup haclient .*hacluster' <<<"$postinst" ||
  fail "postinst creates no hacluster user in haclient"
for dir in /var/lib/keel /var/lib/keel/cib /var/lib/keel/shadow /var/log/keel; do
  grep -q "^$dir hacluster haclient [0-7]*$" <<<"$postinst" || fail "postinst sets no owner for $dir"
done
etc_files=$(dpkg-deb --contents "$deb" | awk '$1 !~ /^d/ && $6 ~ /^\.\/etc\// { print substr($6, 2) }' | LC_ALL=C sort)
[[ $(LC_ALL=C sort "$ctrl/conffiles") == "$etc_files" ]] ||
  fail "conffiles ($(tr '\n' ' ' <"$ctrl/conffiles")) != files under /etc ($(tr '\n' ' ' <<<"$etc_files"))"

# Every ELF file is stripped.
root=$out/root
dpkg-deb --extract "$deb" "$root"
elves=0
while IFS= read -r -d '' f; do
  [[ $(head -c 4 "$f" | od -An -c | tr -d ' ') == 177ELF ]] || continue
  elves=$((elves + 1))
  if readelf -S "$f" | grep -q '\.debug_info'; then fail "${f#"$root"} is not stripped"; fi
done < <(find "$root" -type f -print0)
((elves == 12)) || fail "expected 12 binaries (crmd, crm, keel-fence, 4 agents, keel-ipvs-checker, attrd_updater, crm_attribute, crm_master, crm_node), found $elves"
echo "control, scripts, conffiles and $elves stripped binaries as expected"
