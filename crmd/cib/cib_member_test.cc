// Election, replication and sync on the fake bus: the same CrmdCore the daemon runs.

#include "crmd/cib/cib_member.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "crmd/election/election.h"
#include "crmd/protocol/bus_messages.h"
#include "tests/fakes/test_cluster.h"

namespace keel {
namespace {

// A test validator: a primitive with id "bad" is invalid.
Errors TestValidator(const XmlNode& cib, std::string_view source) {
  const XmlNode* config = cib.Child("configuration");
  const XmlNode* resources = config ? config->Child("resources") : nullptr;
  Errors errors;
  if (resources == nullptr) return errors;
  for (const XmlNode& r : resources->children) {
    if (r.AttrOr("id") == "bad") errors.push_back(Error{ErrorCode::kInvalid, "bad resource", std::string(source)});
  }
  return errors;
}

// A CIB document whose resources are primitives with these ids.
std::string CibWith(const std::vector<std::string>& ids, CibVersion v = {}) {
  std::string xml = "<cib admin_epoch=\"" + std::to_string(v.admin_epoch) + "\" epoch=\"" +
                    std::to_string(v.epoch) + "\" num_updates=\"" + std::to_string(v.num_updates) +
                    "\"><configuration><crm_config/><nodes/><resources>";
  for (const std::string& id : ids) {
    xml += "<primitive id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>";
  }
  return xml + "</resources><constraints/></configuration><status/></cib>";
}

std::vector<std::string> ResourceIds(const XmlNode& cib) {
  std::vector<std::string> ids;
  for (const XmlNode& r : cib.Child("configuration")->Child("resources")->children) ids.push_back(r.AttrOr("id"));
  return ids;
}


class ClusterTest : public ::testing::Test {
 protected:
  void StartAll(int n) {
    for (int i = 1; i <= n; ++i) cluster_.Start(i);
    cluster_.Run();
  }
  void ExpectSameCib(const std::vector<NodeId>& ids) {
    for (NodeId id : ids) {
      EXPECT_EQ(SerializeXml(cluster_.member(id).cib()), SerializeXml(cluster_.member(ids[0]).cib()))
          << "node " << id << " differs from node " << ids[0];
      EXPECT_FALSE(cluster_.member(id).syncing()) << "node " << id;
    }
  }
  TestCluster cluster_{3, TestValidator};
};

TEST_F(ClusterTest, EveryMemberElectsTheSameDcAndItActs) {
  StartAll(3);
  for (NodeId id : {1u, 2u, 3u}) {
    EXPECT_EQ(cluster_.member(id).dc(), 1u);
    EXPECT_TRUE(cluster_.member(id).quorate());
  }
  EXPECT_GE(cluster_.node(1).dc_acting, 1);
  EXPECT_EQ(cluster_.node(2).dc_acting, 0);
}

TEST_F(ClusterTest, DcChangesWhenTheDcLeaves) {
  StartAll(3);
  cluster_.Crash(1);
  cluster_.Run();
  EXPECT_EQ(cluster_.member(2).dc(), 2u);
  EXPECT_EQ(cluster_.member(3).dc(), 2u);
  EXPECT_GE(cluster_.node(2).dc_acting, 1);
  bool logged = false;
  for (const std::string& line : cluster_.node(3).logs) {
    if (line == "dc: node2 elected (lowest node id among members [2,3])") logged = true;
  }
  EXPECT_TRUE(logged);
}

TEST_F(ClusterTest, CommitIsAppliedEverywhereAndAckedAfterSelfDelivery) {
  StartAll(3);
  cluster_.node(2).core->RequestCommit(7, CibWith({"vip"}), std::nullopt);
  EXPECT_TRUE(cluster_.node(2).replies.empty()) << "acked before its own message came back";
  cluster_.Run();
  ASSERT_EQ(cluster_.node(2).replies.size(), 1u);
  ASSERT_TRUE(cluster_.node(2).replies[0].result.has_value());
  EXPECT_EQ(cluster_.node(2).replies[0].request, 7u);
  EXPECT_EQ(cluster_.node(2).replies[0].result->epoch, 1);
  for (NodeId id : {1u, 2u, 3u}) {
    EXPECT_EQ(ResourceIds(cluster_.member(id).cib()), std::vector<std::string>{"vip"});
    ASSERT_TRUE(cluster_.node(id).disk.has_value());
    EXPECT_EQ(ResourceIds(*cluster_.node(id).disk), std::vector<std::string>{"vip"}) << "not persisted";
  }
  EXPECT_TRUE(cluster_.node(1).replies.empty());
  ExpectSameCib({1, 2, 3});
}

TEST_F(ClusterTest, InvalidChangeIsRefusedAtTheOriginAndChangesNothing) {
  StartAll(3);
  std::string before = SerializeXml(cluster_.member(1).cib());
  cluster_.node(2).core->RequestCommit(1, CibWith({"ok", "bad"}), std::nullopt);
  ASSERT_EQ(cluster_.node(2).replies.size(), 1u);
  EXPECT_FALSE(cluster_.node(2).replies[0].result.has_value());
  EXPECT_EQ(cluster_.Run(), 0u) << "an invalid change was broadcast";
  for (NodeId id : {1u, 2u, 3u}) EXPECT_EQ(SerializeXml(cluster_.member(id).cib()), before);
}

TEST_F(ClusterTest, ConcurrentChangesOnTheSameBaseOneWinsEverywhere) {
  StartAll(3);
  CibVersion base = cluster_.member(1).version();
  cluster_.node(1).core->RequestCommit(1, CibWith({"a"}), base);
  cluster_.node(3).core->RequestCommit(1, CibWith({"b"}), base);
  cluster_.Run();
  ASSERT_EQ(cluster_.node(1).replies.size(), 1u);
  ASSERT_EQ(cluster_.node(3).replies.size(), 1u);
  EXPECT_TRUE(cluster_.node(1).replies[0].result.has_value()) << "first in the total order wins";
  ASSERT_FALSE(cluster_.node(3).replies[0].result.has_value());
  EXPECT_EQ(cluster_.node(3).replies[0].result.error().code, ErrorCode::kConflict);
  ExpectSameCib({1, 2, 3});
  EXPECT_EQ(ResourceIds(cluster_.member(2).cib()), std::vector<std::string>{"a"});
}

TEST_F(ClusterTest, FailedSendAnswersTheClient) {
  StartAll(3);
  cluster_.network().SetSendFailure(true);
  cluster_.node(1).core->RequestCommit(4, CibWith({"a"}), std::nullopt);
  cluster_.network().SetSendFailure(false);
  ASSERT_EQ(cluster_.node(1).replies.size(), 1u);
  EXPECT_FALSE(cluster_.node(1).replies[0].result.has_value());
  EXPECT_EQ(cluster_.Run(), 0u);
}

TEST_F(ClusterTest, MergeOfTwoChangedPartitionsEndsWithTheHigherVersionEverywhere) {
  StartAll(3);
  cluster_.network().Partition({{1, 2}, {3}});
  cluster_.Run();
  EXPECT_TRUE(cluster_.member(1).quorate());
  EXPECT_FALSE(cluster_.member(3).quorate());
  EXPECT_EQ(cluster_.member(3).dc(), 3u);
  // The majority makes two changes, the minority one: the majority's version is higher.
  cluster_.node(2).core->RequestCommit(1, CibWith({"m1"}), std::nullopt);
  cluster_.Run();
  cluster_.node(1).core->RequestCommit(2, CibWith({"m1", "m2"}), std::nullopt);
  cluster_.node(3).core->RequestCommit(3, CibWith({"minority"}), std::nullopt);
  cluster_.Run();
  // Without quorum the minority may not change the configuration.
  ASSERT_EQ(cluster_.node(3).replies.size(), 1u);
  EXPECT_FALSE(cluster_.node(3).replies[0].result.has_value());
  EXPECT_TRUE(cluster_.member(3).cib().Child("configuration")->Child("resources")->children.empty());
  cluster_.network().Merge();
  cluster_.Run();
  ExpectSameCib({1, 2, 3});
  EXPECT_EQ(ResourceIds(cluster_.member(3).cib()), (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(ResourceIds(*cluster_.node(3).disk), (std::vector<std::string>{"m1", "m2"}));
  EXPECT_EQ(cluster_.member(3).dc(), 1u);
}

// Lab finding (loop_writes): a lone cut node resent its in-flight change into its new
// one-node membership and acknowledged it before corosync reported that it had no quorum; at
// the merge the two sides held different CIBs under one version and an acknowledged change was
// lost. Only a partition known to be quorate may commit.
TEST_F(ClusterTest, AMinorityCannotCommitSoAMergeLosesNoAcknowledgedChange) {
  StartAll(3);
  cluster_.network().HoldQuorumReports(true);
  cluster_.network().Partition({{1}, {2, 3}});
  cluster_.Run();
  ASSERT_FALSE(cluster_.member(1).syncing());
  cluster_.node(1).core->RequestCommit(1, CibWith({"from1"}), std::nullopt);
  cluster_.node(2).core->RequestCommit(1, CibWith({"from2"}), std::nullopt);
  cluster_.Run();
  EXPECT_TRUE(cluster_.node(1).replies.empty()) << "held until corosync reports quorum";
  EXPECT_TRUE(cluster_.node(2).replies.empty()) << "held until corosync reports quorum";
  cluster_.network().ReportQuorum();
  cluster_.Run();
  ASSERT_EQ(cluster_.node(1).replies.size(), 1u);
  ASSERT_FALSE(cluster_.node(1).replies[0].result.has_value());
  EXPECT_NE(cluster_.node(1).replies[0].result.error().message.find("no quorum"), std::string::npos);
  ASSERT_EQ(cluster_.node(2).replies.size(), 1u);
  EXPECT_TRUE(cluster_.node(2).replies[0].result.has_value());
  EXPECT_NE(cluster_.member(1).version(), cluster_.member(2).version());
  cluster_.network().HoldQuorumReports(false);
  cluster_.network().Merge();
  cluster_.Run();
  ExpectSameCib({1, 2, 3});
  EXPECT_EQ(ResourceIds(cluster_.member(1).cib()), std::vector<std::string>{"from2"});
}

TEST_F(ClusterTest, WithoutAQuorumReportCommitsGoOnAfterASecond) {
  StartAll(3);
  cluster_.network().HoldQuorumReports(true);
  cluster_.network().Crash(3);
  cluster_.Run();
  cluster_.node(1).core->RequestCommit(1, CibWith({"a"}), std::nullopt);
  cluster_.Run();
  EXPECT_TRUE(cluster_.node(1).replies.empty());
  cluster_.CheckProgress(1, 0);
  cluster_.CheckProgress(1, 1000);
  cluster_.Run();
  ASSERT_EQ(cluster_.node(1).replies.size(), 1u);
  EXPECT_TRUE(cluster_.node(1).replies[0].result.has_value());
  EXPECT_EQ(ResourceIds(cluster_.member(2).cib()), std::vector<std::string>{"a"});
}

TEST_F(ClusterTest, RestartWithAStaleCibCatchesUp) {
  StartAll(3);
  cluster_.Crash(3);
  cluster_.Run();
  cluster_.node(1).core->RequestCommit(1, CibWith({"x"}), std::nullopt);
  cluster_.Run();
  cluster_.node(2).core->RequestCommit(1, CibWith({"x", "y"}), std::nullopt);
  cluster_.Run();
  ASSERT_TRUE(cluster_.node(3).disk.has_value());
  EXPECT_TRUE(ResourceIds(*cluster_.node(3).disk).empty());
  cluster_.Start(3);  // from its stale disk
  cluster_.Run();
  ExpectSameCib({1, 2, 3});
  EXPECT_EQ(ResourceIds(cluster_.member(3).cib()), (std::vector<std::string>{"x", "y"}));
}

bool Logged(const std::vector<std::string>& logs, std::string_view text) {
  return std::any_of(logs.begin(), logs.end(),
                     [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

// After nodes only left, every survivor holds the same CIB: the sync sends no CIB.
TEST_F(ClusterTest, SurvivorsHoldingTheSameCibSyncWithoutSendingIt) {
  StartAll(3);
  cluster_.node(1).core->RequestCommit(1, CibWith({"vip"}), std::nullopt);
  cluster_.Run();
  for (NodeId id : {1u, 2u}) cluster_.node(id).logs.clear();
  cluster_.Crash(3);
  cluster_.Run();
  for (NodeId id : {1u, 2u}) {
    EXPECT_TRUE(Logged(cluster_.node(id).logs, "every member holds CIB ")) << "node " << id;
    EXPECT_FALSE(Logged(cluster_.node(id).logs, "has the newest CIB")) << "node " << id;
    EXPECT_FALSE(Logged(cluster_.node(id).logs, "adopted CIB")) << "node " << id;
  }
  ExpectSameCib({1, 2});
  EXPECT_EQ(ResourceIds(cluster_.member(2).cib()), std::vector<std::string>{"vip"});
  const XmlNode* s3 = FindNodeState(cluster_.member(2).cib(), "3");
  ASSERT_NE(s3, nullptr);
  EXPECT_EQ(s3->AttrOr("crmd"), "offline");
  EXPECT_GE(cluster_.node(1).dc_acting, 1);
}

// The same version does not mean the same CIB (a node restarted with another copy): the
// digests differ, so the CIB is sent and every member ends up with the chosen one.
TEST_F(ClusterTest, SameVersionWithOtherContentIsStillSent) {
  StartAll(3);
  cluster_.Crash(3);
  cluster_.Run();
  auto other = ParseCibDocument(CibWith({"other"}, cluster_.member(1).version()), "test");
  ASSERT_TRUE(other.has_value());
  cluster_.node(1).logs.clear();
  cluster_.Start(3, *other);
  cluster_.Run();
  EXPECT_TRUE(Logged(cluster_.node(1).logs, "has the newest CIB"));
  ExpectSameCib({1, 2, 3});
  EXPECT_TRUE(ResourceIds(cluster_.member(3).cib()).empty());
}

TEST_F(ClusterTest, StatusIsRebuiltFromWhatEachNodeReports) {
  StartAll(3);
  cluster_.Crash(2);
  cluster_.Run();
  const XmlNode* s2 = FindNodeState(cluster_.member(1).cib(), "2");
  ASSERT_NE(s2, nullptr);
  EXPECT_EQ(s2->AttrOr("crmd"), "offline");
  const XmlNode* s3 = FindNodeState(cluster_.member(1).cib(), "3");
  ASSERT_NE(s3, nullptr);
  EXPECT_EQ(s3->AttrOr("crmd"), "online");
  EXPECT_EQ(s3->AttrOr("uname"), "node3");
}

TEST_F(ClusterTest, CommitDuringSyncIsQueuedThenApplied) {
  cluster_.Start(1);
  cluster_.Start(2);  // two of three: quorate once synced
  cluster_.node(1).core->RequestCommit(9, CibWith({"early"}), std::nullopt);
  EXPECT_TRUE(cluster_.node(1).replies.empty());
  cluster_.Run();
  ASSERT_EQ(cluster_.node(1).replies.size(), 1u);
  EXPECT_TRUE(cluster_.node(1).replies[0].result.has_value());
  EXPECT_EQ(ResourceIds(cluster_.member(1).cib()), std::vector<std::string>{"early"});
}

TEST_F(ClusterTest, ChangeDeliveredWhileSyncingIsRefusedEverywhereThenResent) {
  StartAll(3);
  cluster_.Crash(3);  // the membership change is queued first...
  cluster_.node(2).core->RequestCommit(5, CibWith({"late"}), std::nullopt);  // ...then the change
  cluster_.Run();
  for (NodeId id : {1u, 2u}) {
    const auto& logs = cluster_.node(id).logs;
    EXPECT_NE(std::find(logs.begin(), logs.end(), "cib: refused change from node2: synchronizing"), logs.end())
        << "node " << id << " applied a change delivered while syncing";
  }
  ASSERT_EQ(cluster_.node(2).replies.size(), 1u);
  ASSERT_TRUE(cluster_.node(2).replies[0].result.has_value()) << "the origin resends after the sync";
  EXPECT_EQ(ResourceIds(cluster_.member(1).cib()), std::vector<std::string>{"late"});
  ExpectSameCib({1, 2});
}

TEST_F(ClusterTest, ConcurrentChangesWithoutBaseBothLand) {
  StartAll(3);
  cluster_.node(1).core->RequestCommit(1, CibWith({"a"}), std::nullopt);
  cluster_.node(3).core->RequestCommit(1, CibWith({"b"}), std::nullopt);
  cluster_.Run();
  ASSERT_EQ(cluster_.node(1).replies.size(), 1u);
  ASSERT_EQ(cluster_.node(3).replies.size(), 1u);
  ASSERT_TRUE(cluster_.node(1).replies[0].result.has_value());
  ASSERT_TRUE(cluster_.node(3).replies[0].result.has_value()) << "resent on the new configuration";
  EXPECT_EQ(cluster_.node(3).replies[0].result->epoch, cluster_.node(1).replies[0].result->epoch + 1);
  ExpectSameCib({1, 2, 3});
  EXPECT_EQ(ResourceIds(cluster_.member(2).cib()), std::vector<std::string>{"b"});
}

TEST_F(ClusterTest, StatusUpdatesDoNotConflictWithAPinnedBase) {
  StartAll(3);
  CibVersion base = cluster_.member(1).version();
  cluster_.network().Partition({{1, 2}, {3}});  // causes node_state reports: num_updates moves
  cluster_.Run();
  cluster_.network().Merge();
  cluster_.Run();
  ASSERT_NE(cluster_.member(1).version(), base);
  cluster_.node(1).core->RequestCommit(1, CibWith({"a"}), base);
  cluster_.Run();
  ASSERT_EQ(cluster_.node(1).replies.size(), 1u);
  EXPECT_TRUE(cluster_.node(1).replies[0].result.has_value());
}

TEST_F(ClusterTest, ChangesTravelAsPatches) {
  StartAll(3);
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) ids.push_back("r" + std::to_string(i));
  cluster_.node(1).core->RequestCommit(1, CibWith(ids), std::nullopt);
  cluster_.Run();
  ids.push_back("one_more");
  std::string proposed = CibWith(ids);
  cluster_.node(1).core->RequestCommit(2, proposed, std::nullopt);
  // The commit message is queued on the bus: far smaller than the whole CIB it commits.
  size_t sent = cluster_.network().QueuedBytes();
  EXPECT_GT(sent, 0u);
  EXPECT_LT(sent * 10, proposed.size());
  cluster_.Run();
  ExpectSameCib({1, 2, 3});
  EXPECT_EQ(ResourceIds(cluster_.member(3).cib()).size(), 201u);
}

TEST_F(ClusterTest, OwnStatusUpdatesReachEveryMemberAndSurviveASync) {
  StartAll(3);
  auto state = ParseXml(
      "<node_state id=\"2\"><lrm><lrm_resources><lrm_resource id=\"vip\"><lrm_rsc_op id=\"vip_start_0\" "
      "operation=\"start\" call-id=\"3\" rc-code=\"0\"/></lrm_resource></lrm_resources></lrm></node_state>",
      "test");
  ASSERT_TRUE(state.has_value());
  CibVersion before = cluster_.member(1).version();
  cluster_.node(2).core->UpdateOwnState(*state);
  cluster_.Run();
  EXPECT_GT(cluster_.member(1).version(), before);
  for (NodeId id : {1u, 3u}) {
    const XmlNode* s2 = FindNodeState(cluster_.member(id).cib(), "2");
    ASSERT_NE(s2, nullptr);
    EXPECT_NE(s2->Child("lrm"), nullptr) << "node " << id;
    EXPECT_EQ(s2->AttrOr("crmd"), "online");
  }
  cluster_.Crash(3);  // a sync: node 2 re-reports its state, history included
  cluster_.Run();
  EXPECT_NE(FindNodeState(cluster_.member(1).cib(), "2")->Child("lrm"), nullptr);
  ExpectSameCib({1, 2});
}

// Node 2's node_state with 100 probed resources; `started` is also started.
XmlNode HistoryOf100(const std::string& started = "") {
  std::string xml = "<node_state id=\"2\"><lrm id=\"2\"><lrm_resources>";
  for (int i = 0; i < 100; ++i) {
    std::string id = "d" + std::to_string(i);
    std::string op = id == started ? "start" : "monitor";
    xml += "<lrm_resource id=\"" + id + "\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\">" +
           "<lrm_rsc_op id=\"" + id + "_last_0\" operation=\"" + op + "\" call-id=\"" +
           std::to_string(i) + "\" rc-code=\"" + (id == started ? "0" : "7") +
           "\" interval=\"0\" exec-time=\"10\"/></lrm_resource>";
  }
  auto state = ParseXml(xml + "</lrm_resources></lrm></node_state>", "test");
  EXPECT_TRUE(state.has_value());
  return state.value_or(XmlNode{});
}

TEST_F(ClusterTest, StatusChangesTravelAsSmallPatchesAndEveryMemberHoldsTheSame) {
  StartAll(3);
  cluster_.node(2).core->UpdateOwnState(HistoryOf100());
  cluster_.Run();
  XmlNode next = HistoryOf100("d7");
  cluster_.node(2).core->UpdateOwnState(next);
  // One resource changed: the message on the bus is that resource, not the node's history.
  size_t sent = cluster_.network().QueuedBytes();
  EXPECT_GT(sent, 0u);
  EXPECT_LT(sent * 20, SerializeXml(next, false).size());
  cluster_.Run();
  ExpectSameCib({1, 2, 3});
  const XmlNode* held = FindNodeState(cluster_.member(3).cib(), "2");
  ASSERT_NE(held, nullptr);
  const XmlNode& d7 = held->Child("lrm")->Child("lrm_resources")->children[7];
  EXPECT_EQ(d7.AttrOr("id"), "d7");
  EXPECT_EQ(d7.children[0].AttrOr("operation"), "start");
  // After a sync the re-report is a patch to the state every member got with the sync, and
  // patches go on from there.
  cluster_.Crash(3);
  cluster_.network().RunUntilIdle(1);  // the membership change
  ASSERT_TRUE(cluster_.member(2).syncing());
  while (cluster_.member(2).syncing() && cluster_.network().RunUntilIdle(1) == 1) {
  }
  ASSERT_FALSE(cluster_.member(2).syncing());
  size_t reported = cluster_.network().QueuedBytes();
  EXPECT_GT(reported, 0u);
  EXPECT_LT(reported * 20, SerializeXml(next, false).size());
  cluster_.Run();
  ExpectSameCib({1, 2});
  cluster_.node(2).core->UpdateOwnState(HistoryOf100("d8"));
  cluster_.Run();
  ExpectSameCib({1, 2});
  held = FindNodeState(cluster_.member(1).cib(), "2");
  EXPECT_EQ(held->Child("lrm")->Child("lrm_resources")->children[8].children[0].AttrOr("operation"),
            "start");
}

// One member alone, driven message by message: peer 2 announces `peer_protocol`. The types of
// what it sends: after the sync, then after each of two changes of its history.
std::vector<std::string> SendsAfterStatusChanges(int peer_protocol) {
  CibMember m(1, *ParseXml(CibWith({}), "test"), nullptr,
              [](NodeId id) { return "node" + std::to_string(id); });
  Effects fx = m.OnMembership({1, 2});
  m.OnQuorum(true);
  m.OnDeliver(1, fx.sends.at(0));
  // Node 2's CIB is older: node 1 sends its own, and adopts it when it comes back.
  Effects synced = m.OnDeliver(2, Encode(AnnounceMessage{"[1,2]", "0.0.0", peer_protocol, ""}));
  Effects adopted = m.OnDeliver(1, synced.sends.at(0));
  EXPECT_FALSE(m.syncing());
  std::vector<std::string> types;
  for (const std::string& payload : adopted.sends) types.push_back(PayloadType(payload));
  for (const char* started : {"", "d3"}) {
    XmlNode state = HistoryOf100(started);
    state.SetAttr("id", "1");
    for (const std::string& payload : m.UpdateOwnState(state).sends) {
      types.push_back(PayloadType(payload));
    }
  }
  return types;
}

TEST(CibMemberProtocol, PatchesOnlyWhenEveryMemberSpeaksProtocolTwo) {
  // Whole after the sync and for the first history (nothing to patch), then a patch; whole
  // every time when a member of protocol 1, which would ignore a patch, is in the membership.
  EXPECT_EQ(SendsAfterStatusChanges(2),
            (std::vector<std::string>{"node_state", "node_state", "node_state_patch"}));
  EXPECT_EQ(SendsAfterStatusChanges(1),
            (std::vector<std::string>{"node_state", "node_state", "node_state"}));
}

// A synced member alone with peer 2 (protocol 2), holding HistoryOf100() as its own state.
std::unique_ptr<CibMember> MemberWithHistoryOf100() {
  auto m = std::make_unique<CibMember>(1, *ParseXml(CibWith({}), "test"), nullptr,
                                       [](NodeId id) { return "node" + std::to_string(id); });
  Effects fx = m->OnMembership({1, 2});
  m->OnQuorum(true);
  m->OnDeliver(1, fx.sends.at(0));
  Effects synced = m->OnDeliver(2, Encode(AnnounceMessage{"[1,2]", "0.0.0", 2, ""}));
  m->OnDeliver(1, synced.sends.at(0));
  XmlNode state = HistoryOf100();
  state.SetAttr("id", "1");
  for (const std::string& payload : m->UpdateOwnState(state).sends) m->OnDeliver(1, payload);
  return m;
}

// An executor result changes one entry: that entry travels, and the state every member then
// holds is the one the whole new state gives.
TEST(CibMemberOwnResources, OnlyTheChangedEntryTravelsAndTheResultIsTheWholeState) {
  auto incremental = MemberWithHistoryOf100();
  auto whole = MemberWithHistoryOf100();
  XmlNode next = HistoryOf100("d3");
  next.SetAttr("id", "1");
  const XmlNode& d3 = next.Child("lrm")->Child("lrm_resources")->children.at(3);
  auto fx = incremental->UpdateOwnResources(
      {d3, next.Child("lrm")->Child("lrm_resources")->children.at(4)});
  ASSERT_TRUE(fx.has_value());
  ASSERT_EQ(fx->sends.size(), 1u) << "d4 did not change";
  EXPECT_EQ(PayloadType(fx->sends[0]), "node_state_patch");
  EXPECT_LT(fx->sends[0].size() * 20, SerializeXml(next, false).size());
  incremental->OnDeliver(1, fx->sends[0]);
  for (const std::string& payload : whole->UpdateOwnState(next).sends) whole->OnDeliver(1, payload);
  const XmlNode* got = FindNodeState(incremental->cib(), "1");
  const XmlNode* want = FindNodeState(whole->cib(), "1");
  ASSERT_TRUE(got != nullptr && want != nullptr);
  EXPECT_EQ(*got, *want);
  EXPECT_EQ(
      got->Child("lrm")->Child("lrm_resources")->children.at(3).children.at(0).AttrOr("operation"),
      "start");
  // Nothing changed: nothing sent. A new resource is appended, as the whole state has it.
  EXPECT_TRUE(incremental->UpdateOwnResources({d3})->sends.empty());
  XmlNode added = d3;
  added.SetAttr("id", "d100");
  fx = incremental->UpdateOwnResources({added});
  ASSERT_TRUE(fx.has_value());
  ASSERT_EQ(fx->sends.size(), 1u);
  incremental->OnDeliver(1, fx->sends[0]);
  got = FindNodeState(incremental->cib(), "1");
  EXPECT_EQ(got->Child("lrm")->Child("lrm_resources")->children.back().AttrOr("id"), "d100");
}

// Before the node's state holds any entry there is nothing to patch: the caller sends it whole.
TEST(CibMemberOwnResources, NoEntriesYetMeansTheWholeState) {
  CibMember m(1, *ParseXml(CibWith({}), "test"), nullptr,
              [](NodeId id) { return "node" + std::to_string(id); });
  XmlNode entry = HistoryOf100().Child("lrm")->Child("lrm_resources")->children.at(0);
  EXPECT_FALSE(m.UpdateOwnResources({entry}).has_value());
}

// Batches (protocol 3) go out only once every member announced 3 in this membership.
TEST(CibMemberProtocol, EveryMemberSpeaksCountsOnlyThisMembershipsAnnouncements) {
  for (int peer_protocol : {2, 3}) {
    CibMember m(1, *ParseXml(CibWith({}), "test"), nullptr,
                [](NodeId id) { return "node" + std::to_string(id); });
    Effects fx = m.OnMembership({1, 2});
    m.OnQuorum(true);
    m.OnDeliver(1, fx.sends.at(0));
    EXPECT_FALSE(m.EveryMemberSpeaks(3));  // node 2 has not announced yet
    m.OnDeliver(2, Encode(AnnounceMessage{"[1,2]", "0.0.0", peer_protocol, ""}));
    EXPECT_EQ(m.EveryMemberSpeaks(3), peer_protocol == 3) << peer_protocol;
    EXPECT_TRUE(m.EveryMemberSpeaks(2));
    m.OnMembership({1, 2, 3});
    EXPECT_FALSE(m.EveryMemberSpeaks(2));
  }
}

// The status write interval (crmd/cib/cib_writer.h) holds node reports only: a sync (which may
// bring another configuration under the same version) and the DC's verdicts are written at once.
TEST(CibMemberPersist, SyncsAndDcVerdictsAtOnceNodeReportsMayWait) {
  CibMember member(2, *ParseCibDocument(CibWith({"a"}, {0, 5, 0}), "test"), nullptr,
                   [](NodeId id) { return "n" + std::to_string(id); });
  std::vector<NodeId> members{1, 2};
  std::string list = FormatNodeList(members);
  Effects announce = member.OnMembership(members);
  member.OnDeliver(1, Encode(AnnounceMessage{list, "0.5.0", kProtocolVersion, ""}));
  member.OnDeliver(2, announce.sends.at(0));
  Effects sync = member.OnDeliver(1, Encode(SyncMessage{list, CibWith({"b"}, {0, 5, 0})}));
  EXPECT_TRUE(sync.persist && sync.persist_at_once);
  Effects report = member.OnDeliver(
      1, Encode(NodeStateMessage{"<node_state id=\"1\" uname=\"n1\" crmd=\"online\"/>"}));
  EXPECT_TRUE(report.persist);
  EXPECT_FALSE(report.persist_at_once);
  Effects verdict = member.OnDeliver(
      1, Encode(PeerStateMessage{"<node_state id=\"3\" uname=\"n3\" in_ccm=\"false\"/>"}));
  EXPECT_TRUE(verdict.persist && verdict.persist_at_once);
}

}  // namespace
}  // namespace keel
