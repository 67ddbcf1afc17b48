// CrmdCore at startup (doc/controller.md, item 12). With fencing enabled, the DC's first plan
// after this crmd started waits until every configured node that it would fence has been a
// member, or dc-deadtime (default 20 s) has passed, as Pacemaker's DC waits for its peers: a
// node never seen in the status (startup-fencing=true, the default) or lost as this node's
// stored status says (stale when this node stopped before that one left). After the wait such a
// node is fenced, and resources whose state there is unknown start only after the fence.

#include <algorithm>

#include "crmd/crmd_core.h"
#include "crmd/scheduler/settings.h"
#include "xml/cib_parse.h"
#include "xml/cluster_options.h"
#include "xml/duration.h"

namespace keel {
namespace {

constexpr int64_t kDefaultDcDeadtimeMs = 20'000;

}  // namespace

std::string CrmdCore::StartupWaitReason() const {
  if (startup_wait_over_) return "";
  auto parsed = CibFromXml(member_.cib(), "cib");
  if (!parsed || !ReadSettings(parsed->cib.configuration, true).fencing_enabled) return "";
  const bool startup_fencing =
      ParseBool(ClusterOptionOr(parsed->cib.configuration, "startup-fencing")).value_or(true);
  const auto& members = member_.members();
  std::vector<std::string> missing;
  for (NodeId id : bus_.ConfiguredNodes()) {
    // Only nodes that would be fenced: never seen, or lost as far as this node's stored
    // status knows (it may be stale: this node may have stopped before that one left). A node
    // that was a member since this start and left is lost, not late.
    if (std::find(members.begin(), members.end(), id) == members.end() &&
        !seen_since_start_.contains(id) && !UncleanReason(id, true, startup_fencing).empty()) {
      missing.push_back(nodes_.Name(id));
    }
  }
  if (missing.empty()) return "";
  int64_t deadtime = DurationOptionMs("dc-deadtime", kDefaultDcDeadtimeMs);
  if (MonoNow() - started_mono_ms_ >= deadtime) return "";
  std::string names;
  for (const std::string& n : missing) names += (names.empty() ? "" : ", ") + n;
  return "waiting up to " + std::to_string(deadtime / 1000) + " s after start (dc-deadtime) for " +
         names + " to join";
}

void CrmdCore::CheckStartupWait() {
  if (startup_wait_over_ || !StartupWaitReason().empty()) return;
  startup_wait_over_ = true;
  if (controller_.plan_held() && IsActingDc()) TriggerController("the startup wait is over");
}

}  // namespace keel
