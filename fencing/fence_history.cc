#include "fencing/fence_history.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <tuple>

namespace keel {
namespace {

constexpr std::string_view kRoot = "fencing-history";

XmlNode AttemptToXml(const DeviceAttempt& attempt) {
  XmlNode node;
  node.name = "attempt";
  node.SetAttr("device", attempt.device);
  node.SetAttr("node", attempt.node);
  node.SetAttr("action", attempt.action);
  node.SetAttr("ok", attempt.ok ? "true" : "false");
  if (!attempt.reason.empty()) node.SetAttr("reason", attempt.reason);
  node.SetAttr("started", std::to_string(attempt.started_ms));
  node.SetAttr("ended", std::to_string(attempt.ended_ms));
  return node;
}

XmlNode RecordToXml(const FenceRecord& record) {
  XmlNode node;
  node.name = "fence-op";
  node.SetAttr("id", record.id);
  node.SetAttr("target", record.target);
  node.SetAttr("action", record.action);
  node.SetAttr("origin", record.origin);
  if (!record.executor.empty()) node.SetAttr("executor", record.executor);
  node.SetAttr("state", FenceStateName(record.state));
  if (!record.reason.empty()) node.SetAttr("reason", record.reason);
  if (record.rc) node.SetAttr("rc", std::to_string(*record.rc));
  node.SetAttr("requested", std::to_string(record.requested_ms));
  if (record.completed_ms) node.SetAttr("completed", std::to_string(*record.completed_ms));
  for (const std::string& requester : record.requesters) {
    node.AddChild("requester").SetAttr("name", requester);
  }
  for (const DeviceAttempt& attempt : record.attempts)
    node.children.push_back(AttemptToXml(attempt));
  return node;
}

// Reads attributes of one element, collecting errors that name the place.
class Reader {
 public:
  Reader(const XmlNode& node, std::string where, Errors& errors)
      : node_(node), where_(std::move(where)), errors_(errors) {}

  std::string Required(std::string_view name) {
    const auto value = node_.Attr(name);
    if (!value || value->empty()) {
      Fail("<" + node_.name + "> needs a " + std::string(name) + " attribute");
      return {};
    }
    return std::string(*value);
  }
  std::string Optional(std::string_view name) { return node_.AttrOr(name); }
  std::optional<int64_t> Number(std::string_view name, bool required) {
    const auto text = node_.Attr(name);
    if (!text) {
      if (required) Fail("<" + node_.name + "> needs a " + std::string(name) + " attribute");
      return std::nullopt;
    }
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size()) {
      Fail(std::string(name) + "='" + std::string(*text) + "' is not a whole number");
      return std::nullopt;
    }
    return value;
  }
  void Fail(const std::string& message) {
    errors_.push_back(Error{ErrorCode::kInvalid, message, where_});
  }

 private:
  const XmlNode& node_;
  std::string where_;
  Errors& errors_;
};

DeviceAttempt AttemptFromXml(const XmlNode& node, std::string_view source, Errors& errors) {
  Reader reader(node, Where(source, node.line), errors);
  DeviceAttempt attempt;
  attempt.device = reader.Required("device");
  attempt.node = reader.Optional("node");
  attempt.action = reader.Required("action");
  const std::string ok = reader.Optional("ok");
  if (ok != "true" && ok != "false") reader.Fail("ok must be true or false");
  attempt.ok = ok == "true";
  attempt.reason = reader.Optional("reason");
  attempt.started_ms = reader.Number("started", false).value_or(0);
  attempt.ended_ms = reader.Number("ended", false).value_or(0);
  return attempt;
}

FenceRecord RecordFromXml(const XmlNode& node, std::string_view source, Errors& errors) {
  const std::string id = node.AttrOr("id");
  Reader reader(node, Where(source, node.line) + (id.empty() ? "" : " (" + id + ")"), errors);
  FenceRecord record;
  record.id = reader.Required("id");
  record.target = reader.Required("target");
  record.action = reader.Required("action");
  record.origin = reader.Optional("origin");
  record.executor = reader.Optional("executor");
  record.reason = reader.Optional("reason");
  if (auto rc = reader.Number("rc", false)) record.rc = static_cast<int>(*rc);
  const std::string state = reader.Required("state");
  if (state == "success")
    record.state = FenceState::kSuccess;
  else if (state == "failed")
    record.state = FenceState::kFailed;
  else if (state == "pending")
    record.state = FenceState::kPending;
  else if (!state.empty())
    reader.Fail("state '" + state + "' is not pending, success or failed");
  record.requested_ms = reader.Number("requested", true).value_or(0);
  record.completed_ms = reader.Number("completed", false);
  for (const XmlNode& child : node.children) {
    if (child.name == "requester") {
      Reader requester(child, Where(source, child.line), errors);
      record.requesters.push_back(requester.Required("name"));
    } else if (child.name == "attempt") {
      record.attempts.push_back(AttemptFromXml(child, source, errors));
    }
  }
  std::sort(record.requesters.begin(), record.requesters.end());
  record.requesters.erase(std::unique(record.requesters.begin(), record.requesters.end()),
                          record.requesters.end());
  return record;
}

bool SortsBefore(const FenceRecord& a, const FenceRecord& b) {
  return std::tie(a.requested_ms, a.id) < std::tie(b.requested_ms, b.id);
}

// True when `a` should replace `b` (same id). A total order, so the merge is commutative.
bool Beats(const FenceRecord& a, const FenceRecord& b) {
  const bool a_done = a.state != FenceState::kPending;
  const bool b_done = b.state != FenceState::kPending;
  if (a_done != b_done) return a_done;
  const int64_t a_end = a.completed_ms.value_or(0), b_end = b.completed_ms.value_or(0);
  if (a_end != b_end) return a_end > b_end;
  if (a.attempts.size() != b.attempts.size()) return a.attempts.size() > b.attempts.size();
  return SerializeXml(RecordToXml(a), false) > SerializeXml(RecordToXml(b), false);
}

}  // namespace

std::string_view FenceStateName(FenceState state) {
  switch (state) {
    case FenceState::kPending:
      return "pending";
    case FenceState::kSuccess:
      return "success";
    case FenceState::kFailed:
      return "failed";
  }
  return "?";
}

XmlNode FenceHistoryToXml(const std::vector<FenceRecord>& records) {
  XmlNode root;
  root.name = std::string(kRoot);
  for (const FenceRecord& record : records) root.children.push_back(RecordToXml(record));
  return root;
}

std::expected<std::vector<FenceRecord>, Errors> FenceHistoryFromXml(const XmlNode& root,
                                                                    std::string_view source) {
  if (root.name != kRoot) {
    return std::unexpected(
        Errors{Error{ErrorCode::kInvalid, "expected <fencing-history>, found <" + root.name + ">",
                     Where(source, root.line)}});
  }
  Errors errors;
  std::vector<FenceRecord> records;
  for (const XmlNode& child : root.children) {
    if (child.name == "fence-op") records.push_back(RecordFromXml(child, source, errors));
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return records;
}

std::vector<FenceRecord> MergeFenceHistories(const std::vector<FenceRecord>& a,
                                             const std::vector<FenceRecord>& b) {
  std::map<std::string, FenceRecord> by_id;
  for (const auto* list : {&a, &b}) {
    for (const FenceRecord& record : *list) {
      auto [it, inserted] = by_id.try_emplace(record.id, record);
      if (inserted) continue;
      std::vector<std::string> requesters = it->second.requesters;
      requesters.insert(requesters.end(), record.requesters.begin(), record.requesters.end());
      if (Beats(record, it->second)) it->second = record;
      std::sort(requesters.begin(), requesters.end());
      requesters.erase(std::unique(requesters.begin(), requesters.end()), requesters.end());
      it->second.requesters = std::move(requesters);
    }
  }
  std::vector<FenceRecord> merged;
  for (auto& [id, record] : by_id) merged.push_back(std::move(record));
  std::sort(merged.begin(), merged.end(), SortsBefore);
  return merged;
}

std::vector<FenceRecord> FailInterrupted(std::vector<FenceRecord> records,
                                         std::string_view old_origin, int64_t now_ms) {
  for (FenceRecord& record : records) {
    if (record.state != FenceState::kPending || record.origin != old_origin) continue;
    record.state = FenceState::kFailed;
    record.reason = "interrupted: " + std::string(old_origin) + " stopped running this operation";
    record.completed_ms = now_ms;
  }
  return records;
}

std::vector<FenceRecord> TrimFenceHistory(std::vector<FenceRecord> records, size_t per_target) {
  std::sort(records.begin(), records.end(), SortsBefore);
  std::map<std::string, size_t> kept;
  std::vector<FenceRecord> result;
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    if (kept[it->target]++ < per_target) result.push_back(std::move(*it));
  }
  std::reverse(result.begin(), result.end());
  return result;
}

}  // namespace keel
