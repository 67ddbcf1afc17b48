#!/usr/bin/env bash
# The main job: installs, builds, and shows Keel at work on this one machine.
# For now: the scheduler's plan for the example load-balancer cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh default >/dev/null
build/cli/crm simulate --xml-file doc/examples/lb-cluster.xml
