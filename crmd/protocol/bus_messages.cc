#include "crmd/protocol/bus_messages.h"

#include <algorithm>
#include <charconv>

namespace keel {
namespace {

Error Bad(std::string message) { return Error{ErrorCode::kInvalid, std::move(message), "bus"}; }

std::optional<int64_t> ToInt(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

BusMessage Framed(std::string_view type, std::map<std::string, std::string> fields,
                  std::string body = "") {
  return BusMessage{std::string(type), std::move(fields), std::move(body)};
}

}  // namespace

// Keel before the protocol was versioned sent no "protocol" field: absent means 1.
BusMessage AnnounceMessage::ToBus() const {
  std::map<std::string, std::string> fields{
      {"members", members}, {"version", cib_version}, {"protocol", std::to_string(protocol)}};
  if (!digest.empty()) fields["digest"] = digest;
  return Framed(kType, std::move(fields));
}

std::expected<AnnounceMessage, Error> AnnounceMessage::FromBus(const BusMessage& m) {
  AnnounceMessage a{m.Field("members"), m.Field("version"), 1, m.Field("digest")};
  if (a.digest.size() != 0 && a.digest.size() != 64) {
    return std::unexpected(Bad("announce with a bad digest '" + a.digest + "'"));
  }
  if (auto it = m.fields.find("protocol"); it != m.fields.end()) {
    auto v = ToInt(it->second);
    if (!v || *v < 1 || *v > 1'000'000) {
      return std::unexpected(Bad("announce with a bad protocol version '" + it->second + "'"));
    }
    a.protocol = static_cast<int>(*v);
  }
  return a;
}

BusMessage SyncMessage::ToBus() const& { return Framed(kType, {{"members", members}}, cib_xml); }
BusMessage SyncMessage::ToBus() && {
  return Framed(kType, {{"members", members}}, std::move(cib_xml));
}
std::expected<SyncMessage, Error> SyncMessage::FromBus(const BusMessage& m) {
  return SyncMessage{m.Field("members"), m.body};
}

BusMessage CommitMessage::ToBus() const { return Framed(kType, {{"request", request}}, patch); }
std::expected<CommitMessage, Error> CommitMessage::FromBus(const BusMessage& m) {
  return CommitMessage{m.Field("request"), m.body};
}

BusMessage NodeStateMessage::ToBus() const& { return Framed(kType, {}, xml); }
BusMessage NodeStateMessage::ToBus() && { return Framed(kType, {}, std::move(xml)); }
std::expected<NodeStateMessage, Error> NodeStateMessage::FromBus(const BusMessage& m) {
  return NodeStateMessage{m.body};
}

BusMessage NodeStatePatchMessage::ToBus() const {
  std::string ids;
  for (const std::string& id : removed) ids += (ids.empty() ? "" : " ") + id;
  std::map<std::string, std::string> fields{{"proto", std::to_string(kProtocol)}};
  if (!ids.empty()) fields["removed"] = ids;
  return Framed(kType, std::move(fields), xml);
}

std::expected<NodeStatePatchMessage, Error> NodeStatePatchMessage::FromBus(const BusMessage& m) {
  NodeStatePatchMessage p{m.body, {}};
  const std::string removed = m.Field("removed");
  std::string_view ids = removed;
  while (!ids.empty()) {
    size_t blank = ids.find(' ');
    std::string_view id = ids.substr(0, blank);
    if (id.empty()) return std::unexpected(Bad("node_state_patch with an empty removed id"));
    p.removed.emplace_back(id);
    ids = blank == std::string_view::npos ? std::string_view() : ids.substr(blank + 1);
  }
  if (p.xml.empty()) return std::unexpected(Bad("node_state_patch without a body"));
  return p;
}

BusMessage StatusRequestMessage::ToBus() const { return Framed(kType, {{"nodes", nodes}}); }
std::expected<StatusRequestMessage, Error> StatusRequestMessage::FromBus(const BusMessage& m) {
  if (m.Field("nodes").empty()) return std::unexpected(Bad("status-request names no node"));
  return StatusRequestMessage{m.Field("nodes")};
}

BusMessage ShutdownRequestMessage::ToBus() const { return Framed(kType, {{"origin", origin}}); }
std::expected<ShutdownRequestMessage, Error> ShutdownRequestMessage::FromBus(const BusMessage& m) {
  return ShutdownRequestMessage{m.Field("origin")};
}

BusMessage PeerStateMessage::ToBus() const { return Framed(kType, {}, xml); }
std::expected<PeerStateMessage, Error> PeerStateMessage::FromBus(const BusMessage& m) {
  return PeerStateMessage{m.body};
}

BusMessage FenceHistoryMessage::ToBus() const { return Framed(kType, {}, xml); }
std::expected<FenceHistoryMessage, Error> FenceHistoryMessage::FromBus(const BusMessage& m) {
  return FenceHistoryMessage{m.body};
}

// A notify action's variables travel as fields "meta.NAME".
constexpr std::string_view kMetaPrefix = "meta.";

// "clone" is sent only for clone instances, so that other actions read as before.
BusMessage ActionMessage::ToBus() const {
  BusMessage m = Framed(kType, {{"key", key},
                                {"node", node},
                                {"task", task},
                                {"resource", resource},
                                {"interval", std::to_string(interval_ms)},
                                {"timeout", std::to_string(timeout_ms)}});
  if (clone_instance >= 0) m.fields["clone"] = std::to_string(clone_instance);
  if (!role.empty()) m.fields["role"] = role;
  for (const auto& [name, value] : meta) m.fields[std::string(kMetaPrefix) + name] = value;
  return m;
}

std::expected<ActionMessage, Error> ActionMessage::FromBus(const BusMessage& m) {
  ActionMessage a{m.Field("key"), m.Field("node"), m.Field("task"), m.Field("resource")};
  auto interval = ToInt(m.Field("interval"));
  auto timeout = ToInt(m.Field("timeout"));
  if (a.key.empty() || a.node.empty() || a.task.empty() || !interval || !timeout) {
    return std::unexpected(Bad("action message without key/node/task/interval/timeout"));
  }
  a.interval_ms = *interval;
  a.timeout_ms = *timeout;
  if (auto it = m.fields.find("clone"); it != m.fields.end()) {
    auto instance = ToInt(it->second);
    if (!instance || *instance < 0 || *instance > 1'000'000) {
      return std::unexpected(Bad("action message with a bad clone instance '" + it->second + "'"));
    }
    a.clone_instance = static_cast<int>(*instance);
  }
  if (auto it = m.fields.find("role"); it != m.fields.end()) {
    if (it->second != "Promoted" && it->second != "Unpromoted") {
      return std::unexpected(Bad("action message with a bad role '" + it->second + "'"));
    }
    a.role = it->second;
  }
  for (const auto& [field, value] : m.fields) {
    if (!field.starts_with(kMetaPrefix)) continue;
    std::string name = field.substr(kMetaPrefix.size());
    if (name.empty() ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
      return std::unexpected(Bad("action message with a bad meta name '" + name + "'"));
    }
    a.meta[name] = value;
  }
  return a;
}

BusMessage ResultMessage::ToBus() const {
  return Framed(kType, {{"key", key},
                        {"node", node},
                        {"resource", resource},
                        {"task", task},
                        {"interval", std::to_string(interval_ms)},
                        {"rc", std::to_string(rc)},
                        {"op_status", std::to_string(op_status)},
                        {"failure", failure ? "1" : "0"}});
}

std::expected<ResultMessage, Error> ResultMessage::FromBus(const BusMessage& m) {
  ResultMessage r{m.Field("key"), m.Field("node"), m.Field("resource"), m.Field("task")};
  auto interval = ToInt(m.Field("interval"));
  auto rc = ToInt(m.Field("rc"));
  auto status = ToInt(m.Field("op_status"));
  if (r.node.empty() || !interval || !rc || !status) {
    return std::unexpected(Bad("result message without node/interval/rc/op_status"));
  }
  r.interval_ms = *interval;
  r.rc = static_cast<int>(*rc);
  r.op_status = static_cast<int>(*status);
  r.failure = m.Field("failure") == "1";
  return r;
}

BusMessage CleanupMessage::ToBus() const {
  return Framed(kType, {{"rscs", rscs}, {"node", node}, {"origin", origin}, {"request", request}});
}
std::expected<CleanupMessage, Error> CleanupMessage::FromBus(const BusMessage& m) {
  return CleanupMessage{m.Field("rscs"), m.Field("node"), m.Field("origin"), m.Field("request")};
}

BusMessage CleanupDoneMessage::ToBus() const {
  return Framed(
      kType,
      {{"origin", origin}, {"request", request}, {"from", from}, {"rscs", rscs}, {"note", note}});
}
std::expected<CleanupDoneMessage, Error> CleanupDoneMessage::FromBus(const BusMessage& m) {
  return CleanupDoneMessage{m.Field("origin"), m.Field("request"), m.Field("from"), m.Field("rscs"),
                            m.Field("note")};
}

BusMessage FenceRequestMessage::ToBus() const {
  BusMessage m = Framed(kType, {{"target", target}, {"requester", requester}});
  if (action) m.fields["action"] = *action;
  return m;
}
std::expected<FenceRequestMessage, Error> FenceRequestMessage::FromBus(const BusMessage& m) {
  FenceRequestMessage r{m.Field("target"), m.Field("requester"), std::nullopt};
  if (!m.Field("action").empty()) r.action = m.Field("action");
  return r;
}

BusMessage FenceRunMessage::ToBus() const { return Framed(kType, {{"dc", dc}, {"gen", gen}}, xml); }
std::expected<FenceRunMessage, Error> FenceRunMessage::FromBus(const BusMessage& m) {
  return FenceRunMessage{m.Field("dc"), m.Field("gen"), m.body};
}

BusMessage FenceRunResultMessage::ToBus() const {
  return Framed(kType, {{"dc", dc}, {"gen", gen}}, xml);
}
std::expected<FenceRunResultMessage, Error> FenceRunResultMessage::FromBus(const BusMessage& m) {
  return FenceRunResultMessage{m.Field("dc"), m.Field("gen"), m.body};
}

BusMessage FenceOutcomeMessage::ToBus() const {
  BusMessage m = Framed(kType, {{"target", target},
                                {"success", success ? "1" : "0"},
                                {"reason", reason},
                                {"requesters", requesters}});
  if (!op.empty()) m.fields["op"] = op;  // a refused request has no operation
  return m;
}
std::expected<FenceOutcomeMessage, Error> FenceOutcomeMessage::FromBus(const BusMessage& m) {
  return FenceOutcomeMessage{m.Field("op"), m.Field("target"), m.Field("success") == "1",
                             m.Field("reason"), m.Field("requesters")};
}

std::expected<ActionMessage, Error> DecodeAction(std::string_view payload) {
  return Decode<ActionMessage>(payload);
}

std::expected<ResultMessage, Error> DecodeResult(std::string_view payload) {
  return Decode<ResultMessage>(payload);
}

std::string JoinList(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  for (size_t start = 0; start < text.size();) {
    size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) out.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

BusMessage AttributeMessage::ToBus() const {
  BusMessage m = Framed(
      kType, {{"op", op}, {"node", node}, {"name", name}, {"origin", origin}, {"request", request}},
      value);
  if (dampen_ms) m.fields["dampen"] = std::to_string(*dampen_ms);
  if (is_private) m.fields["private"] = "1";
  return m;
}
std::expected<AttributeMessage, Error> AttributeMessage::FromBus(const BusMessage& m) {
  AttributeMessage r{
      m.Field("op"), m.Field("node"),           m.Field("name"),   m.body,
      std::nullopt,  m.Field("private") == "1", m.Field("origin"), m.Field("request")};
  if (r.op != "set" && r.op != "delete") {
    return std::unexpected(Bad("attribute: op is not set or delete"));
  }
  if (r.node.empty() || r.name.empty()) {
    return std::unexpected(Bad("attribute: no node or no name"));
  }
  if (std::string d = m.Field("dampen"); !d.empty()) {
    int64_t ms = 0;
    auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), ms);
    if (ec != std::errc() || end != d.data() + d.size() || ms < 0) {
      return std::unexpected(Bad("attribute: bad dampen '" + d + "'"));
    }
    r.dampen_ms = ms;
  }
  return r;
}

std::string PayloadType(std::string_view payload) {
  size_t nl = payload.find('\n');
  return std::string(payload.substr(0, nl));
}

}  // namespace keel
