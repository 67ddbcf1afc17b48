#!/usr/bin/env python3
"""Keel's side of one load-balancer benchmark round, from the nodes' crmd logs.

usage: lb_timeline.py FAULT_EPOCH_MS CRMD_LOG...

Prints one line: the first time after the fault (ms, relative to it) that any node's crmd
logged each step of a failover: the new membership, the fence request, the agent's run on
the executor (started, done), the fencing's success, and the stops and starts of the VIP and
the director. Steps that did not happen are left out.
crmd's log lines start with an ISO stamp in UTC ("2026-11-24T08:51:52.055895Z text").
"""
import datetime
import sys

STEPS = [  # (label, text the line contains)
    ("shutdown asked", "shutdown: requested"),
    ("membership", "sync: membership "),
    ("fence sent", "fencing: reboot with "),
    ("agent started", "fencing: running "),
    ("agent done", " done after "),
    ("fenced", "succeeded"),
    ("first action sent", "controller: sending "),
    ("director stopped", "executor: director_stop_0 call="),
    ("vip stopped", "executor: vip_stop_0 call="),
    ("vip started", "executor: vip_start_0 call="),
    ("director started", "executor: director_start_0 call="),
]


def stamp_ms(line):
    head = line.split(" ", 1)[0]
    if not head.endswith("Z") or "T" not in head:
        return None
    try:
        when = datetime.datetime.strptime(head, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return None
    return when.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000


def first_times(fault_ms, paths):
    found = {}
    for path in paths:
        try:
            with open(path, errors="replace") as f:
                lines = f.readlines()
        except OSError:
            continue
        for line in lines:
            ms = stamp_ms(line)
            if ms is None or ms < fault_ms:
                continue
            for label, text in STEPS:
                if text not in line or (label == "fenced" and "fencing: reboot of " not in line):
                    continue
                if label == "agent done" and "fencing: " not in line:
                    continue
                found[label] = min(found.get(label, ms), ms)
    return found


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    fault_ms = int(argv[1])
    found = first_times(fault_ms, argv[2:])
    steps = [f"{label} +{found[label] - fault_ms:.0f}" for label, _ in STEPS if label in found]
    print("keel: " + (", ".join(steps) + " ms" if steps else "no failover step logged"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
