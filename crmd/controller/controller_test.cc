#include "crmd/controller/controller.h"

#include <gtest/gtest.h>

#include <set>

#include "crmd/controller/lrm_history.h"
#include "crmd/protocol/bus_message.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

constexpr std::string_view kCib =
    R"(<cib admin_epoch="0" epoch="1" num_updates="1" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="false"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes>
    <resources>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy">
        <instance_attributes id="d-ia"><nvpair id="d-ia-s" name="state" value="/run/x; touch /tmp/y"/></instance_attributes>
        <operations><op id="d-mon" name="monitor" interval="10s"/></operations>
      </primitive>
    </resources>
    <constraints><rsc_location id="l" rsc="d" node="n2" score="100"/></constraints>
  </configuration>
  <status/>
</cib>)";

Cib ParsedCib() {
  auto parsed = ParseCib(kCib, "test.xml");
  EXPECT_TRUE(parsed.has_value());
  return parsed->cib;
}

ClusterView View(bool quorum = true) {
  return ClusterView{quorum,
                     {{"n1", NodeMembership::kOnline, ""}, {"n2", NodeMembership::kOnline, ""}}};
}

std::vector<ActionMessage> Decode(const std::vector<std::string>& sends) {
  std::vector<ActionMessage> out;
  for (const std::string& s : sends) {
    auto a = DecodeAction(s);
    EXPECT_TRUE(a.has_value()) << s;
    if (a) out.push_back(*a);
  }
  return out;
}

ResultMessage Ok(const ActionMessage& a, int rc = 0) {
  return ResultMessage{a.key, a.node, a.resource, a.task, a.interval_ms, rc, 0, false};
}

TEST(Controller, AHeldPlanIsMadeByTheNextTriggerThatAllowsIt) {
  Cib cib = ParsedCib();
  ControllerInput held{&cib, View(), 100, "waiting for the quorum report"};
  Controller c("1", 50);
  ControllerEffects fx = c.Trigger(held, "became DC");
  EXPECT_TRUE(fx.sends.empty());
  EXPECT_TRUE(c.plan_held());
  EXPECT_FALSE(c.running());
  EXPECT_EQ(c.plans(), 0);
  ControllerInput in{&cib, View(), 100, ""};
  EXPECT_EQ(Decode(c.Trigger(in, "quorum report").sends).size(), 2u);  // the probes
  EXPECT_FALSE(c.plan_held());
  EXPECT_EQ(c.plans(), 1);
  c.Trigger(held, "membership");  // a running transition is aborted, not re-planned yet
  c.Resign();
  EXPECT_FALSE(c.plan_held());
}

TEST(Controller, NodeActionLimitFromTheCibOrTheDefaultThrottlesTheProbes) {
  Cib cib = ParsedCib();
  ControllerInput in{&cib, View(), 100, "", 1};  // default: one action per node
  Controller c("1", 50);
  ControllerEffects fx = c.Trigger(in, "became DC");
  std::vector<ActionMessage> sent = Decode(fx.sends);
  ASSERT_EQ(sent.size(), 2u);  // one probe per node: each node has one slot
  EXPECT_NE(sent[0].node, sent[1].node);
  bool logged = false;
  for (const std::string& line : fx.logs)
    logged |= line.find("wait for node-action-limit") != std::string::npos;
  EXPECT_FALSE(logged) << "nothing was held back";
  cib.configuration.crm_config.front().pairs.push_back(NvPair{"o2", "batch-limit", "1", 0});
  Controller limited("1", 60);
  fx = limited.Trigger(ControllerInput{&cib, View(), 100, "", 0}, "became DC");
  ASSERT_EQ(Decode(fx.sends).size(), 1u);
  logged = false;
  for (const std::string& line : fx.logs) {
    logged |= line.find("1 ready action(s) wait for node-action-limit / batch-limit") !=
              std::string::npos;
  }
  EXPECT_TRUE(logged);
  fx = limited.OnResult(ControllerInput{&cib, View(), 100, "", 0}, Ok(Decode(fx.sends)[0], 7));
  EXPECT_EQ(Decode(fx.sends).size(), 1u);  // the other probe, now that the first is done
}

// The CIB of kCib with d cloned (`clone_tag` opens the clone) and no location constraint.
Cib ClonedCib(const std::string& clone_tag) {
  std::string text(kCib);
  text.replace(text.find("<primitive id=\"d\""), 0, clone_tag);
  text.replace(text.find("</resources>"), 0, "</clone>");
  text.replace(text.find("<rsc_location"), text.find("</constraints>") - text.find("<rsc_location"),
               "");
  auto parsed = ParseCib(text, "test.xml");
  EXPECT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  return parsed ? parsed->cib : Cib{};
}

// Anonymous clone instances run under the primitive's id on every node, as Pacemaker records
// them; the instance number travels beside it for OCF_RESKEY_CRM_meta_clone.
TEST(Controller, ClonesInstancesAreSentUnderThePrimitivesIdWithTheirNumber) {
  Cib cib = ClonedCib("<clone id=\"d-clone\">");
  ControllerInput in{&cib, View(), 100, ""};
  Controller c("1", 50);
  std::vector<ActionMessage> probes = Decode(c.Trigger(in, "membership").sends);
  ASSERT_EQ(probes.size(), 2u);
  std::vector<ActionMessage> starts;
  for (const ActionMessage& probe : probes) {
    EXPECT_EQ(probe.resource, "d");
    EXPECT_EQ(probe.task, "monitor");
    std::vector<ActionMessage> next = Decode(c.OnResult(in, Ok(probe, 7)).sends);
    starts.insert(starts.end(), next.begin(), next.end());
  }
  ASSERT_EQ(starts.size(), 2u);
  std::set<int> instances;
  for (const ActionMessage& start : starts) {
    EXPECT_EQ(start.task, "start");
    EXPECT_EQ(start.resource, "d");
    instances.insert(start.clone_instance);
  }
  EXPECT_EQ(instances, (std::set<int>{0, 1}));
  EXPECT_NE(starts[0].node, starts[1].node);
}

// A promotable clone runs: starts, then the promote where the master-d score is highest,
// then the role monitors; the promoted one's key expects rc 8 and carries its role.
TEST(Controller, PromotableClonesArePromotedAndWatchedInTheirRole) {
  Cib cib = ClonedCib(
      "<clone id=\"d-clone\"><meta_attributes id=\"m\"><nvpair id=\"m1\" "
      "name=\"promotable\" value=\"true\"/></meta_attributes>");
  Primitive& d = std::get<Primitive>(std::get<Clone>(cib.configuration.resources[0]).child);
  d.operations.clear();
  Operation promoted, unpromoted;
  promoted.id = "d-mp";
  promoted.name = unpromoted.name = "monitor";
  promoted.interval_ms = 10000;
  promoted.role = "Promoted";
  unpromoted.id = "d-mu";
  unpromoted.interval_ms = 11000;
  unpromoted.role = "Unpromoted";
  d.operations = {promoted, unpromoted};
  for (const char* node : {"n1", "n2"}) {
    NodeState& state = cib.status.node_states.emplace_back();
    state.id = node == std::string("n1") ? "1" : "2";
    state.uname = node;
    SetTransientAttribute(state, "master-d", node == std::string("n2") ? "10" : "5");
  }
  ControllerInput in{&cib, View(), 100, ""};
  Controller c("1", 50);
  std::vector<ActionMessage> pending = Decode(c.Trigger(in, "membership").sends);
  std::vector<ActionMessage> all;
  while (!pending.empty()) {
    ActionMessage a = pending.front();
    pending.erase(pending.begin());
    all.push_back(a);
    const bool probe = a.task == "monitor" && a.interval_ms == 0;
    const int rc = probe ? 7 : a.role == "Promoted" ? 8 : 0;
    std::vector<ActionMessage> next = Decode(c.OnResult(in, Ok(a, rc)).sends);
    pending.insert(pending.end(), next.begin(), next.end());
  }
  EXPECT_FALSE(c.running());
  std::set<std::string> seen;
  for (const ActionMessage& a : all) {
    if (a.task == "probe" || (a.task == "monitor" && a.interval_ms == 0)) continue;
    seen.insert(a.task + " " + a.node + " " + a.role + " " + a.key.substr(a.key.find(':', 3)));
  }
  EXPECT_EQ(seen,
            (std::set<std::string>{"start n1  :0:1", "start n2  :0:1", "promote n2  :0:1",
                                   "monitor n2 Promoted :8:1", "monitor n1 Unpromoted :0:1"}));
}

TEST(Controller, ProbesFirstThenStartThenMonitor) {
  Cib cib = ParsedCib();
  ControllerInput in{&cib, View(), 100, ""};
  Controller c("1", 50);
  auto sent = Decode(c.Trigger(in, "membership").sends);
  ASSERT_EQ(sent.size(), 2u);  // the probes; start waits for them
  for (const auto& a : sent) {
    EXPECT_EQ(a.task, "monitor");
    EXPECT_EQ(a.interval_ms, 0);
    EXPECT_TRUE(a.key.ends_with(":50:7:1")) << a.key;
  }
  EXPECT_TRUE(Decode(c.OnResult(in, Ok(sent[0], 7)).sends).empty());
  auto start = Decode(c.OnResult(in, Ok(sent[1], 7)).sends);
  ASSERT_EQ(start.size(), 1u);
  EXPECT_EQ(start[0].task, "start");
  EXPECT_EQ(start[0].node, "n2");
  auto monitor = Decode(c.OnResult(in, Ok(start[0])).sends);
  ASSERT_EQ(monitor.size(), 1u);
  EXPECT_EQ(monitor[0].task, "monitor");
  EXPECT_EQ(monitor[0].interval_ms, 10000);
  EXPECT_TRUE(c.running());
  ControllerEffects last = c.OnResult(in, Ok(monitor[0]));
  EXPECT_TRUE(last.sends.empty());
  EXPECT_FALSE(c.running());
  EXPECT_EQ(c.plans(), 1);
}

// d runs on n2 with its 10 s monitor; n1 probed it. `maint` is n2's maintenance attribute,
// `monitor_status` the op-status of the monitor's entry ("": none), `last` d's newest
// start/stop/probe there.
std::string MaintenanceCib(const std::string& maint, const std::string& monitor_status,
                           const std::string& last) {
  std::string text =
      R"(<cib admin_epoch="0" epoch="1" num_updates="1" validate-with="pacemaker-3.0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="false"/>
    </cluster_property_set></crm_config>
    <nodes><node id="1" uname="n1"/><node id="2" uname="n2"><instance_attributes id="n2-a">
      <nvpair id="n2-m" name="maintenance" value="MAINT"/></instance_attributes></node></nodes>
    <resources>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy">
        <operations><op id="d-mon" name="monitor" interval="10s"/></operations>
      </primitive>
    </resources>
    <constraints><rsc_location id="l" rsc="d" node="n2" score="100"/></constraints>
  </configuration>
  <status>
    <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id="1"><lrm_resources><lrm_resource id="d" class="ocf" provider="heartbeat" type="Dummy">
        <lrm_rsc_op id="d_last_0" operation_key="d_monitor_0" operation="monitor" interval="0" call-id="1" rc-code="7" op-status="0"/>
      </lrm_resource></lrm_resources></lrm></node_state>
    <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id="2"><lrm_resources><lrm_resource id="d" class="ocf" provider="heartbeat" type="Dummy">
        LAST
        MONITOR
      </lrm_resource></lrm_resources></lrm></node_state>
  </status>
</cib>)";
  text.replace(text.find("MAINT"), 5, maint);
  std::string monitor =
      monitor_status.empty()
          ? ""
          : R"(<lrm_rsc_op id="d_monitor_10000" operation_key="d_monitor_10000" operation="monitor" interval="10000" call-id="3" rc-code="0" op-status=")" +
                monitor_status + "\"/>";
  text.replace(text.find("MONITOR"), 7, monitor);
  text.replace(text.find("LAST"), 4, last);
  return text;
}

constexpr const char* kStarted =
    R"(<lrm_rsc_op id="d_last_0" operation_key="d_start_0" operation="start" interval="0" call-id="2" rc-code="0" op-status="0"/>)";
constexpr const char* kProbedStopped =
    R"(<lrm_rsc_op id="d_last_0" operation_key="d_monitor_0" operation="monitor" interval="0" call-id="4" rc-code="7" op-status="0"/>)";

// #17: a node in maintenance has its resources' monitors cancelled; once ready again they are
// probed there first, and the plan that follows starts what an operator stopped meanwhile.
TEST(Controller, MaintenanceCancelsMonitorsAndLeavingItReprobesThenPlansFromWhatItFound) {
  Cib cib = ParseCib(MaintenanceCib("true", "0", kStarted), "m.xml")->cib;
  ControllerInput in{&cib, View(), 100, ""};
  Controller c("1", 50);
  auto cancel = Decode(c.Trigger(in, "n2 in maintenance").sends);
  ASSERT_EQ(cancel.size(), 1u);
  EXPECT_EQ(cancel[0].task, "cancel");
  EXPECT_EQ(cancel[0].node, "n2");
  EXPECT_EQ(cancel[0].interval_ms, 10000);
  cib = ParseCib(MaintenanceCib("true", "1", kStarted), "m.xml")->cib;  // n2 recorded it
  EXPECT_TRUE(c.OnResult(in, Ok(cancel[0])).sends.empty());
  EXPECT_FALSE(c.running());
  EXPECT_EQ(c.plans(), 1);
  EXPECT_TRUE(c.Trigger(in, "nothing changed").sends.empty()) << "cancelled once only";

  cib = ParseCib(MaintenanceCib("false", "1", kStarted), "m.xml")->cib;
  auto probe = Decode(c.Trigger(in, "n2 ready").sends);
  ASSERT_EQ(probe.size(), 1u);
  EXPECT_EQ(probe[0].task, "monitor");
  EXPECT_EQ(probe[0].interval_ms, 0);
  EXPECT_EQ(probe[0].node, "n2");
  // The probe finds it stopped (someone stopped it by hand); n2 records that.
  cib = ParseCib(MaintenanceCib("false", "", kProbedStopped), "m.xml")->cib;
  auto start = Decode(c.OnResult(in, Ok(probe[0], 7)).sends);
  ASSERT_EQ(start.size(), 1u) << "planned again from what the probe found";
  EXPECT_EQ(start[0].task, "start");
  EXPECT_EQ(start[0].node, "n2");
}

TEST(Controller, TriggerMidTransitionAbortsAndReplansAfterOutstandingComplete) {
  Cib cib = ParsedCib();
  ControllerInput in{&cib, View(), 100, ""};
  Controller c("1", 1);
  auto probes = Decode(c.Trigger(in, "start").sends);
  ASSERT_EQ(probes.size(), 2u);
  ControllerEffects t = c.Trigger(in, "config changed");
  EXPECT_TRUE(t.sends.empty());
  EXPECT_TRUE(c.run()->aborted());
  EXPECT_TRUE(c.OnResult(in, Ok(probes[0], 7)).sends.empty());
  // The last outstanding result ends the aborted run; a new plan (transition 2) goes out.
  auto replanned = Decode(c.OnResult(in, Ok(probes[1], 7)).sends);
  EXPECT_EQ(c.plans(), 2);
  ASSERT_FALSE(replanned.empty());
  EXPECT_TRUE(replanned[0].key.find(":2:") != std::string::npos) << replanned[0].key;
}

TEST(Controller, TheFinishedRunIsGoneBeforeTheNextPlanAsksForItsInput) {
  Cib cib = ParsedCib();
  ControllerInput in{&cib, View(), 100, ""};
  Controller c("1", 1);
  auto probes = Decode(c.Trigger(in, "start").sends);
  ASSERT_EQ(probes.size(), 2u);
  c.Trigger(in, "config changed");
  int asked = 0;
  bool running_when_asked = true;
  auto input = [&] {
    ++asked;
    running_when_asked = c.running();
    return in;
  };
  EXPECT_TRUE(c.OnResult(input, Ok(probes[0], 7)).sends.empty());
  EXPECT_EQ(asked, 0);  // completing an action needs no CIB
  EXPECT_FALSE(Decode(c.OnResult(input, Ok(probes[1], 7)).sends).empty());
  EXPECT_EQ(asked, 1);
  EXPECT_FALSE(running_when_asked);
  EXPECT_EQ(c.plans(), 2);
}

TEST(Controller, FailedActionEndsTheRunAndReplans) {
  Cib cib = ParsedCib();
  ControllerInput in{&cib, View(), 100, ""};
  Controller c("1", 1);
  auto probes = Decode(c.Trigger(in, "start").sends);
  ResultMessage bad = Ok(probes[0], 1);
  bad.failure = true;
  c.OnResult(in, bad);
  c.OnResult(in, Ok(probes[1], 7));
  EXPECT_EQ(c.plans(), 2);  // the failed run ended: re-planned at once
}

TEST(Controller, ResultsOfOtherTransitionsOrDcsAreIgnoredUnlessFailures) {
  Cib cib = ParsedCib();
  ControllerInput in{&cib, View(), 100, ""};
  Controller c("1", 1);
  auto probes = Decode(c.Trigger(in, "start").sends);
  ResultMessage stranger = Ok(probes[0], 7);
  stranger.key = "0:1:7:2";  // another DC's key
  EXPECT_TRUE(c.OnResult(in, stranger).sends.empty());
  EXPECT_FALSE(c.run()->aborted());
  ResultMessage monitor_failed{"", "n2", "d", "monitor", 10000, 7, 0, true};
  c.OnResult(in, monitor_failed);
  EXPECT_TRUE(c.run()->aborted());
}

TEST(Controller, ResignForgetsTheRun) {
  Cib cib = ParsedCib();
  ControllerInput in{&cib, View(), 100, ""};
  Controller c("1", 1);
  c.Trigger(in, "start");
  EXPECT_TRUE(c.running());
  c.Resign();
  EXPECT_FALSE(c.running());
}

std::optional<Cib> CibWithLostHolder() {
  std::string text(kCib);
  const std::string off = R"(value="false")";
  text.replace(text.find(off), off.size(), R"(value="true")");
  text.replace(text.find("<status/>"), 9, R"(<status>
    <node_state id="2" uname="n2" in_ccm="true" crmd="online" join="member" expected="member">
      <lrm id="2"><lrm_resources><lrm_resource id="d" class="ocf" provider="heartbeat" type="Dummy">
        <lrm_rsc_op id="d_last_0" operation_key="d_start_0" operation="start" interval="0" call-id="3" rc-code="0" op-status="0"/>
      </lrm_resource></lrm_resources></lrm>
    </node_state></status>)");
  auto parsed = ParseCib(text, "fence.xml");
  EXPECT_TRUE(parsed.has_value()) << parsed.error().front().ToString();
  if (!parsed) return std::nullopt;
  return parsed->cib;
}

const ClusterView kLostN2{
    true, {{"n1", NodeMembership::kOnline, ""}, {"n2", NodeMembership::kUnclean, "lost"}}};

TEST(Controller, FenceActionIsHandedOutAndItsSuccessLetsTheStartGo) {
  auto cib = CibWithLostHolder();
  ASSERT_TRUE(cib.has_value());
  ControllerInput in{&*cib, kLostN2, 100, ""};
  Controller c("1", 1);
  ControllerEffects fx = c.Trigger(in, "membership");
  ASSERT_EQ(fx.fences.size(), 1u);
  EXPECT_EQ(fx.fences[0].target, "n2");
  for (const ActionMessage& a : Decode(fx.sends))
    EXPECT_NE(a.task, "start") << a.key;  // after the fence
  std::vector<ActionMessage> sent = Decode(fx.sends);
  std::vector<ActionMessage> after;
  for (const ActionMessage& a : sent) {
    auto more = Decode(c.OnResult(in, Ok(a, 7)).sends);
    after.insert(after.end(), more.begin(), more.end());
  }
  for (const ActionMessage& a : after) EXPECT_NE(a.task, "start") << a.key;
  // A stale outcome (other transition) changes nothing.
  EXPECT_TRUE(c.OnFenceDone(in, fx.fences[0].transition + 1, fx.fences[0].index, true, "")
                  .sends.empty());
  auto started = Decode(c.OnFenceDone(in, fx.fences[0].transition, fx.fences[0].index, true, "")
                            .sends);
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0].task, "start");
  EXPECT_EQ(started[0].node, "n1");
}

TEST(Controller, FailedFenceEndsTheRunFailedStartsNothingAndDoesNotReplanAtOnce) {
  auto cib = CibWithLostHolder();
  ASSERT_TRUE(cib.has_value());
  ControllerInput in{&*cib, kLostN2, 100, ""};
  Controller c("1", 1);
  ControllerEffects fx = c.Trigger(in, "membership");
  ASSERT_EQ(fx.fences.size(), 1u);
  for (const ActionMessage& a : Decode(fx.sends)) c.OnResult(in, Ok(a, 7));
  ControllerEffects failed =
      c.OnFenceDone(in, fx.fences[0].transition, fx.fences[0].index, false, "agent exit 1");
  EXPECT_TRUE(failed.sends.empty());
  EXPECT_TRUE(failed.fences.empty());
  EXPECT_FALSE(c.running());
  EXPECT_EQ(c.plans(), 1);
  bool logged = false;
  for (const std::string& line : failed.logs) {
    if (line.find("fence n2 failed: agent exit 1") != std::string::npos) logged = true;
  }
  EXPECT_TRUE(logged);
  // The caller's retry re-triggers: the fence comes back, still before any start.
  ControllerEffects retry = c.Trigger(in, "retrying fencing of n2");
  ASSERT_EQ(retry.fences.size(), 1u);
  EXPECT_EQ(c.plans(), 2);
}

TEST(ControllerMessages, ActionRoundTripAndRequestKeepsParametersOutOfAnyShell) {
  ActionMessage a{"3:7:0:1", "n2", "start", "d", 0, 20000};
  auto back = DecodeAction(EncodeAction(a));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->key, a.key);
  EXPECT_EQ(back->timeout_ms, 20000);
  Cib cib = ParsedCib();
  auto request = BuildRequest(cib, *back);
  ASSERT_TRUE(request.has_value()) << request.error().ToString();
  EXPECT_EQ(request->agent.ToString(), "ocf:heartbeat:Dummy");
  EXPECT_EQ(request->params.at("state"), "/run/x; touch /tmp/y");
  EXPECT_EQ(request->meta.at("timeout"), "20000");
  a.resource = "nope";
  auto missing = BuildRequest(cib, a);
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("nope"), std::string::npos);
}

TEST(ControllerMessages, ResultRoundTripAndBadPayloadsAreRefused) {
  ResultMessage r{"1:2:0:3", "n1", "d", "monitor", 10000, 7, 0, true};
  auto back = DecodeResult(EncodeResult(r));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->rc, 7);
  EXPECT_TRUE(back->failure);
  EXPECT_EQ(back->interval_ms, 10000);
  EXPECT_FALSE(DecodeResult(EncodeAction(ActionMessage{"k", "n", "t", "r"})).has_value());
  EXPECT_FALSE(
      DecodeAction(EncodeBusMessage(BusMessage{"action", {{"key", "k"}}, ""})).has_value());
  EXPECT_EQ(PayloadType(EncodeResult(r)), "result");
  auto key = ParseTransitionKey("4:12:7:node-3");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->index, 4);
  EXPECT_EQ(key->transition, 12);
  EXPECT_EQ(key->target_rc, 7);
  EXPECT_EQ(key->dc, "node-3");
  EXPECT_FALSE(ParseTransitionKey("4:x:7:1").has_value());
}

}  // namespace
}  // namespace keel
