#include "crmd/cib/cib_document.h"

#include <gtest/gtest.h>

#include "crmd/election/election.h"
#include "crmd/protocol/bus_message.h"

namespace keel {
namespace {

TEST(Election, LowestIdWhateverTheOrder) {
  EXPECT_EQ(ElectDc({3, 1, 2}).dc, 1u);
  EXPECT_EQ(ElectDc({7}).dc, 7u);
  EXPECT_FALSE(ElectDc({}).dc.has_value());
  EXPECT_EQ(ElectDc({2, 3}).reason, "lowest node id among members [2,3]");
}

TEST(CibVersionText, ParsesAndRefuses) {
  auto v = ParseVersion("1.22.333");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, (CibVersion{1, 22, 333}));
  for (const char* bad : {"", "1.2", "1.2.3.4", "a.b.c", "1..3", "-1.2.3", "1.2.3x"}) {
    EXPECT_FALSE(ParseVersion(bad).has_value()) << bad;
  }
}

TEST(CibDocument, RefusesNonCibAndBadVersions) {
  EXPECT_FALSE(ParseCibDocument("<foo/>", "x.xml").has_value());
  auto bad = ParseCibDocument("<cib epoch=\"x\"><configuration/></cib>", "x.xml");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().where, "x.xml:1");
  EXPECT_FALSE(ParseCibDocument("<cib epoch=\"1\"/>", "x.xml").has_value()) << "no configuration";
  EXPECT_FALSE(ParseCibDocument("<cib", "x.xml").has_value());
}

TEST(CibDocument, ReplaceConfigurationBumpsEpochKeepsStatus) {
  XmlNode current = EmptyCib();
  SetVersion(current, CibVersion{0, 4, 9});
  current = WithNodeState(current, OnlineNodeState(2, "n2", nullptr));
  auto proposed = ParseCibDocument(
      "<cib epoch=\"1\"><configuration><resources><primitive id=\"a\"/></resources></configuration></cib>", "p");
  ASSERT_TRUE(proposed.has_value());
  auto next = ReplaceConfiguration(current, *proposed, CibVersion{0, 4, 10});
  ASSERT_TRUE(next.has_value()) << next.error().message;
  EXPECT_EQ(*VersionOf(*next), (CibVersion{0, 5, 0}));
  EXPECT_NE(FindNodeState(*next, "2"), nullptr);
  EXPECT_EQ(next->Child("configuration")->Child("resources")->children.size(), 1u);
  auto stale = ReplaceConfiguration(current, *proposed, CibVersion{0, 3, 0});
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
}

TEST(CibDocument, NonMembersMarkedDown) {
  XmlNode cib = EmptyCib();
  cib = WithNodeState(cib, OnlineNodeState(1, "n1", nullptr));
  cib = WithNodeState(cib, OnlineNodeState(2, "n2", nullptr));
  MarkNonMembersDown(cib, {1});
  EXPECT_EQ(FindNodeState(cib, "1")->AttrOr("crmd"), "online");
  EXPECT_EQ(FindNodeState(cib, "2")->AttrOr("crmd"), "offline");
  EXPECT_EQ(FindNodeState(cib, "2")->AttrOr("in_ccm"), "false");
}

TEST(BusMessage, RoundTripAndMalformed) {
  BusMessage m{"commit", {{"request", "7"}, {"base", "0.1.2"}}, "<cib>\n\n</cib>"};
  auto back = DecodeBusMessage(EncodeBusMessage(m));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->type, "commit");
  EXPECT_EQ(back->Field("base"), "0.1.2");
  EXPECT_EQ(back->body, "<cib>\n\n</cib>");
  EXPECT_FALSE(DecodeBusMessage("").has_value());
  EXPECT_FALSE(DecodeBusMessage("commit\nrequest=1\n").has_value()) << "header not terminated";
  EXPECT_FALSE(DecodeBusMessage("commit\nnoequals\n\n").has_value());
}

}  // namespace
}  // namespace keel
