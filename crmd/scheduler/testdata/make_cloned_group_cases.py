#!/usr/bin/env python3
"""Writes the golden CIBs of clones of groups (cloned-group-*.xml) with expectations from
Pacemaker, like make_clone_cases.py (whose CIB helpers it uses): Pacemaker 2.1.5's
`crm_simulate -S -x` decides the <!-- expect: --> and <!-- expect-clone: --> lines. The
expect-before / expect-action lines are written here by hand and were checked against
crm_simulate's "Executing Cluster Transition" list. Needs crm_simulate on PATH; then run
`KEEL_REGENERATE=1 scheduler_test` and review the .expected diff.
"""
import os, subprocess, importlib.util, importlib.machinery
OUT = os.path.dirname(os.path.abspath(__file__))


def load(name, path):
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_loader(name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


mc = load("make_clone_cases", os.path.join(OUT, "make_clone_cases.py"))
conf = load("conf", mc.CONFORMANCE)
cib, prim, clone, loc = mc.cib, mc.prim, mc.clone, mc.loc
RUNNING, PROBED, FAILMON = mc.RUNNING, mc.PROBED, mc.FAILMON
N3 = ["node1", "node2", "node3"]


def group(id, *members):
    return f'<group id="{id}">' + "".join(members) + "</group>"


G = group("g", prim("a"), prim("b"))
VIP = prim("vip")


def both(n, a_ops, b_ops):
    return [(f"a:{n}", "Dummy", a_ops), (f"b:{n}", "Dummy", b_ops)]


CASES = {
    "cloned-group-start": (
        "a clone of a two-member group with no history: one group instance per node, "
        "each member started after the one before it on the same node",
        cib(N3, clone("cl", G)),
        "<!-- expect-before: a:0_start_0 on node1 | b:0_start_0 on node1 -->\n"
        "<!-- expect-before: a:2_start_0 on node3 | b:2_start_0 on node3 -->"),
    "cloned-group-member-fails": (
        "the second member of one group instance fails its monitor: it alone is recovered "
        "there, the first member and the other instance stay",
        cib(["node1", "node2"], clone("cl", G),
            status={"node1": both(0, RUNNING, RUNNING), "node2": both(1, RUNNING, FAILMON)}),
        "<!-- expect-change: b:1 Recover -->\n"
        "<!-- expect-no-action: a:1_stop_0 on node2 -->\n"
        "<!-- expect-no-action: a:0_stop_0 on node1 -->\n"
        "<!-- expect-before: b:1_stop_0 on node2 | b:1_start_0 on node2 -->"),
    "cloned-group-first-member-fails": (
        "the first member of one group instance fails its monitor: it is recovered there "
        "and the member after it restarts (stopped before, started after)",
        cib(["node1", "node2"], clone("cl", G),
            status={"node1": both(0, RUNNING, RUNNING), "node2": both(1, FAILMON, RUNNING)}),
        "<!-- expect-change: a:1 Recover -->\n"
        "<!-- expect-change: b:1 Restart -->\n"
        "<!-- expect-before: b:1_stop_0 on node2 | a:1_stop_0 on node2 -->\n"
        "<!-- expect-before: a:1_start_0 on node2 | b:1_start_0 on node2 -->"),
    "cloned-group-constraints": (
        "a location bans the clone of a group from node3; a VIP colocated with the clone and "
        "ordered after it prefers node3 but goes where an instance runs, after its last "
        "member started there",
        cib(N3, clone("cl", G) + VIP,
            loc("no-node3", "cl", "node3", "-INFINITY") + loc("vip-pref", "vip", "node3", "100")
            + loc("vip-pref2", "vip", "node2", "50")
            + '<rsc_colocation id="vip-with-cl" rsc="vip" with-rsc="cl" score="INFINITY"/>'
            + '<rsc_order id="cl-then-vip" first="cl" then="vip"/>'),
        "<!-- expect-before: b:1_start_0 on node2 | vip_start_0 on node2 -->\n"
        "<!-- expect-before: b:0_start_0 on node1 | vip_start_0 on node2 -->"),
    "cloned-group-migration-threshold": (
        "the second member reaches migration-threshold on node2: the whole group instance "
        "leaves node2 (its first member stops there too), the others stay",
        cib(N3, clone("cl", G, {"migration-threshold": "2"}),
            status={"node1": both(0, RUNNING, RUNNING), "node2": both(1, RUNNING, FAILMON),
                    "node3": both(2, RUNNING, RUNNING)})
        .replace('<node_state id="node2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member">',
                 '<node_state id="node2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"><transient_attributes id="node2-ta"><instance_attributes id="node2-tia"><nvpair id="node2-fc" name="fail-count-b#monitor_10000" value="2"/></instance_attributes></transient_attributes>'),
        ""),
    "cloned-group-interleaved-after-clone": (
        "an interleaved clone of a group ordered and colocated after a clone: the base "
        "instance that fails on node2 restarts the group instance on node2 only, its members "
        "stopping last to first before the base stops",
        cib(["node1", "node2"], clone("base-clone", prim("base")) + clone("cl", G, {"interleave": "true"}),
            '<rsc_order id="base-then-cl" first="base-clone" then="cl"/>'
            '<rsc_colocation id="cl-with-base" rsc="cl" with-rsc="base-clone" score="INFINITY"/>',
            status={"node1": [("base:0", "Dummy", RUNNING)] + both(0, RUNNING, RUNNING),
                    "node2": [("base:1", "Dummy", FAILMON)] + both(1, RUNNING, RUNNING)}),
        "<!-- expect-no-action: a:0_stop_0 on node1 -->\n"
        "<!-- expect-before: b:1_stop_0 on node2 | a:1_stop_0 on node2 -->\n"
        "<!-- expect-before: a:1_stop_0 on node2 | base:1_stop_0 on node2 -->\n"
        "<!-- expect-before: base:1_start_0 on node2 | a:1_start_0 on node2 -->"),
    "cloned-group-ordered": (
        "ordered=true: the group instances start one after another",
        cib(["node1", "node2"], clone("cl", G, {"ordered": "true"})),
        "<!-- expect-before: b:0_start_0 on node1 | a:1_start_0 on node2 -->"),
    "cloned-group-pulled-by-dependent": (
        "clone-max=1: a VIP that must run on node3 and with the clone pulls the one group "
        "instance from node1 to node3 (what is colocated with the clone weighs in where its "
        "first member is placed)",
        cib(N3, clone("cl", G, {"clone-max": "1"}) + VIP,
            loc("vip-node3", "vip", "node3", "INFINITY")
            + '<rsc_colocation id="vip-with-cl" rsc="vip" with-rsc="cl" score="INFINITY"/>',
            status={"node1": both(0, RUNNING, RUNNING) + [("vip", "Dummy", PROBED)],
                    "node2": both(0, PROBED, PROBED) + [("vip", "Dummy", PROBED)],
                    "node3": both(0, PROBED, PROBED) + [("vip", "Dummy", PROBED)]}),
        "<!-- expect-change: a:0 Move -->\n<!-- expect-change: b:0 Move -->"),
    "cloned-group-partial-instance": (
        "clone-max=1, only the second member runs (on node2): the group instance counts as "
        "running there, locations on the clone weigh once (on its first member), and with "
        "the pull of a VIP colocated with it the instance stays on node2",
        cib(N3, clone("cl", G, {"clone-max": "1", "resource-stickiness": "0"}) + VIP,
            loc("l0", "cl", "node1", "50") + loc("l1", "cl", "node2", "-50")
            + loc("vip-node2", "vip", "node2", "INFINITY")
            + '<rsc_colocation id="vip-with-cl" rsc="vip" with-rsc="cl" score="100"/>',
            status={"node1": both(0, PROBED, PROBED) + [("vip", "Dummy", PROBED)],
                    "node2": [("a", "Dummy", PROBED), ("b", "Dummy", RUNNING), ("vip", "Dummy", PROBED)],
                    "node3": both(0, PROBED, PROBED) + [("vip", "Dummy", PROBED)]}),
        "<!-- expect-change: a:0 Start -->\n<!-- expect-change: b:0 Restart -->"),
    "cloned-group-clone-max": (
        "clone-max=2 with instances running on node1 and node3: they stay, node2 gets none",
        cib(N3, clone("cl", G, {"clone-max": "2"}),
            status={"node1": both(0, RUNNING, RUNNING), "node2": both(0, PROBED, PROBED),
                    "node3": both(1, RUNNING, RUNNING)}),
        "<!-- expect-no-action: a:0_stop_0 on node1 -->\n<!-- expect-no-action: b:1_stop_0 on node3 -->\n<!-- expect-no-action: a:2_start_0 on node2 -->"),
}


def main():
    for name, (comment, xml, extra) in CASES.items():
        path = os.path.join(OUT, name + ".xml")
        open(path, "w").write(xml)
        out = subprocess.run(["crm_simulate", "-S", "-x", path], capture_output=True, text=True)
        if out.returncode != 0 or "Revised" not in out.stdout:
            print("FAIL", name, out.stderr[:500])
            continue
        want = conf.expected(out.stdout)
        lines = [f"<!-- golden case {name}: {comment} -->",
                 "<!-- expectations from Pacemaker 2.1.5 crm_simulate -->"]
        for r, w in sorted(want["resources"].items()):
            lines.append(f'<!-- expect: {r} {w["state"]}{(" " + w["node"]) if w["node"] else ""} -->')
        for c, w in sorted(want.get("clones", {}).items()):
            for role in ("started", "failed"):
                lines.append(f'<!-- expect-clone: {c} {role}{"".join(" " + n for n in w[role])} -->')
        for n in want["fenced"]:
            lines.append(f"<!-- expect-fenced: {n} -->")
        if extra:
            lines.append(extra)
        open(path, "w").write("\n".join(lines) + "\n" + xml + "\n")
        print("==", name, want.get("clones"), want["resources"])
        print(out.stdout[out.stdout.find("Transition Summary"):out.stdout.find("Revised")])


if __name__ == "__main__":
    main()
