#include "fencing/fence_device.h"

#include <gtest/gtest.h>

#include "fencing/fencer_config.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

// A CIB whose resources section is `resources` and whose crm_config/topology are given.
Configuration Parse(const std::string& resources, const std::string& extra = "",
                    const std::string& options = "") {
  const std::string text =
      "<cib validate-with=\"pacemaker-3.0\" admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\">\n"
      "<configuration><crm_config><cluster_property_set id=\"o\">" +
      options +
      "</cluster_property_set></crm_config>\n<nodes>"
      "<node id=\"1\" uname=\"n1\"/><node id=\"2\" uname=\"n2\"/><node id=\"3\" uname=\"n3\"/>"
      "</nodes>\n<resources>\n" +
      resources + "</resources>\n<constraints/>\n" + extra + "</configuration><status/></cib>";
  auto parsed = ParseCib(text, "cib.xml");
  EXPECT_TRUE(parsed) << (parsed ? "" : JoinErrors(parsed.error()));
  return parsed ? parsed->cib.configuration : Configuration{};
}

std::string Stonith(const std::string& id, const std::string& agent, const std::string& attrs) {
  return "<primitive id=\"" + id + "\" class=\"stonith\" type=\"" + agent +
         "\">"
         "<instance_attributes id=\"" +
         id + "-ia\">" + attrs + "</instance_attributes></primitive>\n";
}

std::string Nv(const std::string& name, const std::string& value) {
  return "<nvpair id=\"nv-" + name + "-" + std::to_string(value.size()) + "\" name=\"" + name +
         "\" value=\"" + value + "\"/>";
}

TEST(FenceDevice, HostListMapAndDefaults) {
  auto config =
      Parse(Stonith("d1", "fence_x", Nv("pcmk_host_list", "n1 n2,n3") + Nv("ip", "a")) +
            Stonith("d2", "fence_y", Nv("pcmk_host_map", "n1:p1;n2:p2")) +
            Stonith("d3", "fence_z", Nv("login", "u")) +
            "<primitive id=\"vip\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>\n");
  auto devices = FenceDevicesFromConfig(config, "cib.xml");
  ASSERT_TRUE(devices) << JoinErrors(devices.error());
  ASSERT_EQ(devices->size(), 3u);
  const auto& d1 = (*devices)[0];
  EXPECT_EQ(d1.host_list, (std::vector<std::string>{"n1", "n2", "n3"}));
  EXPECT_EQ(d1.host_check, HostCheck::kStaticList);
  EXPECT_EQ(d1.params, (std::vector<AgentParam>{{"ip", "a"}}));
  EXPECT_EQ((*devices)[1].host_map.size(), 2u);
  EXPECT_EQ(PlugFor((*devices)[1], "n2"), "p2");
  EXPECT_EQ(PlugFor((*devices)[1], "n3"), "n3");
  EXPECT_EQ((*devices)[2].host_check, HostCheck::kDynamicList);
  EXPECT_EQ(StaticCapability(d1, "n3"), Capability::kYes);
  EXPECT_EQ(StaticCapability(d1, "n4"), Capability::kNo);
  EXPECT_EQ(StaticCapability((*devices)[1], "n2"), Capability::kYes);
  EXPECT_EQ(StaticCapability((*devices)[1], "n3"), Capability::kNo);
  EXPECT_EQ(StaticCapability((*devices)[2], "n3"), Capability::kAskList);
}

TEST(FenceDevice, ExplicitHostCheckAndActionRenames) {
  auto config =
      Parse(Stonith("d1", "fence_x",
                    Nv("pcmk_host_list", "n1") + Nv("pcmk_host_check", "status") +
                        Nv("pcmk_reboot_action", "cycle") + Nv("pcmk_off_action", "poweroff")) +
            Stonith("d2", "fence_x", Nv("pcmk_host_check", "none")));
  auto devices = FenceDevicesFromConfig(config, "cib.xml");
  ASSERT_TRUE(devices);
  EXPECT_EQ(StaticCapability((*devices)[0], "n3"), Capability::kAskStatus);
  EXPECT_EQ(StaticCapability((*devices)[1], "n3"), Capability::kYes);
  EXPECT_EQ(AgentActionWord((*devices)[0], FenceAction::kReboot), "cycle");
  EXPECT_EQ(AgentActionWord((*devices)[0], FenceAction::kOff), "poweroff");
  EXPECT_EQ(AgentActionWord((*devices)[0], FenceAction::kOn), "on");
}

TEST(FenceDevice, DevicesThatFenceNoClusterNodeAreReported) {
  auto config = Parse(Stonith("good", "fence_x", Nv("pcmk_host_list", "n3")) +
                      Stonith("stale", "fence_x", Nv("pcmk_host_map", "old1:p1;old2:p2")) +
                      Stonith("empty", "fence_x", Nv("pcmk_host_check", "static-list")) +
                      Stonith("dynamic", "fence_x", ""));
  auto devices = FenceDevicesFromConfig(config, "cib.xml");
  ASSERT_TRUE(devices);
  auto warnings = DevicesThatFenceNothing(*devices, {"n1", "n2", "n3"});
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].ToString(),
            "cib.xml:6 (stale): fence device stale can fence no cluster node "
            "(pcmk_host_list/pcmk_host_map)");
  EXPECT_EQ(warnings[1].where, "cib.xml:7 (empty)");
}

TEST(FenceDevice, StdinForDeviceWideActionsHasNoPlug) {
  FenceDeviceConfig device;
  device.params = {{"ip", "x"}};
  device.host_map = {{"n3", "p3"}};
  EXPECT_EQ(DeviceStdin(device, FenceAction::kMonitor, "n3"), "action=monitor\nip=x\n");
  EXPECT_EQ(DeviceStdin(device, FenceAction::kOff, "n3"),
            "action=off\nplug=p3\nnodename=n3\nip=x\n");
}

TEST(FenceDevice, CheckedAgainstTheAgentsMetadata) {
  FenceMetadata metadata;
  metadata.name = "fence_x";
  metadata.parameters = {{"action", "string", "", true},
                         {"ip", "string", "", true},
                         {"login_timeout", "string", "5", true},
                         {"username", "string", "", false}};
  FenceDeviceConfig device;
  device.where = "cib.xml:4 (d1)";
  device.params = {{"username", "u"}, {"colour", "red"}};
  auto problems = CheckDeviceAgainstMetadata(device, metadata);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].ToString(), "cib.xml:4 (d1): fence_x needs parameter ip");
  EXPECT_EQ(problems[0].code, ErrorCode::kInvalid);
  EXPECT_EQ(problems[1].ToString(), "cib.xml:4 (d1): fence_x has no parameter colour (ignored)");
  EXPECT_EQ(problems[1].code, ErrorCode::kNotFound);
  device.params = {{"ip", "a"}};
  EXPECT_TRUE(CheckDeviceAgainstMetadata(device, metadata).empty());
}

TEST(FenceDevice, TimeoutsDelaysHostArgumentAndUnsupportedPcmkAttributes) {
  auto config = Parse(Stonith("d1", "fence_x",
                              Nv("pcmk_off_timeout", "20s") + Nv("pcmk_list_action", "outlets") +
                                  Nv("pcmk_delay_base", "2s") + Nv("pcmk_delay_max", "10s") +
                                  Nv("pcmk_host_argument", "port")));
  auto devices = FenceDevicesFromConfig(config, "cib.xml");
  ASSERT_TRUE(devices) << JoinErrors(devices.error());
  const auto& d1 = (*devices)[0];
  EXPECT_EQ(d1.action_timeouts_ms.at(FenceAction::kOff), 20000);
  EXPECT_EQ(AgentActionWord(d1, FenceAction::kList), "outlets");
  EXPECT_EQ(d1.delay_base_ms, 2000);
  EXPECT_EQ(d1.delay_max_ms, 10000);
  EXPECT_EQ(DeviceStdin(d1, FenceAction::kOff, "n3"), "action=off\nport=n3\nnodename=n3\n");

  auto refused = FenceDevicesFromConfig(
      Parse(Stonith("d2", "fence_x", Nv("pcmk_reboot_retries", "3") + Nv("pcmk_off_timeout", "x"))),
      "cib.xml");
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().size(), 2u);
  EXPECT_EQ(refused.error()[0].code, ErrorCode::kNotSupported);
  EXPECT_EQ(refused.error()[0].ToString(), "cib.xml:5 (d2): not supported: pcmk_reboot_retries");
  EXPECT_NE(refused.error()[1].message.find("pcmk_off_timeout"), std::string::npos);
}

TEST(FenceDevice, DynamicListMatchesNameAliasOrMappedPlug) {
  FenceDeviceConfig device;
  device.host_map = {{"n3", "vm-3"}};
  EXPECT_TRUE(ListAllows(device, "n3", ParseListOutput("vm-3\n")));
  EXPECT_TRUE(ListIncludes(ParseListOutput("x,n3\n"), "n3"));
  EXPECT_FALSE(ListAllows(device, "n2", ParseListOutput("vm-3\n")));
}

TEST(FenceDevice, BadAttributesAreAllReportedWithPlace) {
  auto config = Parse(
      Stonith("d1", "fence_x", Nv("pcmk_host_check", "sometimes") + Nv("pcmk_host_map", "n1-p1")));
  auto devices = FenceDevicesFromConfig(config, "cib.xml");
  ASSERT_FALSE(devices);
  ASSERT_EQ(devices.error().size(), 2u);
  EXPECT_EQ(devices.error()[0].where, "cib.xml:5 (d1)");
  EXPECT_NE(devices.error()[0].message.find("n1-p1"), std::string::npos);
  EXPECT_NE(devices.error()[1].message.find("sometimes"), std::string::npos);
}

TEST(FenceDevice, ParameterWithALineBreakIsRefused) {
  Primitive primitive;
  primitive.id = "d1";
  primitive.resource_class = "stonith";
  primitive.type = "fence_x";
  primitive.line = 12;
  primitive.instance_attributes.push_back(
      NvSet{"ia", {}, {}, {{"p", "passwd", "x\naction=on", 13}}, 12});
  auto device = FenceDeviceFromPrimitive(primitive, "cib.xml");
  ASSERT_FALSE(device);
  EXPECT_EQ(device.error()[0].ToString(),
            "cib.xml:12 (d1): fence device parameter passwd contains a line break");
}

TEST(FenceDevice, StonithInsideGroupIsNotSupported) {
  auto config = Parse("<group id=\"g\">" + Stonith("d1", "fence_x", "") + "</group>\n");
  auto devices = FenceDevicesFromConfig(config, "cib.xml");
  ASSERT_FALSE(devices);
  EXPECT_EQ(devices.error()[0].code, ErrorCode::kNotSupported);
  EXPECT_EQ(devices.error()[0].message, "not supported: fence device inside group g");
}

TEST(FencerConfig, TopologyActionAndTimeoutBothSpellings) {
  auto config = Parse(Stonith("d1", "fence_x", "") + Stonith("d2", "fence_x", ""),
                      "<fencing-topology><fencing-level id=\"l1\" target=\"n3\" index=\"1\" "
                      "devices=\"d1,d2\"/></fencing-topology>\n",
                      Nv("stonith-action", "off") + Nv("stonith-timeout", "90s"));
  auto fencer = FencerConfigFromCib(config, "cib.xml");
  ASSERT_TRUE(fencer) << JoinErrors(fencer.error());
  EXPECT_EQ(fencer->default_action, FenceAction::kOff);
  EXPECT_EQ(fencer->timeout_ms, 90000);
  ASSERT_EQ(fencer->levels.size(), 1u);
  EXPECT_EQ(fencer->levels[0].devices, (std::vector<std::string>{"d1", "d2"}));

  auto defaults = FencerConfigFromCib(Parse(""), "cib.xml");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->default_action, FenceAction::kReboot);
  EXPECT_EQ(defaults->timeout_ms, 60000);
  EXPECT_TRUE(defaults->concurrent);
}

TEST(FencerConfig, LevelNamingANonFenceDeviceIsAnErrorNamingTheLevel) {
  auto config =
      Parse(Stonith("d1", "fence_x", "") +
            "<primitive id=\"vip\" class=\"ocf\" provider=\"heartbeat\" type=\"Dummy\"/>\n");
  config.fencing_levels.push_back(FencingLevel{"l1", "n3", 1, {"d1", "vip"}, 9, "", "", ""});
  config.fencing_levels.push_back(FencingLevel{"l2", "n3", 1, {"d1"}, 10, "", "", ""});
  auto fencer = FencerConfigFromCib(config, "cib.xml");
  ASSERT_FALSE(fencer);
  ASSERT_EQ(fencer.error().size(), 2u);
  EXPECT_EQ(fencer.error()[0].ToString(),
            "cib.xml:9 (l1): fencing level names unknown fence device 'vip'");
  EXPECT_EQ(fencer.error()[1].ToString(), "cib.xml:10 (l2): a second fencing level 1 for n3");
}

TEST(FencerConfig, BadActionAndTimeout) {
  Configuration config;
  config.crm_config.push_back(NvSet{"o",
                                    {},
                                    {},
                                    {{"a", "fencing-action", "explode", 0},
                                     {"b", "fencing-timeout", "soon", 0},
                                     {"c", "concurrent-fencing", "maybe", 0}},
                                    0});
  auto fencer = FencerConfigFromCib(config, "cib.xml");
  ASSERT_FALSE(fencer);
  ASSERT_EQ(fencer.error().size(), 3u);
  EXPECT_EQ(fencer.error()[0].where, "fencing-action");
  EXPECT_EQ(fencer.error()[1].where, "fencing-timeout");
  EXPECT_EQ(fencer.error()[2].where, "concurrent-fencing");
}

}  // namespace
}  // namespace keel
