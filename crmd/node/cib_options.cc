#include "crmd/node/cib_options.h"

#include <charconv>
#include <thread>

#include "crmd/controller/clone_instance.h"
#include "xml/cib_parse.h"
#include "xml/cluster_options.h"
#include "xml/duration.h"

namespace keel {

int64_t DurationOptionMs(const Cib& cib, std::string_view name, int64_t fallback) {
  auto ms = ParseDurationMs(ClusterOptionOr(cib.configuration, name));
  return ms && *ms >= 0 ? *ms : fallback;
}

bool StartFailureIsFatal(const Cib& cib) {
  return ParseBool(ClusterOptionOr(cib.configuration, "start-failure-is-fatal")).value_or(true);
}

bool OnFailIgnored(const Cib& cib, std::string_view rsc, std::string_view action,
                   int64_t interval_ms) {
  const Primitive* p = FindConfiguredPrimitive(cib, rsc).primitive;
  if (p == nullptr) return false;
  for (const Operation& op : p->operations) {
    if (op.name == action && op.interval_ms == interval_ms) return op.on_fail == "ignore";
  }
  return false;
}

std::string NoQuorumPolicyOf(const Cib& cib) {
  return ClusterOptionOr(cib.configuration, "no-quorum-policy");
}

int NodeActionLimitOf(const Cib& cib) {
  std::string text = ClusterOptionOr(cib.configuration, "node-action-limit");
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && value > 0 ? value : 0;
}

int DefaultNodeActionLimit() {
  return 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace keel
