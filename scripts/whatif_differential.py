#!/usr/bin/env python3
"""Compare `crm simulate`'s what-if node events with crm_simulate's.

For every case of ../shared/pcmk-scheduler where Keel and the installed crm_simulate already
agree on the plain case, fail, take down or bring up the last configured node
in both and compare the cluster after the transition (the conformance script's comparison).
crm_simulate 2.1.5 does not know `fencing-enabled`, so its copy says `stonith-enabled`.

usage: whatif_differential.py fail|down|up [--cases DIR] [--crm PATH] [-v]
"""
import argparse, importlib.machinery, importlib.util, json, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(HERE, "..", "..", "shared")


def load_conformance():
    path = os.path.join(SHARED, "bin", "scheduler-conformance")
    loader = importlib.machinery.SourceFileLoader("conformance", path)
    spec = importlib.util.spec_from_loader("conformance", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def pacemaker(xml_text, extra, workdir):
    path = os.path.join(workdir, "case.xml")
    with open(path, "w") as fh:
        fh.write(xml_text.replace('name="fencing-enabled"', 'name="stonith-enabled"'))
    run = subprocess.run(["crm_simulate", "-x", path, "-S"] + extra, capture_output=True,
                         text=True, timeout=60)
    return run.stdout if run.returncode == 0 and "Revised Cluster Status" in run.stdout else None


def keel(crm, path, extra):
    run = subprocess.run([crm, "simulate", "--xml-file", path, "--json"] + extra,
                         capture_output=True, text=True, timeout=60)
    return json.loads(run.stdout) if run.returncode == 0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("event", choices=["fail", "down", "up"])
    ap.add_argument("--cases", default=os.path.join(SHARED, "pcmk-scheduler"))
    ap.add_argument("--crm", default=os.path.join(HERE, "..", "build", "cli", "crm"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    conf = load_conformance()
    option = "--node-" + args.event
    flag = {"fail": "-f", "down": "-d", "up": "-u"}[args.event]
    agree = differ = skipped = 0
    with tempfile.TemporaryDirectory() as workdir:
        for name in sorted(f[:-4] for f in os.listdir(args.cases) if f.endswith(".xml")):
            path = os.path.join(args.cases, name + ".xml")
            with open(path) as fh:
                text = fh.read()
            nodes = re.findall(r'<node [^>]*uname="([^"]+)"', text)
            base_want, base_got = pacemaker(text, [], workdir), keel(args.crm, path, [])
            if not nodes or base_want is None or base_got is None or \
                    conf.compare(conf.expected(base_want), base_got):
                skipped += 1
                continue
            want = pacemaker(text, [flag, nodes[-1]], workdir)
            got = keel(args.crm, path, [option, nodes[-1]])
            if want is None:
                skipped += 1
                continue
            problems = ["keel failed"] if got is None else conf.compare(conf.expected(want), got)
            if problems:
                differ += 1
                print(f"DIFF {name} {option} {nodes[-1]}: {problems[:3]}")
            else:
                agree += 1
                if args.verbose:
                    print(f"ok   {name}")
    print(f"{option}: {agree} agree, {differ} differ, {skipped} skipped (refused, or the plain "
          "case differs already)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
