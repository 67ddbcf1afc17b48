// DeriveClusterView: the membership Pacemaker infers from node_state when it has no live
// view (crm simulate, tests).

#include <cstdlib>

#include "crmd/scheduler/scheduler.h"
#include "crmd/scheduler/settings.h"

namespace keel {
namespace {

// "true"/"yes"/"online"/"member" or a positive timestamp (newer Pacemaker) means up.
bool Up(const std::string& value, std::string_view up_word) {
  if (value == up_word) return true;
  if (auto truth = ParseTruth(value)) return *truth;
  char* end = nullptr;
  long long n = std::strtoll(value.c_str(), &end, 10);
  return !value.empty() && end != nullptr && *end == '\0' && n > 0;
}

const NodeState* FindState(const Cib& cib, const Node& node) {
  for (const NodeState& s : cib.status.node_states) {
    if (s.id == node.id || (!node.uname.empty() && s.uname == node.uname)) return &s;
  }
  return nullptr;
}

NodeView WithFencing(const NodeState& s, NodeView v) {
  bool member = Up(s.in_ccm, "member");
  bool online = Up(s.crmd, "online");
  if (member && online && s.join == "member") {
    v.membership = NodeMembership::kOnline;
  } else if (s.expected == "down") {
    v.membership = (member || online) ? NodeMembership::kPending : NodeMembership::kOffline;
  } else if (!member) {
    v.membership = NodeMembership::kUnclean;
    v.unclean_reason = "peer is no longer part of the cluster";
  } else if (!online) {
    v.membership = NodeMembership::kUnclean;
    v.unclean_reason = "peer process is no longer available";
  } else if (s.join == "pending" || s.join == "down") {
    v.membership = NodeMembership::kPending;
  } else {
    v.membership = NodeMembership::kUnclean;
    v.unclean_reason = "peer was in an unknown state";
  }
  return v;
}

NodeView WithoutFencing(const NodeState& s, NodeView v) {
  bool member = Up(s.in_ccm, "member");
  bool online = Up(s.crmd, "online");
  if (!member) {
    v.membership = NodeMembership::kOffline;
  } else if (online) {
    v.membership = s.join == "member" ? NodeMembership::kOnline : NodeMembership::kPending;
  } else if (s.expected != "member") {
    v.membership = NodeMembership::kOffline;
  } else {
    v.membership = NodeMembership::kUnclean;
    v.unclean_reason = "peer is unexpectedly down";
  }
  return v;
}

}  // namespace

ClusterView DeriveClusterView(const Cib& cib) {
  ClusterView view;
  view.have_quorum = cib.have_quorum.value_or(false);
  auto fencing_text = SchedulerOption(cib.configuration, "fencing-enabled");
  bool fencing = !fencing_text || ParseTruth(*fencing_text).value_or(true);
  auto startup_text = SchedulerOption(cib.configuration, "startup-fencing");
  bool startup_fencing = !startup_text || ParseTruth(*startup_text).value_or(true);
  for (const Node& node : cib.configuration.nodes) {
    NodeView v;
    v.name = node.uname.empty() ? node.id : node.uname;
    const NodeState* state = FindState(cib, node);
    if (state == nullptr) {
      if (fencing && startup_fencing) {
        v.membership = NodeMembership::kUnclean;
        v.unclean_reason = "node is unclean";
      }
    } else {
      v = fencing ? WithFencing(*state, v) : WithoutFencing(*state, v);
    }
    view.nodes.push_back(std::move(v));
  }
  return view;
}

}  // namespace keel
