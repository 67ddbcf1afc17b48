#include "crmd/node/fail_counts.h"

namespace keel {
namespace {

std::string Suffix(std::string_view rsc, std::string_view action, int64_t interval_ms) {
  return std::string(rsc) + "#" + std::string(action) + "_" + std::to_string(interval_ms);
}

bool NamesRsc(std::string_view name, std::string_view prefix, std::string_view rsc) {
  if (!name.starts_with(prefix)) return false;
  name.remove_prefix(prefix.size());
  if (!name.starts_with(rsc)) return false;
  name.remove_prefix(rsc.size());
  return name.empty() || name.front() == '#';
}

}  // namespace

std::string FailCountName(std::string_view rsc, std::string_view action, int64_t interval_ms) {
  return "fail-count-" + Suffix(rsc, action, interval_ms);
}

std::string LastFailureName(std::string_view rsc, std::string_view action, int64_t interval_ms) {
  return "last-failure-" + Suffix(rsc, action, interval_ms);
}

bool IsFailureAttributeOf(std::string_view name, std::string_view rsc) {
  return NamesRsc(name, "fail-count-", rsc) || NamesRsc(name, "last-failure-", rsc);
}

bool CountsFailures(const ActionResult& failed) {
  const std::string& a = failed.action;
  return failed.interval_ms > 0 || a == "start" || a == "stop" || a == "promote" || a == "demote";
}

std::vector<AttributeUpdate> FailureUpdates(const std::string& node, const ActionResult& failed,
                                            bool start_failure_is_fatal, bool on_fail_ignore,
                                            int64_t now_s) {
  if (!CountsFailures(failed)) return {};
  bool fatal = failed.action == "stop" || (failed.action == "start" && start_failure_is_fatal);
  AttributeUpdate count;
  count.node = node;
  count.name = FailCountName(failed.rsc_id, failed.action, failed.interval_ms);
  count.value = fatal ? "INFINITY" : "value++";
  AttributeUpdate last;
  last.node = node;
  last.name = LastFailureName(failed.rsc_id, failed.action, failed.interval_ms);
  last.value = std::to_string(now_s);
  if (on_fail_ignore) return {last};
  return {count, last};
}

std::vector<AttributeUpdate> FailureDeletions(const std::string& node,
                                              const std::vector<std::string>& names,
                                              const std::vector<std::string>& rscs) {
  std::vector<AttributeUpdate> out;
  for (const std::string& name : names) {
    for (const std::string& rsc : rscs) {
      if (!IsFailureAttributeOf(name, rsc)) continue;
      AttributeUpdate d;
      d.op = AttributeUpdate::Op::kDelete;
      d.node = node;
      d.name = name;
      out.push_back(std::move(d));
      break;
    }
  }
  return out;
}

}  // namespace keel
