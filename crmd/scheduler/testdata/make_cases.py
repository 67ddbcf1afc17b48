#!/usr/bin/env python3
"""Writes the golden CIBs (NAME.xml) of this folder from the compact case list below.

The XML files are the test inputs and are committed; this script is how they were made, so
a case can be changed or added without hand-editing XML. Each case states its expectations
as <!-- expect...: --> comments (see ../golden_test.cc). After changing cases, run it, then
`KEEL_REGENERATE=1 scheduler_test` and review the diff of the .expected files.
"""
import os
OUT = os.path.dirname(os.path.abspath(__file__))
os.makedirs(OUT, exist_ok=True)

def prim(id, meta=None, ops=None, cls="ocf", prov="heartbeat", typ="Dummy"):
    s = f'      <primitive id="{id}" class="{cls}"' + (f' provider="{prov}"' if cls == "ocf" else "") + f' type="{typ}">\n'
    if meta:
        s += f'        <meta_attributes id="{id}-meta">\n'
        for k, v in meta.items():
            s += f'          <nvpair id="{id}-meta-{k}" name="{k}" value="{v}"/>\n'
        s += '        </meta_attributes>\n'
    if ops:
        s += '        <operations>\n'
        for i, o in enumerate(ops):
            attrs = " ".join(f'{k}="{v}"' for k, v in o.items())
            s += f'          <op id="{id}-op{i}" {attrs}/>\n'
        s += '        </operations>\n'
    return s + '      </primitive>\n'

def group(id, members, meta=None):
    s = f'      <group id="{id}">\n'
    if meta:
        s += f'        <meta_attributes id="{id}-meta">\n'
        for k, v in meta.items():
            s += f'          <nvpair id="{id}-meta-{k}" name="{k}" value="{v}"/>\n'
        s += '        </meta_attributes>\n'
    for m in members:
        s += "  " + m.replace("\n      ", "\n        ")
    return s + '      </group>\n'

STATES = {
    "online": 'in_ccm="true" crmd="online" join="member" expected="member"',
    "offline": 'in_ccm="false" crmd="offline" join="down" expected="down"',
    "lost": 'in_ccm="false" crmd="offline" join="member" expected="member"',
    "pending": 'in_ccm="true" crmd="online" join="pending" expected="member"',
    # not a member, no join, and no expected attribute: cleanly offline (expected reads "down")
    "clean-offline": 'in_ccm="false" crmd="offline" join="down"',
    # still a corosync member, but its controller is gone while expected up
    "controller-gone": 'in_ccm="true" crmd="offline" join="member" expected="member"',
    # no in_ccm at all: never seen by the cluster
    "unseen": 'crmd="offline" join="down" expected="member"',
}

def op(rsc, task, rc=0, call=1, interval=0, status=0, when=None):
    key = f"{rsc}_{task}_{interval}"
    extra = f' last-rc-change="{when}"' if when is not None else ""
    return (f'            <lrm_rsc_op id="{key}-{call}" operation_key="{key}" operation="{task}" '
            f'interval="{interval}" call-id="{call}" rc-code="{rc}" op-status="{status}"{extra}/>\n')

def running(rsc, monitor=None):
    ops = [op(rsc, "start", call=10)]
    if monitor:
        ops.append(op(rsc, "monitor", call=11, interval=monitor))
    return ops

def stopped(rsc):
    return [op(rsc, "monitor", rc=7, call=5)]

def write(name, expects, nodes, resources, constraints="", props=None, status=None,
          quorum=True, rsc_defaults=None, node_attrs=None, transient=None, exec_date=None,
          nodes_config=None, panic=False):
    props = props or {}
    status = status or {}
    node_attrs = node_attrs or {}
    transient = transient or {}
    top = f'<cib admin_epoch="0" epoch="1" num_updates="1" have-quorum="{1 if quorum else 0}" validate-with="pacemaker-3.0"'
    if panic:
        top += ' no-quorum-panic="1"'
    if exec_date:
        top += f' execution-date="{exec_date}"'
    s = "<!-- golden case " + name + " -->\n"
    for e in expects:
        s += f"<!-- {e} -->\n"
    s += top + ">\n  <configuration>\n    <crm_config>\n      <cluster_property_set id=\"opts\">\n"
    for k, v in props.items():
        s += f'        <nvpair id="opt-{k}" name="{k}" value="{v}"/>\n'
    s += "      </cluster_property_set>\n    </crm_config>\n    <nodes>\n"
    for n, _ in nodes:
        attrs = node_attrs.get(n)
        if attrs:
            s += f'      <node id="{n}" uname="{n}">\n        <instance_attributes id="{n}-attrs">\n'
            for k, v in attrs.items():
                s += f'          <nvpair id="{n}-attr-{k}" name="{k}" value="{v}"/>\n'
            s += "        </instance_attributes>\n      </node>\n"
        else:
            s += f'      <node id="{n}" uname="{n}"/>\n'
    s += "    </nodes>\n    <resources>\n" + "".join(resources) + "    </resources>\n"
    s += "    <constraints>\n" + constraints + "    </constraints>\n"
    if rsc_defaults:
        s += '    <rsc_defaults>\n      <meta_attributes id="rsc-defaults">\n'
        for k, v in rsc_defaults.items():
            s += f'        <nvpair id="rscdef-{k}" name="{k}" value="{v}"/>\n'
        s += "      </meta_attributes>\n    </rsc_defaults>\n"
    s += "  </configuration>\n  <status>\n"
    for n, st in nodes:
        if st is None:
            continue
        s += f'    <node_state id="{n}" uname="{n}" {STATES.get(st, st)}>\n'
        if n in transient:
            s += f'      <transient_attributes id="{n}-t">\n        <instance_attributes id="{n}-ta">\n'
            for k, v in transient[n].items():
                s += f'          <nvpair id="{n}-ta-{k.replace("#", "_")}" name="{k}" value="{v}"/>\n'
            s += "        </instance_attributes>\n      </transient_attributes>\n"
        if n in status:
            s += f'      <lrm id="{n}">\n        <lrm_resources>\n'
            by_rsc = {}
            for line in status[n]:
                rid = line.split('operation_key="')[1].split('_')[0]
                by_rsc.setdefault(rid, []).append(line)
            for rid, lines in by_rsc.items():
                s += f'          <lrm_resource id="{rid}" class="ocf" provider="heartbeat" type="Dummy">\n'
                s += "".join(lines)
                s += "          </lrm_resource>\n"
            s += "        </lrm_resources>\n      </lrm>\n"
        s += "    </node_state>\n"
    s += "  </status>\n</cib>\n"
    with open(os.path.join(OUT, name + ".xml"), "w") as fh:
        fh.write(s)

NOFENCE = {"fencing-enabled": "false"}
FENCER = prim("fencer", cls="stonith", typ="fence_dummy")
N2 = [("node1", "online"), ("node2", "online")]
N3 = [("node1", "online"), ("node2", "online"), ("node3", "online")]

# ---- the cases
def loc(id, rsc, node, score):
    return f'      <rsc_location id="{id}" rsc="{rsc}" node="{node}" score="{score}"/>\n'
def col(id, rsc, with_rsc, score):
    return f'      <rsc_colocation id="{id}" rsc="{rsc}" with-rsc="{with_rsc}" score="{score}"/>\n'
def order(id, first, then, kind="Mandatory", sym=None):
    s = f'      <rsc_order id="{id}" first="{first}" then="{then}" kind="{kind}"'
    if sym is not None:
        s += f' symmetrical="{sym}"'
    return s + "/>\n"

MON = [{"name": "monitor", "interval": "10s", "timeout": "20s"}]

# --- placement basics
write("start-single", ["expect: vip started node1", "expect-action: vip_monitor_0 on node2",
      "expect-before: vip_monitor_0 on node2 | vip_start_0 on node1"],
      N2, [prim("vip", ops=MON)], props=NOFENCE)
write("balance-by-count", ["expect: a started node1", "expect: b started node2"],
      N2, [prim("a"), prim("b")], props=NOFENCE)
write("location-prefers", ["expect: vip started node2"], N3, [prim("vip")],
      loc("vip-pref", "vip", "node2", 100), props=NOFENCE)
write("location-ban", ["expect: vip started node2"], N2, [prim("vip")],
      loc("vip-ban", "vip", "node1", "-INFINITY"), props=NOFENCE)
write("asymmetric-opt-in", ["expect: vip started node2", "expect: web stopped"], N2,
      [prim("vip"), prim("web")], loc("vip-ok", "vip", "node2", 0),
      props={**NOFENCE, "symmetric-cluster": "false"})
write("rule-node-attribute", ["expect: vip started node2"], N3, [prim("vip")],
      '      <rsc_location id="vip-site" rsc="vip">\n        <rule id="vip-site-rule" score="200">\n'
      '          <expression id="vip-site-e" attribute="site" operation="eq" value="east"/>\n'
      '        </rule>\n      </rsc_location>\n',
      props=NOFENCE, node_attrs={"node1": {"site": "west"}, "node2": {"site": "east"}})
write("rule-uname-or", ["expect: vip started node3"], N3, [prim("vip")],
      '      <rsc_location id="vip-not12" rsc="vip">\n        <rule id="vip-not12-rule" score="-INFINITY" boolean-op="or">\n'
      '          <expression id="e1" attribute="#uname" operation="eq" value="node1"/>\n'
      '          <expression id="e2" attribute="#uname" operation="eq" value="node2"/>\n'
      '        </rule>\n      </rsc_location>\n', props=NOFENCE)
write("rule-score-attribute", ["expect: vip started node3"], N3, [prim("vip")],
      '      <rsc_location id="vip-w" rsc="vip">\n        <rule id="vip-w-rule" score-attribute="weight">\n'
      '          <expression id="vip-w-e" attribute="weight" operation="defined"/>\n'
      '        </rule>\n      </rsc_location>\n',
      props=NOFENCE, node_attrs={"node1": {"weight": "10"}, "node2": {"weight": "20"},
                                 "node3": {"weight": "50"}})
write("rule-integer-compare", ["expect: vip started node2"], N3, [prim("vip")],
      '      <rsc_location id="vip-mem" rsc="vip">\n        <rule id="vip-mem-rule" score="-INFINITY">\n'
      '          <expression id="vip-mem-e" attribute="ram" operation="lt" value="16" type="integer"/>\n'
      '        </rule>\n      </rsc_location>\n',
      props=NOFENCE, node_attrs={"node1": {"ram": "8"}, "node2": {"ram": "32"}, "node3": {"ram": "4"}})

# --- node states
write("standby-move", ["expect: vip started node2", "expect-change: vip Move"], N2,
      [prim("vip", ops=MON)], props=NOFENCE, node_attrs={"node1": {"standby": "on"}},
      status={"node1": running("vip", 10000), "node2": stopped("vip")})
write("offline-node-not-used", ["expect: vip started node2"],
      [("node1", "offline"), ("node2", "online")], [prim("vip")],
      loc("vip-pref", "vip", "node1", 100), props=NOFENCE)
write("pending-node-not-used", ["expect: vip started node2"],
      [("node1", "pending"), ("node2", "online")], [prim("vip")],
      loc("vip-pref", "vip", "node1", 100), props=NOFENCE)
write("shutdown-node-move", ["expect: vip started node2", "expect-change: vip Move"], N2,
      [prim("vip")], props=NOFENCE, transient={"node1": {"shutdown": "1700000000"}},
      status={"node1": running("vip"), "node2": stopped("vip")})
write("node-maintenance", ["expect: vip started node1", "expect-no-action: vip_stop_0 on node1"],
      N2, [prim("vip")], props=NOFENCE,
      node_attrs={"node1": {"maintenance": "true", "standby": "on"}},
      status={"node1": running("vip"), "node2": stopped("vip")})
write("maintenance-mode", ["expect: vip started node1", "expect: web stopped", "expect-actions: 0"],
      N2, [prim("vip"), prim("web")], props={**NOFENCE, "maintenance-mode": "true"},
      node_attrs={"node1": {"standby": "on"}},
      status={"node1": running("vip") + stopped("web"), "node2": stopped("vip") + stopped("web")})
write("unmanaged-stays", ["expect: vip started node1", "expect: web started node2"], N2,
      [prim("vip", meta={"is-managed": "false"}), prim("web")], props=NOFENCE,
      node_attrs={"node1": {"standby": "on"}},
      status={"node1": running("vip") + stopped("web"), "node2": stopped("vip") + stopped("web")})
write("target-role-stopped", ["expect: vip stopped", "expect-change: vip Stop"], N2,
      [prim("vip", meta={"target-role": "Stopped"})], props=NOFENCE,
      status={"node1": running("vip"), "node2": stopped("vip")})

# --- stickiness
write("stickiness-stays", ["expect: vip started node2"], N2,
      [prim("vip", meta={"resource-stickiness": "100"})], loc("vip-pref", "vip", "node1", 50),
      props=NOFENCE, status={"node1": stopped("vip"), "node2": running("vip")})
write("stickiness-loses", ["expect: vip started node1", "expect-change: vip Move"], N2,
      [prim("vip", meta={"resource-stickiness": "10"})], loc("vip-pref", "vip", "node1", 50),
      props=NOFENCE, status={"node1": stopped("vip"), "node2": running("vip")})
write("stickiness-rsc-defaults", ["expect: vip started node2"], N2, [prim("vip")],
      loc("vip-pref", "vip", "node1", 50), props=NOFENCE,
      rsc_defaults={"resource-stickiness": "100"},
      status={"node1": stopped("vip"), "node2": running("vip")})

# --- colocation
write("colocation-infinite", ["expect: vip started node2", "expect: web started node2"], N3,
      [prim("vip"), prim("web")], loc("vip-pref", "vip", "node2", 100) +
      col("web-with-vip", "web", "vip", "INFINITY"), props=NOFENCE)
write("colocation-minus-infinite", ["expect: vip started node1", "expect: web started node2"], N2,
      [prim("vip"), prim("web")], loc("vip-pref", "vip", "node1", 100) +
      loc("web-pref", "web", "node1", 100) + col("web-avoid-vip", "web", "vip", "-INFINITY"),
      props=NOFENCE)
write("colocation-dependent-pulls", ["expect: vip started node2", "expect: web started node2"], N3,
      [prim("vip"), prim("web")], loc("web-pref", "web", "node2", 100) +
      col("web-with-vip", "web", "vip", "500"), props=NOFENCE)
write("colocation-finite-loses", ["expect: vip started node1", "expect: web started node2"], N2,
      [prim("vip"), prim("web")], loc("vip-pref", "vip", "node1", 1000) +
      loc("web-pref", "web", "node2", 200) + col("web-with-vip", "web", "vip", "100"),
      props=NOFENCE)
write("colocation-chain", ["expect: a started node3", "expect: b started node3",
      "expect: c started node3"], N3, [prim("a"), prim("b"), prim("c")],
      col("b-with-a", "b", "a", "INFINITY") + col("c-with-b", "c", "b", "INFINITY") +
      loc("c-pref", "c", "node3", 100), props=NOFENCE)
write("colocation-primary-stopped", ["expect: vip stopped", "expect: web stopped"], N2,
      [prim("vip", meta={"target-role": "Stopped"}), prim("web")],
      col("web-with-vip", "web", "vip", "INFINITY"), props=NOFENCE,
      status={"node1": running("vip") + running("web"), "node2": stopped("vip") + stopped("web")})

# --- ordering
write("order-mandatory-restart", ["expect: a started node1", "expect: b started node1",
      "expect-change: b Restart", "expect-before: a_start_0 on node1 | b_start_0 on node1",
      "expect-before: b_stop_0 on node1 | b_start_0 on node1"], N2,
      [prim("a"), prim("b")], order("a-then-b", "a", "b") + loc("a-pref", "a", "node1", 10) +
      loc("b-pref", "b", "node1", 10), props=NOFENCE,
      status={"node1": stopped("a") + running("b"), "node2": stopped("a") + stopped("b")})
write("order-mandatory-unrunnable", ["expect: a stopped", "expect: b stopped",
      "expect-change: b Stop", "expect-before: b_stop_0 on node1 | a_stop_0 on node1"], N2,
      [prim("a", meta={"target-role": "Stopped"}), prim("b")], order("a-then-b", "a", "b"),
      props=NOFENCE, status={"node1": running("a") + running("b"),
                             "node2": stopped("a") + stopped("b")})
write("order-optional-no-restart", ["expect: a started node1", "expect: b started node1",
      "expect-no-action: b_stop_0 on node1", "expect-no-action: b_start_0 on node1"],
      N2, [prim("a"), prim("b")], order("a-then-b", "a", "b", kind="Optional") +
      loc("a-pref", "a", "node1", 10) + loc("b-pref", "b", "node1", 10), props=NOFENCE,
      status={"node1": stopped("a") + running("b"), "node2": stopped("a") + stopped("b")})
write("order-symmetric-stop-restarts-then", ["expect: a started node2", "expect: b started node1",
      "expect-change: b Restart", "expect-before: b_stop_0 on node1 | a_stop_0 on node1"], N2,
      [prim("a"), prim("b", meta={"resource-stickiness": "100"})],
      order("a-then-b", "a", "b") + loc("a-pref", "a", "node2", 100), props=NOFENCE,
      status={"node1": running("a") + running("b"), "node2": stopped("a") + stopped("b")})
write("order-asymmetric-no-stop-restart", ["expect: a started node2", "expect: b started node1",
      "expect-no-action: b_stop_0 on node1"], N2,
      [prim("a"), prim("b", meta={"resource-stickiness": "100"})],
      order("a-then-b", "a", "b", sym="false") + loc("a-pref", "a", "node2", 100), props=NOFENCE,
      status={"node1": running("a") + running("b"), "node2": stopped("a") + stopped("b")})
write("order-serialize", ["expect: a started node1", "expect: b started node2",
      "expect-no-action: b_stop_0 on node2"], N2, [prim("a"), prim("b")],
      order("a-b-serial", "a", "b", kind="Serialize") + loc("a-pref", "a", "node1", 10) +
      loc("b-pref", "b", "node2", 10), props=NOFENCE,
      status={"node1": stopped("a") + stopped("b"), "node2": stopped("a") + running("b")})

# --- groups
G3 = lambda meta=None, **kw: group("g", [prim("ga"), prim("gb"), prim("gc")], meta)
write("group-start-ordered", ["expect: ga started node2", "expect: gb started node2",
      "expect: gc started node2", "expect-before: ga_start_0 on node2 | gb_start_0 on node2",
      "expect-before: gb_start_0 on node2 | gc_start_0 on node2"], N2, [G3()],
      loc("g-pref", "g", "node2", 10), props=NOFENCE)
write("group-move-stops-reverse", ["expect: ga started node2", "expect: gc started node2",
      "expect-before: gc_stop_0 on node1 | gb_stop_0 on node1",
      "expect-before: gb_stop_0 on node1 | ga_stop_0 on node1"], N2, [G3()], props=NOFENCE,
      node_attrs={"node1": {"standby": "on"}},
      status={"node1": running("ga") + running("gb") + running("gc"),
              "node2": stopped("ga") + stopped("gb") + stopped("gc")})
write("group-stickiness-sum-stays", ["expect: ga started node1", "expect: gc started node1"], N2,
      [G3({"resource-stickiness": "100"})], loc("ga-pref", "ga", "node2", 250), props=NOFENCE,
      status={"node1": running("ga") + running("gb") + running("gc"),
              "node2": stopped("ga") + stopped("gb") + stopped("gc")})
write("group-stickiness-sum-moves", ["expect: ga started node2", "expect: gb started node2"], N2,
      [group("g", [prim("ga"), prim("gb")], {"resource-stickiness": "100"})],
      loc("ga-pref", "ga", "node2", 250), props=NOFENCE,
      status={"node1": running("ga") + running("gb"), "node2": stopped("ga") + stopped("gb")})
write("group-member-failed-restarts-rest", ["expect: ga started node1", "expect: gb started node1",
      "expect: gc started node1", "expect-change: gb Recover", "expect-change: gc Restart",
      "expect-no-action: ga_stop_0 on node1"], N2, [G3()], props=NOFENCE,
      status={"node1": running("ga") + running("gb") + [op("gb", "monitor", rc=1, call=12, interval=10000)]
              + running("gc"), "node2": stopped("ga") + stopped("gb") + stopped("gc")},
      rsc_defaults={"resource-stickiness": "100"})
write("colocation-with-group", ["expect: ga started node2", "expect: web started node2"], N2,
      [G3(), prim("web")], loc("g-pref", "g", "node2", 10) + col("web-with-g", "web", "g", "INFINITY"),
      props=NOFENCE)

# --- priority
write("priority-wins", ["expect: low stopped", "expect: high started node1"],
      [("node1", "online")], [prim("low", meta={"priority": "1"}), prim("high", meta={"priority": "10"})],
      col("apart", "low", "high", "-INFINITY"), props=NOFENCE)

# --- failures
write("migration-threshold-reached", ["expect: vip started node2", "expect-change: vip Recover"], N2,
      [prim("vip", meta={"migration-threshold": "3"}, ops=MON)], props=NOFENCE,
      transient={"node1": {"fail-count-vip#monitor_10000": "3"}},
      status={"node1": running("vip", 10000) + [op("vip", "monitor", rc=7, call=12, interval=10000)],
              "node2": stopped("vip")})
write("fail-count-below-threshold", ["expect: vip started node1", "expect-change: vip Recover"], N2,
      [prim("vip", meta={"migration-threshold": "3"}, ops=MON)], props=NOFENCE,
      transient={"node1": {"fail-count-vip#monitor_10000": "1"}},
      status={"node1": running("vip", 10000) + [op("vip", "monitor", rc=7, call=12, interval=10000)],
              "node2": stopped("vip")}, rsc_defaults={"resource-stickiness": "1"})
write("fail-counts-summed", ["expect: vip started node2"], N2,
      [prim("vip", meta={"migration-threshold": "3"})], props=NOFENCE,
      transient={"node1": {"fail-count-vip#monitor_10000": "2", "fail-count-vip#start_0": "1"}},
      status={"node1": running("vip"), "node2": stopped("vip")})
write("failure-timeout-expired", ["expect: vip started node1", "expect-actions: 1",
                                    "expect-action: vip_clear_failcount_0 on node1"], N2,
      [prim("vip", meta={"migration-threshold": "1", "failure-timeout": "60s"})], props=NOFENCE,
      transient={"node1": {"fail-count-vip#monitor_10000": "5", "last-failure-vip#monitor_10000": "1700000000"}},
      status={"node1": running("vip"), "node2": stopped("vip")}, exec_date="1700000100",
      rsc_defaults={"resource-stickiness": "100"})
write("failure-timeout-not-expired", ["expect: vip started node2"], N2,
      [prim("vip", meta={"migration-threshold": "1", "failure-timeout": "600s"})], props=NOFENCE,
      transient={"node1": {"fail-count-vip#monitor_10000": "5", "last-failure-vip#monitor_10000": "1700000000"}},
      status={"node1": running("vip"), "node2": stopped("vip")}, exec_date="1700000100",
      rsc_defaults={"resource-stickiness": "100"})
write("start-failure-fatal", ["expect: vip started node2", "expect-change: vip Recover",
      "expect-before: vip_stop_0 on node1 | vip_start_0 on node2"], N2, [prim("vip")],
      loc("vip-pref", "vip", "node1", 100), props=NOFENCE,
      status={"node1": [op("vip", "start", rc=1, call=10)], "node2": stopped("vip")})
write("start-failure-not-fatal", ["expect: vip started node1", "expect-change: vip Recover"], N2,
      [prim("vip")], loc("vip-pref", "vip", "node1", 100),
      props={**NOFENCE, "start-failure-is-fatal": "false"},
      status={"node1": [op("vip", "start", rc=1, call=10)], "node2": stopped("vip")})
write("on-fail-block", ["expect: vip failed node1", "expect-actions: 0"], N2,
      [prim("vip", ops=[{"name": "monitor", "interval": "10s", "on-fail": "block"}])], props=NOFENCE,
      status={"node1": running("vip", 10000) + [op("vip", "monitor", rc=1, call=12, interval=10000)],
              "node2": stopped("vip")})
write("on-fail-stop", ["expect: vip stopped", "expect-change: vip Stop"], N2,
      [prim("vip", ops=[{"name": "monitor", "interval": "10s", "on-fail": "stop"}])], props=NOFENCE,
      status={"node1": running("vip", 10000) + [op("vip", "monitor", rc=1, call=12, interval=10000)],
              "node2": stopped("vip")})
write("on-fail-ignore", ["expect: vip started node1", "expect-actions: 0"], N2,
      [prim("vip", ops=[{"name": "monitor", "interval": "10s", "on-fail": "ignore"}])], props=NOFENCE,
      status={"node1": running("vip", 10000) + [op("vip", "monitor", rc=1, call=12, interval=10000)],
              "node2": stopped("vip")})
write("on-fail-standby", ["expect: vip started node2", "expect: web started node2"], N2,
      [prim("vip", ops=[{"name": "monitor", "interval": "10s", "on-fail": "standby"}]), prim("web")],
      props=NOFENCE, rsc_defaults={"resource-stickiness": "100"},
      status={"node1": running("vip", 10000) + [op("vip", "monitor", rc=1, call=12, interval=10000)]
              + running("web"), "node2": stopped("vip") + stopped("web")})
write("on-fail-fence", ["expect: vip started node2", "expect-fenced: node1",
      "expect-before: fence node1 | vip_start_0 on node2"], N2,
      [prim("vip", ops=[{"name": "monitor", "interval": "10s", "on-fail": "fence"}]), FENCER],
      status={"node1": running("vip", 10000) + [op("vip", "monitor", rc=1, call=12, interval=10000)],
              "node2": stopped("vip")})
write("failed-stop-fences", ["expect: vip started node2", "expect-fenced: node1"], N2,
      [prim("vip"), FENCER],
      status={"node1": running("vip") + [op("vip", "stop", rc=1, call=12)], "node2": stopped("vip")})
write("failed-stop-blocks-without-fencing", ["expect: vip failed node1", "expect-actions: 0"], N2,
      [prim("vip")], props=NOFENCE,
      status={"node1": running("vip") + [op("vip", "stop", rc=1, call=12)], "node2": stopped("vip")})
write("multiple-active-recovered", ["expect: vip started node1", "expect-action: vip_stop_0 on node2",
      "expect-action: vip_stop_0 on node1", "expect-action: vip_start_0 on node1"], N2, [prim("vip")],
      props=NOFENCE, status={"node1": running("vip"), "node2": running("vip")})
write("probe-only-unknown-nodes", ["expect: vip started node1", "expect-action: vip_monitor_0 on node3",
      "expect-no-action: vip_monitor_0 on node2", "expect-no-action: vip_monitor_0 on node1"], N3,
      [prim("vip")], props=NOFENCE, rsc_defaults={"resource-stickiness": "100"},
      status={"node1": running("vip"), "node2": stopped("vip")})
write("orphan-stopped", ["expect: vip started node1", "expect-action: old_stop_0 on node2"], N2,
      [prim("vip")], props=NOFENCE, rsc_defaults={"resource-stickiness": "100"},
      status={"node1": running("vip") + stopped("old"), "node2": stopped("vip") + running("old")})

# --- quorum
write("no-quorum-stop", ["expect: vip stopped", "expect: web stopped", "expect-change: vip Stop"], N2,
      [prim("vip"), prim("web")], props=NOFENCE, quorum=False,
      status={"node1": running("vip") + stopped("web"), "node2": stopped("vip") + stopped("web")})
write("no-quorum-freeze", ["expect: vip started node1", "expect: web stopped"], N2,
      [prim("vip"), prim("web")], props={**NOFENCE, "no-quorum-policy": "freeze"}, quorum=False,
      status={"node1": running("vip") + stopped("web"), "node2": stopped("vip") + stopped("web")})
# freeze recovers nothing: a failed monitor stops the resource, no start follows.
write("no-quorum-freeze-failed", ["expect: vip stopped", "expect: web started node1",
                                  "expect-change: vip Stop"], N2,
      [prim("vip", ops=MON), prim("web")], props={**NOFENCE, "no-quorum-policy": "freeze"},
      quorum=False,
      status={"node1": running("vip", 10000) + [op("vip", "monitor", rc=7, call=12, interval=10000)]
              + running("web"), "node2": stopped("vip") + stopped("web")})
write("no-quorum-ignore", ["expect: vip started node1", "expect: web started node2"], N2,
      [prim("vip"), prim("web")], props={**NOFENCE, "no-quorum-policy": "ignore"}, quorum=False,
      rsc_defaults={"resource-stickiness": "100"},
      status={"node1": running("vip") + stopped("web"), "node2": stopped("vip") + stopped("web")})
# A partition that had quorum (no-quorum-panic) and lost it: suicide fences its members.
write("no-quorum-suicide", ["expect-fenced: node1", "expect-fenced: node2", "expect: vip stopped"], N2,
      [prim("vip"), FENCER], props={"no-quorum-policy": "suicide"}, quorum=False, panic=True,
      status={"node1": running("vip"), "node2": stopped("vip")})

# --- fencing
write("fence-lost-node", ["expect: vip started node2", "expect-fenced: node1",
      "expect-before: fence node1 | vip_start_0 on node2", "expect-no-action: vip_stop_0 on node1"],
      [("node1", "lost"), ("node2", "online")], [prim("vip"), FENCER],
      status={"node1": running("vip"), "node2": stopped("vip")})
write("no-fencing-lost-node", ["expect: vip started node2", "expect-actions: 1"],
      [("node1", "lost"), ("node2", "online")], [prim("vip")], props=NOFENCE,
      status={"node1": running("vip"), "node2": stopped("vip")})
write("lost-node-no-quorum-blocked", ["expect: vip started node1", "expect: web stopped"],
      [("node1", "lost"), ("node2", "online")], [prim("vip"), prim("web"), FENCER], quorum=False,
      props={"no-quorum-policy": "stop"},
      status={"node1": running("vip") + stopped("web"), "node2": stopped("vip") + stopped("web")})
write("unseen-node-startup-fencing", ["expect-fenced: node2", "expect: vip started node1"],
      [("node1", "online"), ("node2", None)], [prim("vip"), FENCER],
      status={"node1": stopped("vip")})
write("order-asymmetric-unrunnable-blocks-start", ["expect: a stopped", "expect: b stopped"], N2,
      [prim("a", meta={"target-role": "Stopped"}), prim("b")], order("a-then-b", "a", "b", sym="false"),
      props=NOFENCE, status={"node1": stopped("a") + stopped("b"), "node2": stopped("a") + stopped("b")})
write("order-asymmetric-unrunnable-keeps-running", ["expect: a stopped", "expect: b started node1",
      "expect-actions: 0"], N2,
      [prim("a", meta={"target-role": "Stopped"}), prim("b")], order("a-then-b", "a", "b", sym="false"),
      props=NOFENCE, rsc_defaults={"resource-stickiness": "100"},
      status={"node1": stopped("a") + running("b"), "node2": stopped("a") + stopped("b")})
write("resource-discovery-never", ["expect: vip started node1", "expect-action: vip_monitor_0 on node1",
      "expect-no-action: vip_monitor_0 on node2"], N2, [prim("vip")],
      '      <rsc_location id="vip-nodisc" rsc="vip" node="node2" score="-INFINITY" resource-discovery="never"/>\n',
      props=NOFENCE)
write("unfencing-before-anything", ["expect-fenced: node2", "expect: fencer started node1",
      "expect-before: unfence node2 | fencer_monitor_0 on node2"], N2,
      [prim("fencer", cls="stonith", typ="fence_scsi", meta={"provides": "unfencing"})],
      transient={"node1": {"#node-unfenced": "1700000000"}}, status={"node1": stopped("fencer")})
write("colocation-negative-finite", ["expect: vip started node1", "expect: web started node2"], N2,
      [prim("vip"), prim("web")], loc("vip-pref", "vip", "node1", 100) + loc("web-pref", "web", "node1", 50) +
      col("web-avoid-vip", "web", "vip", "-100"), props=NOFENCE)
write("order-restart-chain", ["expect: a started node1", "expect-change: b Restart", "expect-change: c Restart",
      "expect-before: a_start_0 on node1 | b_start_0 on node1",
      "expect-before: b_start_0 on node1 | c_start_0 on node1",
      "expect-before: c_stop_0 on node1 | b_stop_0 on node1"], N2,
      [prim("a"), prim("b"), prim("c")], order("a-then-b", "a", "b") + order("b-then-c", "b", "c") +
      loc("a-pref", "a", "node1", 10), props=NOFENCE, rsc_defaults={"resource-stickiness": "100"},
      status={"node1": stopped("a") + running("b") + running("c"),
              "node2": stopped("a") + stopped("b") + stopped("c")})
write("orphan-left-in-maintenance", ["expect: vip started node1", "expect-actions: 0"], N2,
      [prim("vip")], props={**NOFENCE, "maintenance-mode": "true"},
      status={"node1": running("vip") + stopped("old"), "node2": stopped("vip") + running("old")})
write("order-cycle-terminates", ["expect: a started node2", "expect: b started node1"], N2,
      [prim("a"), prim("b")], order("a-then-b", "a", "b") + order("b-then-a", "b", "a") +
      col("b-with-a", "b", "a", "-INFINITY") + col("a-with-b", "a", "b", "-INFINITY"), props=NOFENCE)
write("multiple-active-stop-only", ["expect: vip stopped", "expect-action: vip_stop_0 on node1",
      "expect-action: vip_stop_0 on node2", "expect-no-action: vip_start_0 on node1"], N2,
      [prim("vip", meta={"multiple-active": "stop_only"})], props=NOFENCE,
      status={"node1": running("vip"), "node2": running("vip")})
write("multiple-active-block", ["expect: vip started node1", "expect-actions: 0"], N2,
      [prim("vip", meta={"multiple-active": "block"})], props=NOFENCE,
      status={"node1": running("vip"), "node2": running("vip")})

# --- assignment order and ties, as Pacemaker 2.1.5's crm_simulate decides them
# Default placement-strategy: priority, then configuration order (a running, sticky resource
# does not go first); a sees both nodes empty and takes node1 by name.
write("assign-order-configuration", ["expect: a started node1", "expect: b started node1"], N2,
      [prim("a"), prim("b", meta={"resource-stickiness": "INFINITY"})], props=NOFENCE,
      status={"node1": stopped("a") + running("b"), "node2": stopped("a") + stopped("b")})
# Equal zero scores: the node with fewer assigned resources wins over the current node.
write("tie-zero-fewest-wins", ["expect: a started node2", "expect: b started node1",
      "expect: c started node1", "expect-change: b Move"], N2,
      [prim("a"), prim("b"), prim("c")], props=NOFENCE,
      status={"node1": stopped("a") + stopped("b") + stopped("c"),
              "node2": running("a") + running("b") + stopped("c")})
# Equal positive scores: the current node wins, however many resources it holds.
write("tie-positive-current-wins", ["expect: a started node2", "expect: b started node2",
      "expect: c started node1"], N2, [prim("a"), prim("b"), prim("c")],
      "".join(loc(f"{r}-{n}", r, n, 10) for r in "ab" for n in ("node1", "node2")),
      props=NOFENCE,
      status={"node1": stopped("a") + stopped("b") + stopped("c"),
              "node2": running("a") + running("b") + stopped("c")})

# --- fencing rules: who is fenced and who is not (Pacemaker's reading of node_state)
LOST2 = [("node1", "lost"), ("node2", "online")]
write("fence-none-clean-offline", ["expect: vip started node2"],
      [("node1", "clean-offline"), ("node2", "online")], [prim("vip"), FENCER],
      status={"node1": stopped("vip"), "node2": stopped("vip")})
write("fence-none-expected-down", ["expect: vip started node2"],
      [("node1", "offline"), ("node2", "online")], [prim("vip"), FENCER],
      status={"node1": stopped("vip"), "node2": stopped("vip")})
write("fence-none-pending", ["expect: vip started node2"],
      [("node1", "pending"), ("node2", "online")], [prim("vip"), FENCER],
      loc("vip-pref", "vip", "node1", 100),
      status={"node1": stopped("vip") + stopped("fencer"), "node2": stopped("vip")})
# With fencing a pending node counts as up: never probed there, vip might run there, so it
# starts nowhere yet (without fencing the pending node is simply down: see pending-node-not-used).
write("pending-node-blocks-unprobed-start", ["expect: vip stopped", "expect: web started node2",
      "expect-no-action: vip_start_0 on node2"],
      [("node1", "pending"), ("node2", "online")], [prim("vip"), prim("web"), FENCER],
      status={"node1": stopped("web") + stopped("fencer"),
              "node2": stopped("vip") + stopped("web")})
# Shutting down with its controller gone: it left cleanly, whatever corosync says.
write("fence-none-shutdown-left", ["expect: vip started node2"], LOST2, [prim("vip"), FENCER],
      transient={"node1": {"shutdown": "1700000000"}},
      status={"node1": stopped("vip"), "node2": stopped("vip")})
# Fencing enabled but no device: nothing can be fenced; what ran there stays blocked.
write("fence-none-without-device", ["expect: vip started node1", "expect: web started node2"],
      LOST2, [prim("vip"), prim("web")],
      status={"node1": running("vip") + stopped("web"), "node2": stopped("vip") + stopped("web")})
# Nothing managed (maintenance-mode): nothing to protect, nobody fenced.
write("fence-none-nothing-managed", ["expect: vip started node1", "expect-actions: 0"], LOST2,
      [prim("vip"), FENCER], props={"maintenance-mode": "true"},
      status={"node1": running("vip"), "node2": stopped("vip")})
# no-quorum-policy=suicide in a cluster that never had quorum reads as stop.
write("fence-none-suicide-never-quorate", ["expect: vip stopped", "expect-change: vip Stop"], N2,
      [prim("vip"), FENCER], props={"no-quorum-policy": "suicide"}, quorum=False,
      status={"node1": running("vip"), "node2": stopped("vip")})
# Without quorum only members of the partition can be fenced: node1 (failed stop) is, the
# lost node2 is not.
write("fence-no-quorum-members-only", ["expect-fenced: node1", "expect: web started node2"],
      [("node1", "online"), ("node2", "lost"), ("node3", "online")],
      [prim("vip"), prim("web"), FENCER], quorum=False, props={"no-quorum-policy": "stop"},
      status={"node1": running("vip") + [op("vip", "stop", rc=1, call=12)] + stopped("web"),
              "node2": stopped("vip") + running("web"), "node3": stopped("vip") + stopped("web")})
write("fence-controller-gone", ["expect-fenced: node1", "expect: vip started node2"],
      [("node1", "controller-gone"), ("node2", "online")], [prim("vip"), FENCER],
      status={"node1": running("vip"), "node2": stopped("vip")})
write("fence-never-seen", ["expect-fenced: node1", "expect: vip started node2"],
      [("node1", "unseen"), ("node2", "online")], [prim("vip"), FENCER],
      status={"node1": stopped("vip"), "node2": stopped("vip")})
write("fence-termination-requested", ["expect-fenced: node1", "expect: vip started node2"], N2,
      [prim("vip"), FENCER], transient={"node1": {"terminate": "true"}},
      status={"node1": running("vip"), "node2": stopped("vip")})
# A clean offline node whose history says a resource still runs there is fenced.
write("fence-offline-thought-active", ["expect-fenced: node1", "expect: vip started node2"],
      [("node1", "clean-offline"), ("node2", "online")], [prim("vip"), FENCER],
      status={"node1": running("vip"), "node2": stopped("vip")})
# node-pending-timeout (against now): node2 joined corosync 400 s ago and never came up.
write("fence-pending-timeout", ["expect-fenced: node2", "expect: vip started node1"],
      [("node1", "online"), ("node2", 'in_ccm="1700000000" crmd="0"'),
       ("node3", 'in_ccm="1700000300" crmd="0"')], [prim("vip"), FENCER],
      props={"node-pending-timeout": "300s"}, exec_date=1700000400,
      status={"node1": stopped("vip"), "node3": stopped("vip") + stopped("fencer")})
