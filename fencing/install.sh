#!/usr/bin/env bash
# Installs the lab fence agent (a test tool) where fence agents live: DESTDIR/usr/sbin.
# Usage: fencing/install.sh [DESTDIR]      (as root for the default /)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-}/usr/sbin
install -d "$dest"
install -m 0755 "$here/fence_keel_lab" "$dest/fence_keel_lab"
echo "installed $dest/fence_keel_lab"
