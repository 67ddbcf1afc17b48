#!/usr/bin/env python3
"""Random promotable-clone CIBs: Keel's `crm simulate --json` against Pacemaker's crm_simulate.

Each seed builds a CIB of 2-4 nodes with a promotable clone `ms` of a Stateful primitive
`db` (random promoted-max, clone-max, stickiness, standby nodes, locations with and without
role Promoted, master-db promotion scores, histories: stopped, unpromoted, promoted, failed)
and, with the feature `vip`, a primitive colocated with the promoted role (or the promoted
role with it) and ordered after the promote; with `more`, also promoted-node-max, an
unmanaged clone, migration-threshold, failed promoted monitors, probes finding it promoted
and demoted histories. Both schedulers' final roles and placements are compared with
scheduler-conformance's rules; each disagreement is printed with a kind: ROLE (the same
nodes run an instance, the roles differ), placement (the nodes differ), shuffle
(crm_simulate moves an instance, which the newer Pacemaker of the regression summaries,
Keel's reference, does not do in the same way). Ends with "agree N of M". Needs
crm_simulate (Pacemaker 2.1.5) on PATH.

Known kinds of disagreement with 2.1.5 (the regression summaries are the reference): a
finite colocation of the promoted role with a primitive adds to the promotion priority in
the newer Pacemaker (coloc-optional-promoted-dependent-*), not in 2.1.5; 2.1.5 moves running
instances where the newer one does not (clone-recover-no-shuffle-*) and the reverse (1360);
which instance number takes a probe's history differs, which decides whose promotion score
a fresh node gives.

usage: scripts/promotable_differential.py [FIRST [COUNT [vip] [more]]]   (from the
       repository root; KEEL_SIMULATE overrides "build/cli/crm simulate")
"""
import importlib.machinery, importlib.util, json, os, random, re, shlex, shutil, subprocess, sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.join(HERE, "..", "..", "shared", "bin", "scheduler-conformance")
loader = importlib.machinery.SourceFileLoader("sc", CONFORMANCE)
spec = importlib.util.spec_from_loader("sc", loader); sc = importlib.util.module_from_spec(spec); loader.exec_module(sc)


def gen(seed, feats):
    rnd = random.Random(seed)
    N = rnd.choice([2,3,3,4])
    nodes = [f"node{i}" for i in range(1, N+1)]
    out = []; w = out.append
    w('<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.7" have-quorum="1" dc-uuid="1"><configuration><crm_config><cluster_property_set id="o"><nvpair id="o1" name="stonith-enabled" value="false"/></cluster_property_set></crm_config><nodes>')
    for i,n in enumerate(nodes,1):
        sb = rnd.random() < 0.15
        w(f'<node id="{i}" uname="{n}">' + (f'<instance_attributes id="na{i}"><nvpair id="na{i}s" name="standby" value="on"/></instance_attributes>' if sb else '') + '</node>')
    w('</nodes><resources>')
    meta = '<nvpair id="m1" name="promotable" value="true"/>'
    if rnd.random() < 0.3: meta += f'<nvpair id="m2" name="promoted-max" value="{rnd.choice([1,2,2,3])}"/>'
    if rnd.random() < 0.3: meta += f'<nvpair id="m3" name="clone-max" value="{rnd.choice([1,2,3])}"/>'
    if rnd.random() < 0.2: meta += f'<nvpair id="m4" name="resource-stickiness" value="{rnd.choice([0,5,100])}"/>'
    if "more" in feats and rnd.random() < 0.2: meta += f'<nvpair id="m5" name="promoted-node-max" value="{rnd.choice([1,2])}"/>'
    if "more" in feats and rnd.random() < 0.1: meta += '<nvpair id="m6" name="is-managed" value="false"/>'
    if "more" in feats and rnd.random() < 0.15: meta += f'<nvpair id="m7" name="migration-threshold" value="1"/>'
    w(f'<clone id="ms"><meta_attributes id="msm">{meta}</meta_attributes><primitive id="db" class="ocf" provider="pacemaker" type="Stateful"><operations><op id="db-mp" name="monitor" interval="10s" role="Promoted"/><op id="db-mu" name="monitor" interval="11s" role="Unpromoted"/></operations></primitive></clone>')
    vip = 'vip' in feats and rnd.random() < 0.6
    if vip: w('<primitive id="vip" class="ocf" provider="heartbeat" type="Dummy"/>')
    w('</resources><constraints>')
    if rnd.random() < 0.4:
        w(f'<rsc_location id="lp" rsc="ms" role="Promoted" node="{rnd.choice(nodes)}" score="{rnd.choice([5,10,100,"INFINITY","-INFINITY",-5])}"/>')
    if rnd.random() < 0.3:
        w(f'<rsc_location id="ls" rsc="ms" node="{rnd.choice(nodes)}" score="{rnd.choice([5,10,100,"-INFINITY",-5])}"/>')
    if vip:
        if rnd.random() < 0.5:
            w(f'<rsc_location id="lv" rsc="vip" node="{rnd.choice(nodes)}" score="{rnd.choice([10,100,"INFINITY"])}"/>')
        sc_ = rnd.choice(["INFINITY","-INFINITY","50","10"])
        if rnd.random() < 0.5:
            w(f'<rsc_colocation id="cv" rsc="vip" with-rsc="ms" with-rsc-role="Promoted" score="{sc_}"/>')
        else:
            w(f'<rsc_colocation id="cv" rsc="ms" rsc-role="Promoted" with-rsc="vip" score="{sc_}"/>')
        if rnd.random() < 0.3:
            w('<rsc_order id="ov" first="ms" first-action="promote" then="vip" then-action="start"/>')
    w('</constraints></configuration><status>')
    k = 0
    for i,n in enumerate(nodes,1):
        w(f'<node_state id="{i}" uname="{n}" in_ccm="true" crmd="online" join="member" expected="member">')
        if rnd.random() < 0.8:
            w(f'<transient_attributes id="t{i}"><instance_attributes id="ta{i}"><nvpair id="ta{i}m" name="master-db" value="{rnd.choice([0,1,5,5,10,20,"INFINITY"])}"/></instance_attributes></transient_attributes>')
        w(f'<lrm id="{i}"><lrm_resources>')
        st = rnd.choice(["none","none","stopped","unpromoted","unpromoted","promoted","failed"] + (["failedp","promoted8","demoted"] if "more" in feats else []))
        ops = []
        def op(name, interval, rc, target, call):
            dg = "4811cef7f7f94e3a35a70be7916cb2fd" if interval else "f2317cad3d54cec5d7d7aa7d0bf35cf8"
            ops.append(f'<lrm_rsc_op id="db_{name}_{interval}_{call}" operation_key="db_{name}_{interval}" operation="{name}" interval="{interval}" call-id="{call}" rc-code="{rc}" op-status="0" transition-key="{call}:1:{target}:abcd" transition-magic="0:{rc};{call}:1:{target}:abcd" on_node="{n}" crm_feature_set="3.0.10" op-digest="{dg}"/>')
        if st == "stopped": op("monitor",0,7,7,1)
        elif st == "unpromoted": op("start",0,0,0,2); op("monitor",11000,0,0,3)
        elif st == "promoted": op("start",0,0,0,2); op("promote",0,0,0,3); op("monitor",10000,8,8,4)
        elif st == "failed": op("start",0,0,0,2); op("monitor",11000,1,0,3)
        elif st == "failedp": op("start",0,0,0,2); op("promote",0,0,0,3); op("monitor",10000,rnd.choice([9,7,1]),8,4)
        elif st == "promoted8": op("monitor",0,8,7,1)
        elif st == "demoted": op("start",0,0,0,2); op("promote",0,0,0,3); op("demote",0,0,0,4); op("monitor",11000,0,0,5)
        if ops:
            w('<lrm_resource id="db" class="ocf" provider="pacemaker" type="Stateful">' + "".join(ops) + '</lrm_resource>')
        w('</lrm_resources></lrm></node_state>')
    w('</status></cib>')
    return "\n".join(out)

def main():
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    feats = sys.argv[3:]
    simulate = shlex.split(os.environ.get("KEEL_SIMULATE", "build/cli/crm simulate"))
    work = tempfile.mkdtemp(prefix="promotable-diff-")
    agree = total = 0
    for seed in range(first, first + count):
        path = os.path.join(work, f"{seed}.xml")
        with open(path, "w") as fh:
            fh.write(gen(seed, feats))
        p = subprocess.run(["crm_simulate", "-S", "-x", path], capture_output=True, text=True)
        if "Revised Cluster Status" not in p.stdout:
            continue
        want = sc.expected(p.stdout)
        k = subprocess.run(simulate + ["--xml-file", path, "--json"], capture_output=True, text=True)
        total += 1
        if k.returncode:
            print(seed, "keel error", k.stderr[-200:])
            continue
        got = json.loads(k.stdout)
        probs = sc.compare(want, got)
        roles = ("started", "promoted", "unpromoted", "failed")
        wc = want.get("clones", {}).get("ms", {}); gc = got.get("clones", {}).get("ms", {})
        same_nodes = set(sum((wc.get(r, []) for r in roles), [])) == set(sum((gc.get(r, []) for r in roles), []))
        kind = "ROLE" if same_nodes else "placement"
        if re.search(r"Move\s+db:", p.stdout):
            kind = "shuffle"
        if probs:
            print(seed, kind, probs)
        else:
            agree += 1
    shutil.rmtree(work, ignore_errors=True)
    print(f"agree {agree} of {total}")


main()
