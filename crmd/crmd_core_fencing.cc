// CrmdCore's fencing glue: routes to the fence service (the elected DC's fencer,
// crmd/fence/fence_service.h), the fence-agent host (every node: agent runs, self-fencing,
// crmd/fence/fence_agent_host.h) and the fence client (`crm node fence`), and
// implements their ports. One timer (sinks.resources->fence_timer) serves them, the quorum
// gate's wait for corosync's quorum report and the DC's recheck (a failure-timeout expiring).

#include "crmd/crmd_core.h"

namespace keel {
void CrmdCore::ReplyFence(const std::vector<FenceReply>& replies) {
  for (const auto& [id, outcome] : replies) sinks_.answer(id, outcome);
}

void CrmdCore::RequestFence(RequestId request, const std::string& target,
                            std::optional<FenceAction> action) {
  auto payload = fence_client_.Request(request, target, action, SelfName());
  if (!payload) return ReplyFence({{request, std::unexpected(payload.error())}});
  if (auto sent = bus_.Send(*payload); !sent) {
    ReplyFence(
        {{request, std::unexpected(fence_client_.SendFailed(request, target, sent.error()))}});
  }
}

// Called after every change. The fencer lives while this node is the elected DC, syncing or
// not (a membership change must not lose operations in flight); `acting` only tells whether
// the CIB is synced (status messages sent while syncing are dropped by the members).
void CrmdCore::FencingUpdate(bool acting, bool became, bool config_changed) {
  // The old DC's fencer is gone with its operations: its clients would wait for nothing.
  ReplyFence(fence_client_.OnDc(member_.dc()));
  FenceServiceView view;
  view.elected = member_.dc() == bus_.LocalId();
  view.acting = acting;
  view.became = became;
  view.config_changed = config_changed;
  for (NodeId id : member_.members()) view.members.push_back(FenceMember{nodes_.Name(id), id});
  fence_service_.Update(view);
}

void CrmdCore::StopResource(const std::string& rsc) {
  RunAction(ActionMessage{"", SelfName(), "stop", rsc, 0, 20000});
}

void CrmdCore::RearmFenceTimer() {
  if (!manages_resources()) return;  // a CIB-only member has no fencing timer
  std::optional<int64_t> next = fence_service_.NextDeadline();
  if (auto q = quorum_.ReportDeadline(dc_.plan_held()); q && (!next || *q < *next)) next = q;
  if (auto h = fence_host_.NextDeadline(); h && (!next || *h < *next)) next = h;
  if (auto r = dc_.RecheckDueMs(); r && (!next || *r < *next)) next = r;
  sinks_.resources->fence_timer(next);
}

void CrmdCore::OnFenceTimer() {
  int64_t now = MonoNow();
  if (fence_host_.ExitIfDue(now)) return;
  fence_service_.Tick(FenceClock{WallMs(), now});
  if (auto over = quorum_.ExpireReportWait(now, dc_.plan_held(), member_.quorate())) {
    Log(*over);
    dc_.Trigger("no quorum report after the membership change");
  }
  std::vector<std::string> due = fence_service_.TakeDueRetries(now);
  if (!due.empty() && IsActingDc()) dc_.Trigger("retrying fencing of " + JoinList(due));
  dc_.CheckRecheck(now);
  RearmFenceTimer();
}

}  // namespace keel
