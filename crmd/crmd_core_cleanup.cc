// CrmdCore's glue to the cleanup coordinator (crmd/node/cleanup_coordinator.h): routes its
// messages and this node's probes to it and performs what it returns.

#include "crmd/crmd_core.h"
#include "xml/cib_parse.h"

namespace keel {
namespace {

constexpr int64_t kCleanupProbeTimeoutMs = 20000;

}  // namespace

void CrmdCore::PerformCleanup(CleanupEffects fx) {
  for (const std::string& line : fx.logs) {
    sinks_.log(line);
  }
  for (const std::string& payload : fx.sends) {
    if (auto sent = bus_.Send(payload); !sent) {
      sinks_.log("bus: " + PayloadType(payload) + " not sent: " + sent.error().message);
      PerformCleanup(cleanup_.SendFailed(payload, sent.error()));
    }
  }
  for (auto& [request, outcome] : fx.replies) sinks_.answer(request, std::move(outcome));
  if (fx.replan) dc_.Trigger(*fx.replan);
}

void CrmdCore::RequestCleanup(RequestId request, const std::string& rsc, const std::string& node) {
  PerformCleanup(cleanup_.Request(request, Model(), rsc, node, member_.members()));
}

void CrmdCore::Forget(const std::vector<std::string>& rscs) {
  PerformLrm(WithoutFailureAttributes(rscs, lrm_.Forget(rscs)));
}

LocalProbes::Probe CrmdCore::StartProbe(const std::string& rsc) {
  if (!manages_resources()) return {std::nullopt, rsc + " not probed (no executor)"};
  auto model = Model();
  if (!model) return {std::nullopt, rsc + " not probed (the CIB does not parse)"};
  if (FenceAgentHost::IsFenceDevice(**model, rsc)) return {};  // bookkeeping only: nothing to probe
  auto call = lrm_.Probe(**model, rsc, kCleanupProbeTimeoutMs);
  if (!call) return {std::nullopt, rsc + " not probed: " + call.error().message};
  return {*call, ""};
}

}  // namespace keel
