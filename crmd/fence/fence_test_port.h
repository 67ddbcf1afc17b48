#pragma once
// A recording node for the fence components' unit tests: it implements both ports, keeps
// what they send, log, finish and ask, and holds a CIB and a clock the test sets.

#include <string>
#include <vector>

#include "crmd/fence/fence_agent_host.h"
#include "crmd/fence/fence_service.h"
#include "xml/xml_node.h"

namespace keel {

inline constexpr std::string_view kFenceTestCib =
    R"(<cib admin_epoch="0" epoch="1" num_updates="0">
  <configuration>
    <crm_config><cluster_property_set id="o">
      <nvpair id="o1" name="fencing-enabled" value="true"/>
    </cluster_property_set></crm_config>
    <nodes/>
    <resources>
      <primitive id="labfence" class="stonith" type="fence_fake">
        <instance_attributes id="lf-ia">
          <nvpair id="lf1" name="pcmk_host_list" value="node1 node2 node3"/>
        </instance_attributes>
      </primitive>
      <primitive id="d" class="ocf" provider="heartbeat" type="Dummy"/>
    </resources><constraints/></configuration><status/></cib>)";

struct FenceDone {
  FenceActionStart fence;
  bool success = false;
  std::string reason;
};

class RecordingFencePort : public FenceServicePort, public FenceAgentPort {
 public:
  RecordingFencePort() : cib(*ParseXml(kFenceTestCib, "test")) {}

  const XmlNode& CibXml() const override { return cib; }
  std::expected<void, Error> Send(const std::string& payload) override {
    if (!send_error.empty()) return std::unexpected(Error{ErrorCode::kIo, send_error, ""});
    sends.push_back(payload);
    return {};
  }
  void Log(const std::string& line) override { logs.push_back(line); }
  int64_t WallMs() const override { return now_ms; }
  int64_t MonoMs() const override { return mono_ms; }
  void RearmFenceTimer() override { ++rearms; }
  void FenceActionDone(const FenceActionStart& fence, bool success,
                       const std::string& reason) override {
    done.push_back(FenceDone{fence, success, reason});
  }
  std::vector<std::string> ActiveResources() const override { return active; }
  void StopResource(const std::string& rsc) override { stopped.push_back(rsc); }
  void Exit(int status) override { exits.push_back(status); }

  // The sent messages of this type, in order.
  std::vector<std::string> Sent(std::string_view type) const {
    std::vector<std::string> out;
    for (const std::string& s : sends) {
      if (PayloadType(s) == type) out.push_back(s);
    }
    return out;
  }
  bool Logged(std::string_view text) const {
    for (const std::string& l : logs) {
      if (l.find(text) != std::string::npos) return true;
    }
    return false;
  }

  XmlNode cib;
  int64_t now_ms = 1'795'500'000'000;  // wall clock
  int64_t mono_ms = 40'000;            // monotonic clock: deadlines
  std::string send_error;
  std::vector<std::string> sends, logs, active, stopped;
  std::vector<FenceDone> done;
  std::vector<int> exits;
  int rearms = 0;
};

}  // namespace keel
