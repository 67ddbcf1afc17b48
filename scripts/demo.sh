#!/usr/bin/env bash
# The main job: installs, builds, and shows Keel at work on this one machine: the scheduler's
# plan for the example load-balancer cluster, then (as root) the load balancer end to end on a
# 3-node lab cluster: VIP + LVS director + cloned HAProxy + web servers, a client through the
# VIP, a crash of the active node and the client's view of the failover (scripts/lab_demo.sh;
# everything is torn down on exit).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Only what the demo runs (the tests and benchmarks are `.ci/run`'s): the daemon, the shell,
# Keel's agents and the IPVS health checker, into build-demo/ without debug information (the
# "demo" preset: a third less compile time than build/'s RelWithDebInfo on 2 cores).
scripts/build.sh demo crmd crm keel-ipaddr keel-ipvs-director keel-proxy keel-ipvs-checker \
  >/dev/null
build-demo/cli/crm simulate --xml-file doc/examples/lb-cluster.xml
if [[ $(id -u) -ne 0 ]]; then
  echo "demo: the lab cluster needs root (network namespaces); skipped" >&2
  exit 0
fi
KEEL_BUILD=build-demo scripts/lab_demo.sh
