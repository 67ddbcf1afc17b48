#!/usr/bin/env python3
"""Random anonymous-clone CIBs: Keel's `crm simulate --json` against Pacemaker's crm_simulate.

Each seed builds a CIB of 2-5 nodes with an anonymous clone (random clone-max, stickiness,
migration-threshold, locations, standby nodes, running / probed / failed histories) and one
of: nothing else, a VIP colocated with and ordered around the clone, a second clone ordered
and colocated after it (interleave or not), or the clone colocated with a primitive. Both
schedulers' final placements are compared with scheduler-conformance's rules; prints each
disagreement and "agree N of M". Needs crm_simulate (Pacemaker 2.1.5) on PATH.

usage: scripts/clone_differential.py [FIRST [COUNT]]   (from the repository root;
       KEEL_SIMULATE overrides "build/cli/crm simulate")
"""
import json, os, random, shlex, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "crmd", "scheduler", "testdata"))
from make_clone_cases import CONFORMANCE, FAILMON, PROBED, RUNNING, cib, clone, loc, prim  # noqa: E402
import importlib.machinery, importlib.util  # noqa: E402

loader = importlib.machinery.SourceFileLoader("conf", CONFORMANCE)
spec = importlib.util.spec_from_loader("conf", loader); conf = importlib.util.module_from_spec(spec); loader.exec_module(conf)
first = int(sys.argv[1]) if len(sys.argv) > 1 else 0
count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
simulate = shlex.split(os.environ.get("KEEL_SIMULATE", "build/cli/crm simulate"))
work = tempfile.mkdtemp(prefix="clone-diff-")


def make(seed):
    r=random.Random(seed)
    N=r.randint(2,5); nodes=[f"node{i}" for i in range(1,N+1)]
    meta={}
    if r.random()<0.5: meta["clone-max"]=str(r.randint(0,N+1))
    if r.random()<0.3: meta["resource-stickiness"]=str(r.choice([0,1,5,100]))
    if r.random()<0.3: meta["migration-threshold"]=str(r.choice([1,2,3]))
    inter = r.random()<0.5
    res=clone("c",prim("d"),meta)
    cons=''
    for i,n in enumerate(nodes):
        if r.random()<0.3: cons+=loc(f"l{i}","c",n,r.choice(["-INFINITY","5","10","-5","INFINITY","1"]))
    kind=r.choice(["none","vip","vip","clone2","clonewith"])
    if kind=="vip":
        res+=prim("vip")
        if r.random()<0.7: cons+=f'<rsc_colocation id="vc" rsc="vip" with-rsc="c" score="{r.choice(["INFINITY","100","-INFINITY"])}"/>'
        if r.random()<0.7: cons+='<rsc_order id="vo" first="c" then="vip"/>' if r.random()<0.7 else '<rsc_order id="vo" first="vip" then="c"/>'
        if r.random()<0.5: cons+=loc("vl","vip",r.choice(nodes),r.choice(["50","INFINITY","-INFINITY"]))
    elif kind=="clone2":
        m2={"interleave":"true"} if inter else {}
        res+=clone("c2",prim("e"),m2)
        if r.random()<0.8: cons+='<rsc_colocation id="cc" rsc="c2" with-rsc="c" score="INFINITY"/>'
        if r.random()<0.8: cons+='<rsc_order id="co" first="c" then="c2"/>'
    elif kind=="clonewith":
        res+=prim("vip")
        cons+='<rsc_colocation id="cv" rsc="c" with-rsc="vip" score="INFINITY"/>'+loc("vl","vip",r.choice(nodes),"50")
    st={}
    for n in nodes:
        ent=[]
        present=["d"]+(["vip"] if "vip" in res else [])+(["e"] if 'id="e"' in res else [])
        for rid in present:
            x=r.random()
            hist = RUNNING if x<0.4 else (PROBED if x<0.7 else (FAILMON if x<0.75 else None))
            if hist: ent.append((rid,"Dummy",hist))
        st[n]=ent
    x=cib(nodes,res,cons,st)
    for n in nodes:
        if r.random()<0.15:
            x=x.replace(f'<node id="{n}" uname="{n}"/>',f'<node id="{n}" uname="{n}"><instance_attributes id="{n}-ia"><nvpair id="{n}-sb" name="standby" value="on"/></instance_attributes></node>')
    return x
agree=0; total=0; refused=0
for seed in range(first, first + count):
    x=make(seed); f=os.path.join(work, f'{seed}.xml'); open(f,'w').write(x)
    p=subprocess.run(["crm_simulate","-S","-x",f],capture_output=True,text=True)
    if 'Revised' not in p.stdout: continue
    want=conf.expected(p.stdout)
    k=subprocess.run(simulate + ["--xml-file", f, "--json"],capture_output=True,text=True)
    total+=1
    if k.returncode!=0:
        refused+=1; print(seed,"REFUSED",k.stderr.strip()[:200]); continue
    probs=conf.compare(want,json.loads(k.stdout))
    # vip/e resources not present in config are not in want; fine
    if probs: print(seed, probs)
    else: agree+=1
shutil.rmtree(work, ignore_errors=True)
print(f"agree {agree} of {total}, refused {refused}")
