#include "cli/fence_view.h"

#include <map>
#include <sstream>

#include "cli/json_writer.h"
#include "fencing/fence_device.h"
#include "fencing/fence_history_text.h"
#include "xml/cib_parse.h"

namespace keel {

std::expected<std::vector<FenceRecord>, Error> FenceHistoryFromCibText(std::string_view cib_xml,
                                                                       std::string_view target) {
  auto cib = ParseXml(cib_xml, "CIB");
  if (!cib) return std::unexpected(cib.error());
  const XmlNode* status = cib->Child("status");
  const XmlNode* xml = status != nullptr ? status->Child("fencing-history") : nullptr;
  if (xml == nullptr) return std::vector<FenceRecord>{};
  auto records = FenceHistoryFromXml(*xml, "CIB status");
  if (!records) {
    return std::unexpected(
        Error{ErrorCode::kInvalid, "fencing history: " + JoinErrors(records.error()), ""});
  }
  if (target.empty()) return *records;
  std::vector<FenceRecord> out;
  for (FenceRecord& r : *records) {
    if (r.target == target) out.push_back(std::move(r));
  }
  return out;
}

std::string FenceHistoryJson(const std::vector<FenceRecord>& records) {
  std::ostringstream out;
  JsonWriter w(out);
  w.BeginObject().Key("history").BeginArray();
  for (const FenceRecord& r : records) {
    w.BeginObject();
    w.Key("id").String(r.id).Key("target").String(r.target).Key("action").String(r.action);
    w.Key("state").String(FenceStateName(r.state)).Key("reason").String(r.reason);
    w.Key("origin").String(r.origin).Key("executor").String(r.executor);
    w.Key("requesters").BeginArray();
    for (const std::string& q : r.requesters) w.String(q);
    w.EndArray();
    w.Key("requested_ms").Int(r.requested_ms).Key("completed_ms");
    r.completed_ms ? w.Int(*r.completed_ms) : w.Null();
    w.Key("attempts").BeginArray();
    for (const DeviceAttempt& a : r.attempts) {
      w.BeginObject().Key("device").String(a.device).Key("node").String(a.node);
      w.Key("action").String(a.action).Key("ok").Bool(a.ok).Key("reason").String(a.reason);
      w.Key("started_ms").Int(a.started_ms).Key("ended_ms").Int(a.ended_ms).EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return out.str() + "\n";
}

std::vector<FenceDeviceView> FenceDevicesFromCibText(std::string_view cib_xml,
                                                     const std::vector<std::string>& nodes) {
  std::vector<FenceDeviceView> out;
  auto cib = ParseCib(cib_xml, "CIB");
  if (!cib) return out;
  for (const Resource& r : cib->cib.configuration.resources) {
    const auto* p = std::get_if<Primitive>(&r);
    if (p == nullptr || p->resource_class != "stonith") continue;
    FenceDeviceView view{p->id, p->type, "?", {}};
    if (auto device = FenceDeviceFromPrimitive(*p, "CIB")) {
      view.host_check = std::string(HostCheckName(device->host_check));
      for (const std::string& node : nodes) {
        if (StaticCapability(*device, node) == Capability::kYes) view.targets.push_back(node);
      }
    } else {
      view.host_check = "invalid: " + JoinErrors(device.error());
    }
    out.push_back(std::move(view));
  }
  return out;
}

std::string FencingStatusJsonMembers(const std::vector<FenceDeviceView>& devices,
                                     const std::vector<FenceRecord>& history) {
  std::ostringstream out;
  JsonWriter w(out);
  w.BeginArray();
  for (const FenceDeviceView& d : devices) {
    w.BeginObject().Key("id").String(d.id).Key("agent").String(d.agent);
    w.Key("host_check").String(d.host_check).Key("targets").BeginArray();
    for (const std::string& t : d.targets) w.String(t);
    w.EndArray().EndObject();
  }
  w.EndArray();
  std::string records = FenceHistoryJson(history);  // {"history":[...]}\n
  size_t open = records.find('[');
  size_t close = records.rfind(']');
  return "\"fence_devices\":" + out.str() +
         ",\"fencing_history\":" + records.substr(open, close - open + 1);
}

namespace {

std::string Indented(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += "  " + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string RenderFencingStatus(const std::vector<FenceDeviceView>& devices,
                                const std::vector<FenceRecord>& history) {
  if (devices.empty() && history.empty()) return "";
  std::string out = "\nFence devices:\n";
  if (devices.empty()) out += "  (none configured)\n";
  for (const FenceDeviceView& d : devices) {
    out += "  " + d.id + " (stonith:" + d.agent + "): ";
    if (d.host_check == "static-list" || d.host_check == "none") {
      std::string list;
      for (const std::string& t : d.targets) list += (list.empty() ? "" : " ") + t;
      out += "can fence [ " + list + (list.empty() ? "" : " ") + "]\n";
    } else {
      out += "targets decided by the agent (" + d.host_check + ")\n";
    }
  }
  std::map<std::string, const FenceRecord*> newest;  // per target; history is oldest first
  for (const FenceRecord& r : history) newest[r.target] = &r;
  std::vector<FenceRecord> failed, other;
  for (const auto& [target, r] : newest)
    (r->state == FenceState::kFailed ? failed : other).push_back(*r);
  if (!failed.empty())
    out += "\nFailed Fencing Actions:\n" + Indented(FormatFenceHistory(failed, false));
  if (!other.empty())
    out += "\nFencing History (latest per node):\n" + Indented(FormatFenceHistory(other, false));
  return out;
}

}  // namespace keel
