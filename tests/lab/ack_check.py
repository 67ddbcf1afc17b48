#!/usr/bin/env python3
"""Checks the history of a lab run with concurrent `crm configure` writers (topology loop,
KEEL_LOOP_WRITERS=1). Usage: ack_check.py DIR

DIR holds:
  writes-nK.log   one line per write: NODE NAME START_MS END_MS EXIT (exit 0 = acknowledged)
  obs.log         one line per CIB read: MS NODE VERSION SHA (the whole `crm cib query` output)
  obs/SHA.xml     the CIB text of each distinct SHA
  final-nK.xml    every node's CIB at the end, after all faults are healed
  faults.log      one line per round: ROUND START_MS RESTORED_MS FAULTED... -- DESCRIPTION
  nK/log/crmd.log every node's crmd log: "cib: applied change from nX, now VERSION" lines

Checks (exit 1 when one fails):
  1. every acknowledged write is in every node's final CIB (a property named after the write);
  2. no two reads of the same version showed different CIB contents (any node, any time), and
     no two nodes applied configuration changes from different origins to reach the same
     version (crmd logs every change it applies: a complete history, where reads are samples);
  3. every node's final CIB is the same.
Writes that were refused or timed out (exit != 0) are indeterminate: they may or may not be
there, and are only counted.
"""
import glob
import os
import re
import sys
from collections import defaultdict


def fault_at(faults, ms):
    for f in faults:
        if f["start"] <= ms <= f["restored"]:
            return f
    return None


def main():
    d = sys.argv[1]
    writes = []
    for path in sorted(glob.glob(os.path.join(d, "writes-n*.log"))):
        with open(path) as fh:
            for line in fh:
                p = line.split()
                if len(p) != 5:
                    continue
                writes.append(dict(node=p[0], name=p[1], start=int(p[2]), end=int(p[3]), rc=int(p[4])))
    faults = []
    if os.path.exists(os.path.join(d, "faults.log")):
        with open(os.path.join(d, "faults.log")) as fh:
            for line in fh:
                head, _, desc = line.rstrip("\n").partition(" -- ")
                p = head.split()
                faults.append(dict(round=p[0], start=int(p[1]), restored=int(p[2]), faulted=p[3:], desc=desc))
    finals = {}
    for path in sorted(glob.glob(os.path.join(d, "final-n*.xml"))):
        node = re.search(r"final-n(\d+)\.xml$", path).group(1)
        with open(path) as fh:
            finals[node] = fh.read()

    acked = [w for w in writes if w["rc"] == 0]
    print(f"writes: {len(writes)} attempted, {len(acked)} acknowledged, "
          f"{sum(1 for w in writes if w['rc'] == 124)} timed out, "
          f"{sum(1 for w in writes if w['rc'] not in (0, 124))} refused or failed")
    if not finals:
        print("no final CIBs")
        return 1
    lost = []
    for w in acked:
        missing = [n for n, cib in sorted(finals.items()) if f'name="{w["name"]}"' not in cib]
        if missing:
            lost.append((w, missing))
    for w, missing in lost:
        f = fault_at(faults, w["end"])
        where = (f"during round {f['round']} ({f['desc']}; faulted n{' n'.join(f['faulted'])})"
                 if f else "outside any fault")
        print(f"LOST: {w['name']} acknowledged by n{w['node']} at {w['end']} "
              f"({w['end'] - w['start']} ms), missing on n{' n'.join(missing)}, {where}")
    if lost:
        by_faulted = sum(1 for w, _ in lost
                         if (f := fault_at(faults, w["end"])) and w["node"] in f["faulted"])
        print(f"acknowledged writes lost: {len(lost)} of {len(acked)} "
              f"({by_faulted} acknowledged by a node that was faulted at the time)")
    else:
        print(f"acknowledged writes lost: 0 of {len(acked)}")

    seen = defaultdict(lambda: defaultdict(list))  # version -> sha -> [(ms, node)]
    reads = 0
    obs = os.path.join(d, "obs.log")
    if os.path.exists(obs):
        with open(obs) as fh:
            for line in fh:
                p = line.split()
                if len(p) != 4:
                    continue
                reads += 1
                seen[p[2]][p[3]].append((int(p[0]), p[1]))
    conflicts = {v: shas for v, shas in seen.items() if len(shas) > 1}
    print(f"CIB reads: {reads} of {len(seen)} versions; versions with different contents: {len(conflicts)}")
    for v, shas in sorted(conflicts.items()):
        parts = []
        for sha, when in shas.items():
            nodes = sorted({n for _, n in when})
            parts.append(f"{sha[:10]} on n{' n'.join(nodes)} at {min(t for t, _ in when)}..{max(t for t, _ in when)}")
        f = fault_at(faults, min(t for when in shas.values() for t, _ in when))
        print(f"CONFLICT: version {v}: " + "; ".join(parts) +
              (f" (round {f['round']}: {f['desc']})" if f else ""))
    # The same version reached by applying changes from different origins: different contents.
    applied = defaultdict(dict)  # version -> origin -> (first time text, [nodes])
    pat = re.compile(r"^(\S+) cib: applied change from (\S+), now (\S+)$")
    for path in sorted(glob.glob(os.path.join(d, "n*", "log", "crmd.log"))):
        node = re.search(r"/n(\d+)/log/crmd\.log$", path).group(1)
        with open(path, errors="replace") as fh:
            for line in fh:
                m = pat.match(line.rstrip("\n"))
                if m:
                    when, origin, version = m.groups()
                    entry = applied[version].setdefault(origin, [when, []])
                    entry[1].append(node)
    log_conflicts = {v: o for v, o in applied.items() if len(o) > 1}
    print(f"changes applied (crmd logs): {len(applied)} versions; "
          f"versions reached from different origins: {len(log_conflicts)}")
    for v, origins in sorted(log_conflicts.items(), key=lambda kv: min(e[0] for e in kv[1].values())):
        print(f"CONFLICT: version {v}: " + "; ".join(
            f"change from {o} on n{' n'.join(sorted(set(e[1])))} ({e[0]})" for o, e in sorted(origins.items())))
    texts = set(finals.values())
    if len(texts) > 1:
        print("final CIBs differ: " + ", ".join(f"n{n}" for n in sorted(finals)))
    else:
        print(f"final CIBs: the same on n{' n'.join(sorted(finals))}")
    return 1 if (lost or conflicts or log_conflicts or len(texts) > 1) else 0


if __name__ == "__main__":
    sys.exit(main())
