// CrmdCore's clean shutdown (crmd/node/shutdown_sequence.h): the node asks the DC to stop or
// move what runs here, then leaves the cluster as expected down, so nobody fences it.

#include <algorithm>

#include "crmd/cib/cib_document.h"
#include "crmd/crmd_core.h"
#include "crmd/node/status_attributes.h"
#include "xml/cib_parse.h"
#include "xml/cluster_options.h"
#include "xml/duration.h"

namespace keel {
namespace {

constexpr int64_t kDefaultEscalationMs = 20 * 60 * 1000;

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

void CrmdCore::RequestShutdown() {
  const int64_t mono_ms = MonoNow();
  if (!manages_resources()) {  // a CIB-only member: nothing to hand over
    sinks_.log("shutdown: requested; this node runs no resources: exiting");
    sinks_.exit(0);
    return;
  }
  auto model = Model();
  int64_t escalation_ms =
      model ? DurationOptionMs(**model, "shutdown-escalation", kDefaultEscalationMs)
            : kDefaultEscalationMs;
  if (escalation_ms == 0) escalation_ms = kDefaultEscalationMs;
  if (!shutdown_.Request(mono_ms, escalation_ms)) {
    sinks_.log("shutdown: already under way; waiting at most " +
               std::to_string(std::max<int64_t>(0, shutdown_.deadline_ms() - mono_ms) / 1000) +
               " s more (shutdown-escalation)");
    return;
  }
  std::vector<std::string> unsettled = lrm_.Unsettled();
  sinks_.log("shutdown: requested; asking the DC to stop or move what runs here (" +
             (unsettled.empty() ? std::string("nothing") : Joined(unsettled)) + "), for at most " +
             std::to_string(escalation_ms / 1000) + " s (shutdown-escalation)");
  PerformLrm(lrm_.SetAttribute("shutdown", std::to_string(Now())));
  AdvanceShutdown();
}

void CrmdCore::AdvanceShutdown() {
  if (!shutdown_.requested()) return;
  const auto& members = member_.members();
  const XmlNode* own = FindNodeState(member_.cib(), std::to_string(bus_.LocalId()));
  ShutdownFacts facts;
  facts.in_group = std::find(members.begin(), members.end(), bus_.LocalId()) != members.end();
  facts.planned_for = facts.in_group && (member_.quorate() || NoQuorumPolicy() == "ignore");
  facts.request_seen = !TransientAttribute(own, "shutdown").empty();
  facts.leave_seen = own != nullptr && own->AttrOr("expected") == "down";
  facts.resources_active = !lrm_.Unsettled().empty();
  facts.transition_running = IsActingDc() && dc_.busy();
  switch (shutdown_.Next(facts)) {
    case ShutdownStep::kNone:
    case ShutdownStep::kEscalate:
      return;
    case ShutdownStep::kStopLocally: {
      std::vector<std::string> active = lrm_.Active();
      sinks_.log("shutdown: no DC plans for this node (" +
                 std::string(facts.in_group ? "no quorum" : "not in the cluster") + "): stopping " +
                 Joined(active) + " here");
      for (const std::string& rsc : active) {
        RunAction(ActionMessage{"", SelfName(), "stop", rsc, 0, 20000});
      }
      return;
    }
    case ShutdownStep::kAnnounceLeave:
      sinks_.log("shutdown: nothing runs here; leaving the cluster (expected down)");
      Perform(member_.Leave());
      return AdvanceShutdown();  // outside the group nobody hears it: exit now
    case ShutdownStep::kExit:
      sinks_.log("shutdown: complete; exiting");
      sinks_.exit(0);
      return;
  }
}

std::expected<std::vector<std::string>, Error> CrmdCore::RequestClusterShutdown() {
  if (auto sent = bus_.Send(Encode(ShutdownRequestMessage{SelfName()})); !sent) {
    return std::unexpected(
        Error{ErrorCode::kIo, "the shutdown request was not sent: " + sent.error().message, ""});
  }
  return nodes_.Names(member_.members());
}

void CrmdCore::OnShutdownRequest(NodeId from, const ShutdownRequestMessage& m) {
  sinks_.log("shutdown: " + (m.origin.empty() ? nodes_.Name(from) : m.origin) +
             " asked every node to shut down");
  RequestShutdown();
}

void CrmdCore::CheckShutdownEscalation(int64_t mono_ms) {
  if (shutdown_.Check(mono_ms) != ShutdownStep::kEscalate) return;
  sinks_.log("shutdown: SHUTDOWN-ESCALATION PASSED; not settled here: " + Joined(lrm_.Unsettled()) +
             "; exiting now: the cluster will treat this node as lost");
  sinks_.exit(1);
}

// A member's node_state arrived with its "shutdown" attribute changed: the DC plans again.
void CrmdCore::NoteShutdownAttribute(NodeId from, const std::string& before) {
  const XmlNode* state = FindNodeState(member_.cib(), std::to_string(from));
  std::string now = TransientAttribute(state, "shutdown");
  if (now == before) return;
  dc_.Replan(nodes_.Name(from) + (now.empty() ? " no longer shutting down" : " is shutting down"));
}

std::string CrmdCore::ShutdownAttributeOf(NodeId id) const {
  return TransientAttribute(FindNodeState(member_.cib(), std::to_string(id)), "shutdown");
}

}  // namespace keel
