#!/usr/bin/env python3
"""Writes the golden CIBs of anonymous clones (clone-*.xml) with expectations from Pacemaker.

Each case is a small CIB built below; the script runs Pacemaker 2.1.5's `crm_simulate -S -x`
on it and reads the revised status with ../../../../shared/bin/scheduler-conformance's own
parser, so the <!-- expect: --> and <!-- expect-clone: --> lines of each file are what
Pacemaker decided, not what Keel does. Needs crm_simulate on PATH. After changing cases, run
it, then `KEEL_REGENERATE=1 scheduler_test` and review the diff of the .expected files.
"""
import os, subprocess, sys, importlib.util, importlib.machinery
OUT = os.path.dirname(os.path.abspath(__file__))
CONFORMANCE = os.path.join(OUT, "..", "..", "..", "..", "shared", "bin", "scheduler-conformance")

def cib(nodes, resources, constraints="", status=None, props="", rscdef=""):
    """status: dict node -> list of (lrm_id, agent_type, [(op, interval, rc, callid)])"""
    s=['<cib crm_feature_set="3.10.0" admin_epoch="0" epoch="1" num_updates="1" have-quorum="1" validate-with="pacemaker-3.0" dc-uuid="n1">','<configuration><crm_config><cluster_property_set id="o">',
       '<nvpair id="o1" name="stonith-enabled" value="false"/>',props,'</cluster_property_set></crm_config>']
    s.append('<nodes>'+''.join(f'<node id="{n}" uname="{n}"/>' for n in nodes)+'</nodes>')
    s.append('<resources>'+resources+'</resources><constraints>'+constraints+'</constraints>')
    if rscdef: s.append('<rsc_defaults><meta_attributes id="rd">'+rscdef+'</meta_attributes></rsc_defaults>')
    s.append('</configuration><status>')
    for n in nodes:
        st=(status or {}).get(n, [])
        state = 'online'
        s.append(f'<node_state id="{n}" uname="{n}" in_ccm="true" crmd="online" join="member" expected="member"><lrm id="{n}"><lrm_resources>')
        for (rid,typ,ops) in st:
            s.append(f'<lrm_resource id="{rid}" class="ocf" provider="heartbeat" type="{typ}">')
            for (op,iv,rc,cid) in ops:
                s.append(f'<lrm_rsc_op id="{rid}_{op}_{iv}" operation="{op}" interval="{iv}" rc-code="{rc}" op-status="0" call-id="{cid}" transition-key="1:1:0:x" transition-magic="0:{rc};1:1:0:x" on_node="{n}" crm-debug-origin="x" crm_feature_set="3.0.1" op-digest="f2317cad3d54cec5d7d7aa7d0bf35cf8"/>')
            s.append('</lrm_resource>')
        s.append('</lrm_resources></lrm></node_state>')
    s.append('</status></cib>')
    return '\n'.join(s)
def prim(id, typ="Dummy", meta=""):
    return f'<primitive id="{id}" class="ocf" provider="heartbeat" type="{typ}">{meta}<operations><op id="{id}-mon" name="monitor" interval="10s"/></operations></primitive>'
def clone(id, inner, meta=""):
    m = ''.join(f'<nvpair id="{id}-{k}" name="{k}" value="{v}"/>' for k,v in meta.items()) if isinstance(meta,dict) else meta
    return f'<clone id="{id}"><meta_attributes id="{id}-m">{m}</meta_attributes>{inner}</clone>'
def loc(id,rsc,node,score): return f'<rsc_location id="{id}" rsc="{rsc}" node="{node}" score="{score}"/>'

RUNNING=[("monitor",0,7,1),("start",0,0,2),("monitor",10000,0,3)]
PROBED=[("monitor",0,7,1)]
FAILMON=[("monitor",0,7,1),("start",0,0,2),("monitor",10000,1,4)]


def main():
    loader = importlib.machinery.SourceFileLoader("conf", CONFORMANCE)
    spec = importlib.util.spec_from_loader("conf", loader); conf = importlib.util.module_from_spec(spec); loader.exec_module(conf)
    N3=["node1","node2","node3"]
    def st(**kw): return kw
    def meta(id, **kv): return f'<meta_attributes id="{id}-meta">'+''.join(f'<nvpair id="{id}-{k}" name="{k}" value="{v}"/>' for k,v in kv.items())+'</meta_attributes>'
    cases={}
    def case(name, comment, xml, extra=""):
        cases[name]=(comment, xml, extra)
    D=prim("d")
    case("clone-anonymous-start","an anonymous clone with no history starts one instance per node, probed once per node",
         cib(N3, clone("c",D)))
    case("clone-max-below-nodes","clone-max=2 on three empty nodes: two instances",
         cib(N3, clone("c",D,{"clone-max":"2"})))
    case("clone-instances-stay","instances stay where they run: stickiness 1 (clone default) ties a location of 1 elsewhere",
         cib(N3, clone("c",D,{"clone-max":"2"}), loc("pref","c","node1","1"),
             {"node1":[("d","Dummy",PROBED)],"node2":[("d","Dummy",RUNNING)],"node3":[("d:1","Dummy",RUNNING)]}))
    case("clone-instance-moves","a location of 5 beats the clone's default stickiness of 1: one instance moves",
         cib(N3, clone("c",D,{"clone-max":"2"}), loc("pref","c","node1","5"),
             {"node1":[("d","Dummy",PROBED)],"node2":[("d","Dummy",RUNNING)],"node3":[("d:1","Dummy",RUNNING)]}))
    case("clone-sticky-zero","resource-stickiness=0 on the clone: a location of 1 moves an instance",
         cib(N3, clone("c",D,{"clone-max":"2","resource-stickiness":"0"}), loc("pref","c","node1","1"),
             {"node1":[("d","Dummy",PROBED)],"node2":[("d","Dummy",RUNNING)],"node3":[("d:1","Dummy",RUNNING)]}))
    RUN3={"node1":[("d","Dummy",RUNNING)],"node2":[("d","Dummy",RUNNING)],"node3":[("d","Dummy",RUNNING)]}
    case("clone-standby-node","a node in standby loses its instance, which starts nowhere else",
         cib(N3, clone("c",D), "", RUN3).replace('<node id="node3" uname="node3"/>','<node id="node3" uname="node3"><instance_attributes id="n3-ia"><nvpair id="n3-standby" name="standby" value="on"/></instance_attributes></node>'))
    case("clone-location-ban","a -INFINITY location keeps the clone off a node",
         cib(N3, clone("c",D), loc("ban","c","node2","-INFINITY"), RUN3))
    case("clone-failed-monitor","a failed monitor below migration-threshold recovers the instance in place",
         cib(N3, clone("c",D), "", {"node1":[("d","Dummy",RUNNING)],"node2":[("d","Dummy",FAILMON)],"node3":[("d","Dummy",RUNNING)]}))
    case("clone-migration-threshold","a fail count at migration-threshold keeps every instance off that node",
         cib(N3, clone("c",D,{"migration-threshold":"2"}), "", {"node1":[("d","Dummy",RUNNING)],"node2":[("d","Dummy",FAILMON)],"node3":[("d","Dummy",RUNNING)]})
         .replace('<node_state id="node2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member">',
                  '<node_state id="node2" uname="node2" in_ccm="true" crmd="online" join="member" expected="member"><transient_attributes id="node2-ta"><instance_attributes id="node2-tia"><nvpair id="node2-fc" name="fail-count-d#monitor_10000" value="2"/></instance_attributes></transient_attributes>'))
    case("clone-extra-instance-stopped","clone-max=1 with the clone active on two nodes: the extra instance stops",
         cib(N3, clone("c",D,{"clone-max":"1"}), "", {"node1":[("d","Dummy",RUNNING)],"node2":[("d","Dummy",RUNNING)],"node3":[("d","Dummy",PROBED)]}))
    VIP=prim("vip")
    case("clone-vip-with-instance","a VIP colocated with the clone goes only where an instance runs",
         cib(N3, clone("c",D)+VIP, loc("ban","c","node1","-INFINITY")+loc("vip-pref","vip","node1","100")+'<rsc_colocation id="vip-with-c" rsc="vip" with-rsc="c" score="INFINITY"/>'))
    case("clone-order-then-vip","order clone then VIP: the VIP starts after the instances",
         cib(N3, clone("c",D)+VIP, '<rsc_order id="c-then-vip" first="c" then="vip"/>'))
    case("clone-instance-start-keeps-vip","a new instance starting does not restart a VIP ordered after the clone",
         cib(N3, clone("c",D)+VIP, '<rsc_order id="c-then-vip" first="c" then="vip"/>',
             {"node1":[("d","Dummy",RUNNING),("vip","Dummy",RUNNING)],"node2":[("d","Dummy",RUNNING),("vip","Dummy",PROBED)],"node3":[]}))
    case("clone-vip-then-clone","order VIP then clone: a VIP move restarts every instance",
         cib(N3, clone("c",D)+VIP, '<rsc_order id="vip-then-c" first="vip" then="c"/>'+loc("ban","c","node2","-INFINITY"),
             {"node1":[("d","Dummy",RUNNING),("vip","Dummy",RUNNING)],"node2":[("d","Dummy",RUNNING),("vip","Dummy",PROBED)],"node3":[("d","Dummy",PROBED),("vip","Dummy",PROBED)]}))
    case("clone-with-primitive","a clone colocated with a primitive runs one instance, beside it",
         cib(N3, clone("c",D)+VIP, loc("vip-pref","vip","node2","100")+'<rsc_colocation id="c-with-vip" rsc="c" with-rsc="vip" score="INFINITY"/>'))
    case("clone-offline-node","an offline node gets no instance",
         cib(N3, clone("c",D)).replace('<node_state id="node3" uname="node3" in_ccm="true" crmd="online"','<node_state id="node3" uname="node3" in_ccm="false" crmd="offline"').replace('join="member" expected="member"><lrm id="node3">','join="down" expected="down"><lrm id="node3">'))
    case("clone-vip-unrunnable","a VIP that needs an instance stays stopped when the clone can run nowhere",
         cib(N3, clone("c",D,{"target-role":"Stopped"})+VIP, '<rsc_colocation id="vip-with-c" rsc="vip" with-rsc="c" score="INFINITY"/><rsc_order id="c-then-vip" first="c" then="vip"/>'))
    A=prim("a"); B=prim("b")
    RUN_AB={"node1":[("a","Dummy",RUNNING),("b","Dummy",RUNNING)],"node2":[("a","Dummy",RUNNING),("b","Dummy",RUNNING)],"node3":[]}
    RUN_AB3={n:[("a","Dummy",RUNNING),("b","Dummy",RUNNING)] for n in N3}
    AB='<rsc_order id="a-then-b" first="ac" then="bc"/><rsc_colocation id="b-with-a" rsc="bc" with-rsc="ac" score="INFINITY"/>'
    IL={"interleave":"true"}
    case("clone-order-clones-new-instance","order and colocation between clones without interleave: a new instance of the first restarts every instance of the second",
         cib(N3, clone("ac",A)+clone("bc",B), AB, RUN_AB),
         # Pacemaker: "Restart b:0 (node1) due to required ac running", the same for b:1 (node2)
         "<!-- expect-action: b:0_stop_0 on node1 -->\n<!-- expect-action: b:1_stop_0 on node2 -->")
    case("clone-order-clones-interleaved","the same with interleave=true: only the new pair starts",
         cib(N3, clone("ac",A,IL)+clone("bc",B,IL), AB, RUN_AB),
         # Pacemaker: only "Start a:2 (node3)" and "Start b:2 (node3)"
         "<!-- expect-no-action: b:0_stop_0 on node1 -->\n<!-- expect-no-action: b:1_stop_0 on node2 -->")
    case("clone-order-clones-stop","without interleave: an instance of the first clone stopping takes its partner down, the others stay",
         cib(N3, clone("ac",A)+clone("bc",B), AB+loc("ban","ac","node3","-INFINITY"), RUN_AB3),
         # Pacemaker: "Stop a:2 (node3)", "Stop b:2 (node3)", nothing else
         "<!-- expect-no-action: b:0_stop_0 on node1 -->\n<!-- expect-no-action: b:1_stop_0 on node2 -->")
    case("clone-order-clones-interleaved-stop","with interleave: an instance of the first clone stopping takes its partner down",
         cib(N3, clone("ac",A,IL)+clone("bc",B,IL), AB+loc("ban","ac","node3","-INFINITY"), RUN_AB3))
    case("clone-colocated-clones","a clone colocated with a clone runs only where the other has an instance",
         cib(N3, clone("ac",A)+clone("bc",B), loc("ban","ac","node2","-INFINITY")+'<rsc_colocation id="b-with-a" rsc="bc" with-rsc="ac" score="INFINITY"/>'))
    case("clone-order-clones-interleaved-unpaired","interleave without colocation: a then-instance does not start where the first clone cannot run",
         cib(N3, clone("ac",A,IL)+clone("bc",B,IL), '<rsc_order id="a-then-b" first="ac" then="bc"/>'+loc("ban","ac","node3","-INFINITY")))

    case("clone-ordered","ordered=true: instances start one after another",
         cib(N3, clone("c",D,{"ordered":"true"})),
         # Pacemaker's graph: d:0 start (node1) before d:1 start (node2) before d:2 start (node3)
         "<!-- expect-before: d:0_start_0 on node1 | d:1_start_0 on node2 -->\n<!-- expect-before: d:1_start_0 on node2 | d:2_start_0 on node3 -->")

    case("clone-order-clones-interleaved-move","interleave: an instance whose partner stops moves to where the first clone still runs",
         cib(["node1","node2"], clone("ac",A)+clone("bc",B,IL), AB+loc("ban","ac","node2","-INFINITY"),
             {"node1":[("a","Dummy",RUNNING),("b","Dummy",PROBED)],"node2":[("a","Dummy",RUNNING),("b","Dummy",RUNNING)]}))

    case("clone-avoided-by-dependent","a VIP colocated -INFINITY with a clone that runs on every node stays stopped",
         cib(N3, clone("c",D)+VIP, '<rsc_colocation id="vip-not-with-c" rsc="vip" with-rsc="c" score="-INFINITY"/>'+loc("vip-pref","vip","node3","50")))
    case("clone-max-avoids-dependent","with clone-max below the nodes, a VIP colocated -INFINITY keeps instances off its favourite node",
         cib(N3, clone("c",D,{"clone-max":"2"})+VIP, '<rsc_colocation id="vip-not-with-c" rsc="vip" with-rsc="c" score="-INFINITY"/>'+loc("vip-pref","vip","node1","50")))

    case("clone-dependent-clone-stickiness","clone-max below the nodes: a clone colocated with this one pulls its instances with the clone's preferences, not its instances' stickiness",
         cib(["node1","node2","node3","node4"], clone("ac",A,{"clone-max":"2"})+clone("bc",B), AB,
             {"node1":[("a","Dummy",PROBED),("b","Dummy",PROBED)],"node2":[("a","Dummy",PROBED),("b","Dummy",PROBED)],
              "node3":[("a","Dummy",PROBED),("b","Dummy",RUNNING)],"node4":[("a","Dummy",PROBED),("b","Dummy",PROBED)]}))

    case("clone-with-primitive-sticky","a clone colocated with a VIP weighs in with the clone's preferences, not its instances' stickiness",
         cib(N3, clone("c",D,{"resource-stickiness":"100"})+VIP, loc("c-pref","c","node3","5")+'<rsc_colocation id="c-with-vip" rsc="c" with-rsc="vip" score="INFINITY"/>'+loc("vip-pref","vip","node1","50"),
             {"node1":[("d","Dummy",PROBED),("vip","Dummy",RUNNING)],"node2":[("d","Dummy",PROBED),("vip","Dummy",PROBED)],"node3":[("d","Dummy",RUNNING),("vip","Dummy",PROBED)]}))

    case("clone-negative-score-beats-stickiness","an instance leaves a node where the clone scores below zero even when its stickiness would make up for it",
         cib(["node1","node2"], clone("c",D,{"clone-max":"1","resource-stickiness":"5"}), loc("avoid","c","node1","-5"),
             {"node1":[("d","Dummy",RUNNING)],"node2":[("d","Dummy",PROBED)]}))

    for name,(comment,xml,extra) in cases.items():
        path=os.path.join(OUT, name + '.xml')
        open(path,'w').write(xml)
        out=subprocess.run(['crm_simulate','-S','-x',path],capture_output=True,text=True)
        if out.returncode!=0 or 'Revised' not in out.stdout:
            print("FAIL",name,out.stderr[:500]); continue
        want=conf.expected(out.stdout)
        lines=[f'<!-- golden case {name}: {comment} -->','<!-- expectations from Pacemaker 2.1.5 crm_simulate -->']
        for r,w in sorted(want['resources'].items()):
            lines.append(f'<!-- expect: {r} {w["state"]}{(" "+w["node"]) if w["node"] else ""} -->')
        for c,w in sorted(want.get('clones',{}).items()):
            for role in ('started','failed'):
                lines.append(f'<!-- expect-clone: {c} {role}{"".join(" "+n for n in w[role])} -->')
        for n in want['fenced']: lines.append(f'<!-- expect-fenced: {n} -->')
        if extra: lines.append(extra)
        open(path,'w').write('\n'.join(lines)+'\n'+xml+'\n')
        print(name, want.get('clones'), {k:v for k,v in want['resources'].items()})


if __name__ == "__main__":
    main()
