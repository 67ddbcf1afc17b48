// NodeStateToXml: one node's <node_state> as StatusToXml writes it (each node's executor
// publishes its own this way after every result).

#include <gtest/gtest.h>

#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace keel {
namespace {

constexpr const char* kCib = R"(<cib epoch="1" num_updates="0" admin_epoch="0">
  <configuration><crm_config/><nodes/><resources/><constraints/></configuration>
  <status>
    <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member">
      <transient_attributes id="1">
        <instance_attributes id="status-1"><nvpair id="status-1-a" name="a" value="1"/></instance_attributes>
      </transient_attributes>
      <lrm id="1"><lrm_resources>
        <lrm_resource id="p" class="ocf" provider="heartbeat" type="Dummy" shutdown-lock="17">
          <lrm_rsc_op id="p_last_0" operation_key="p_start_0" operation="start" call-id="3"
                      rc-code="0" op-status="0" interval="0" exec-time="12" op-digest="abc"/>
          <lrm_rsc_op id="p_monitor_10000" operation_key="p_monitor_10000" operation="monitor"
                      call-id="4" rc-code="0" op-status="0" interval="10000"/>
        </lrm_resource>
      </lrm_resources></lrm>
    </node_state>
    <node_state id="2" uname="n2" in_ccm="false" crmd="offline"/>
  </status>
</cib>)";

TEST(CibWriteStatusTest, NodeStateToXmlIsStatusToXmlsElement) {
  auto parsed = ParseCib(kCib, "cib.xml");
  ASSERT_TRUE(parsed.has_value()) << JoinErrors(parsed.error());
  const Status& status = parsed->cib.status;
  ASSERT_EQ(status.node_states.size(), 2u);
  XmlNode whole = StatusToXml(status);
  ASSERT_EQ(whole.children.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    XmlNode one = NodeStateToXml(status.node_states[i]);
    EXPECT_EQ(SerializeXml(one), SerializeXml(whole.children[i])) << i;
  }
  const std::string n1 = SerializeXml(NodeStateToXml(status.node_states[0]));
  EXPECT_NE(n1.find("shutdown-lock=\"17\""), std::string::npos) << n1;
  EXPECT_NE(n1.find("p_monitor_10000"), std::string::npos) << n1;
  EXPECT_NE(n1.find("status-1-a"), std::string::npos) << n1;
}

}  // namespace
}  // namespace keel
