#include "cli/fence_view.h"

#include <gtest/gtest.h>

namespace keel {
namespace {

constexpr std::string_view kCib = R"(<cib admin_epoch="0" epoch="3" num_updates="9">
  <configuration><crm_config/><nodes/>
    <resources>
      <primitive id="labfence" class="stonith" type="fence_keel_lab">
        <instance_attributes id="lf"><nvpair id="lf1" name="pcmk_host_list" value="n1 n3"/></instance_attributes>
      </primitive>
      <primitive id="ipmi" class="stonith" type="fence_ipmilan"/>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
    </resources><constraints/></configuration>
  <status>
    <fencing-history>
      <fence-op id="n1-100-1" target="n3" action="reboot" origin="n1" executor="n2" state="failed" reason="fencing n3 failed: labfence: exit 1: no lab" requested="100" completed="200">
        <requester name="crmd"/>
        <attempt device="labfence" node="n2" action="reboot" ok="false" reason="exit 1: no lab" started="110" ended="190"/>
      </fence-op>
      <fence-op id="n1-300-2" target="n2" action="off" origin="n1" executor="n1" state="success" requested="300" completed="400">
        <requester name="crm@n3#4"/>
      </fence-op>
    </fencing-history>
  </status></cib>)";

TEST(FenceView, HistoryFromTheCibStatusFilteredByTarget) {
  auto all = FenceHistoryFromCibText(kCib, "");
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].state, FenceState::kFailed);
  auto n2 = FenceHistoryFromCibText(kCib, "n2");
  ASSERT_TRUE(n2.has_value());
  ASSERT_EQ(n2->size(), 1u);
  EXPECT_EQ((*n2)[0].requesters, std::vector<std::string>{"crm@n3#4"});
  auto none = FenceHistoryFromCibText("<cib><status/></cib>", "");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(FenceHistoryFromCibText("<cib><status><fencing-history><fence-op/>"
                                       "</fencing-history></status></cib>",
                                       "")
                   .has_value());
  EXPECT_FALSE(FenceHistoryFromCibText("<cib>", "").has_value());
}

TEST(FenceView, JsonCarriesEveryField) {
  auto all = FenceHistoryFromCibText(kCib, "");
  ASSERT_TRUE(all.has_value());
  std::string json = FenceHistoryJson(*all);
  EXPECT_NE(json.find(R"("id":"n1-100-1","target":"n3","action":"reboot","state":"failed")"),
            std::string::npos)
      << json;
  EXPECT_NE(
      json.find(R"("attempts":[{"device":"labfence","node":"n2","action":"reboot","ok":false)"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("requesters":["crm@n3#4"],"requested_ms":300,"completed_ms":400)"),
            std::string::npos)
      << json;
}

TEST(FenceView, StatusListsDevicesAndFailedFencingProminently) {
  auto history = FenceHistoryFromCibText(kCib, "");
  ASSERT_TRUE(history.has_value());
  auto devices = FenceDevicesFromCibText(kCib, {"n1", "n2", "n3"});
  ASSERT_EQ(devices.size(), 2u);
  EXPECT_EQ(devices[0].targets, (std::vector<std::string>{"n1", "n3"}));
  EXPECT_EQ(devices[1].host_check, "dynamic-list");
  std::string text = RenderFencingStatus(devices, *history);
  EXPECT_NE(text.find("labfence (stonith:fence_keel_lab): can fence [ n1 n3 ]"), std::string::npos)
      << text;
  EXPECT_NE(text.find("ipmi (stonith:fence_ipmilan): targets decided by the agent (dynamic-list)"),
            std::string::npos)
      << text;
  size_t failed = text.find("Failed Fencing Actions:\n  reboot of n3 FAILED");
  EXPECT_NE(failed, std::string::npos) << text;
  EXPECT_NE(text.find("off of n2 succeeded", failed), std::string::npos) << text;
  EXPECT_EQ(RenderFencingStatus({}, {}), "");
  std::string json = "{" + FencingStatusJsonMembers(devices, *history) + "}";
  EXPECT_NE(
      json.find(
          R"({"fence_devices":[{"id":"labfence","agent":"fence_keel_lab","host_check":"static-list","targets":["n1","n3"]},)"),
      std::string::npos)
      << json;
  EXPECT_NE(json.find(R"(],"fencing_history":[{"id":"n1-100-1",)"), std::string::npos) << json;
  EXPECT_EQ(json.back(), '}');
  EXPECT_EQ(json[json.size() - 2], ']');
}

}  // namespace
}  // namespace keel
