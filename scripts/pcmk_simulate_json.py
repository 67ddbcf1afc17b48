#!/usr/bin/env python3
"""Pacemaker's own answer in the JSON form ../shared/bin/scheduler-conformance reads.

Runs the installed crm_simulate (package pacemaker-cli-utils) on a CIB and reads its
"Revised Cluster Status" with the conformance script's own parser, so that Pacemaker and
Keel are judged by the same code. The cases spell the fencing options the newer way
(fencing-enabled, -action, -timeout), which 2.1.5 does not read (it would refuse to start
anything without a fence device): they are handed to it as stonith-*.

    KEEL_SIMULATE="scripts/pcmk_simulate_json.py" ../shared/bin/scheduler-conformance

usage: pcmk_simulate_json.py --xml-file CIB.xml --json
(KEEL_CONFORMANCE: the conformance script, default ../shared/bin/scheduler-conformance
beside the repository)
"""
import importlib.machinery, importlib.util, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def conformance_module():
    path = os.environ.get("KEEL_CONFORMANCE",
                          os.path.join(HERE, "..", "..", "shared", "bin", "scheduler-conformance"))
    loader = importlib.machinery.SourceFileLoader("scheduler_conformance", path)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def main(argv):
    if len(argv) != 3 or argv[0] != "--xml-file" or argv[2] != "--json":
        print("usage: pcmk_simulate_json.py --xml-file CIB.xml --json", file=sys.stderr)
        return 2
    with open(argv[1]) as fh:
        cib = re.sub(r'name="fencing-(enabled|action|timeout)"', r'name="stonith-\1"', fh.read())
    with tempfile.NamedTemporaryFile("w", suffix=".xml") as tmp:
        tmp.write(cib)
        tmp.flush()
        run = subprocess.run(["crm_simulate", "-S", "-x", tmp.name], capture_output=True,
                             text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr[-300:])
        return run.returncode
    try:
        answer = conformance_module().expected(run.stdout)
    except ValueError as e:
        print(f"crm_simulate output: {e}", file=sys.stderr)
        return 1
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
