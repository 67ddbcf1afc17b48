#include "crmd/node/cleanup_coordinator.h"

#include <algorithm>
#include <cstdlib>

#include "crmd/controller/clone_instance.h"
#include "crmd/scheduler/settings.h"
#include "xml/cib_parse.h"
#include "xml/cleanup_targets.h"

namespace keel {
namespace {

// A client's cleanup is answered after this even if a targeted member never reported (its
// probes run at most 20 s; the rest is margin for the bus).
constexpr int64_t kCleanupAnswerMs = 30000;

std::string JoinComma(const std::vector<std::string>& items, std::string_view sep = ", ") {
  return JoinList(items, sep);
}

// CleanupTargets (xml/cleanup_targets.h) with the coordinator's wording of its errors.
std::expected<std::vector<std::string>, Error> CleanupPrimitivesOf(const Cib& cib,
                                                                   const std::string& id) {
  auto targets = CleanupTargets(cib.configuration, id, static_cast<int>(ClusterNodeCount(cib)));
  if (targets) return targets;
  return std::unexpected(
      Error{ErrorCode::kNotFound, "cleanup: no resource '" + id + "' in the configuration", id});
}

}  // namespace

CleanupCoordinator::CleanupCoordinator(const NodeDirectory& nodes, LocalProbes& probes)
    : nodes_(nodes), probes_(probes) {}

CleanupEffects CleanupCoordinator::Request(RequestId request, const XmlNode& cib,
                                           const std::string& rsc, const std::string& node,
                                           const std::vector<NodeId>& members) {
  auto parsed = CibFromXml(cib, "cib");
  if (!parsed) return Request(request, std::unexpected(parsed.error()), rsc, node, members);
  return Request(request, &parsed->cib, rsc, node, members);
}

CleanupEffects CleanupCoordinator::Request(RequestId request,
                                           const std::expected<const Cib*, Errors>& cib,
                                           const std::string& rsc, const std::string& node,
                                           const std::vector<NodeId>& members) {
  CleanupEffects fx;
  auto refuse = [&](const Error& e) {
    fx.replies.emplace_back(request, std::unexpected(e));
    return fx;
  };
  if (!cib) return refuse(cib.error().front());
  auto targets = CleanupPrimitivesOf(**cib, rsc);
  if (!targets) return refuse(targets.error());
  if (!node.empty()) {
    std::vector<std::string> names = nodes_.Names(members);
    if (std::find(names.begin(), names.end(), node) == names.end()) {
      return refuse(Error{
          ErrorCode::kNotFound,
          "cleanup: node '" + node + "' is not an online member (online: " + JoinComma(names) + ")",
          node});
    }
  }
  Waiting& waiting = waiting_[request];
  waiting.label = rsc;
  waiting.node = node;
  fx.sends.push_back(Encode(
      CleanupMessage{JoinComma(*targets, ","), node, nodes_.SelfName(), std::to_string(request)}));
  return fx;
}

CleanupEffects CleanupCoordinator::SendFailed(const std::string& payload, const Error& error) {
  CleanupEffects fx;
  auto m = Decode<CleanupMessage>(payload);
  if (!m || m->origin != nodes_.SelfName()) return fx;
  RequestId request = std::strtoull(m->request.c_str(), nullptr, 10);
  auto it = waiting_.find(request);
  if (it == waiting_.end() || it->second.delivered) return fx;
  fx.replies.emplace_back(
      request, std::unexpected(Error{ErrorCode::kIo,
                                     "cleanup: could not reach the cluster: " + error.message,
                                     it->second.label}));
  waiting_.erase(it);
  return fx;
}

CleanupEffects CleanupCoordinator::OnCleanup(const CleanupMessage& m,
                                             const std::vector<NodeId>& members) {
  CleanupEffects fx;
  std::string self = nodes_.SelfName();
  RequestId request = std::strtoull(m.request.c_str(), nullptr, 10);
  auto mine = m.origin == self ? waiting_.find(request) : waiting_.end();
  if (mine != waiting_.end()) {
    mine->second.delivered = true;
    for (const std::string& name : nodes_.Names(members)) {
      if (m.node.empty() || m.node == name) mine->second.expected.insert(name);
    }
  }
  if (m.node.empty() || m.node == self) CleanupHere(m.origin, m.request, SplitList(m.rscs), fx);
  if (mine != waiting_.end()) AnswerComplete(members, fx);
  return fx;
}

CleanupEffects CleanupCoordinator::OnCleanupDone(const CleanupDoneMessage& m, bool acting_dc,
                                                 const std::vector<NodeId>& members) {
  CleanupEffects fx;
  RequestId request = std::strtoull(m.request.c_str(), nullptr, 10);
  auto mine = m.origin == nodes_.SelfName() ? waiting_.find(request) : waiting_.end();
  if (acting_dc) fx.replan = "cleanup of " + m.rscs + " on " + m.from;
  if (mine != waiting_.end() && mine->second.expected.erase(m.from) > 0) {
    mine->second.done.push_back(m.from);
    if (!m.note.empty()) mine->second.notes.push_back(m.from + ": " + m.note);
  }
  if (mine != waiting_.end()) AnswerComplete(members, fx);
  return fx;
}

void CleanupCoordinator::CleanupHere(const std::string& origin, const std::string& request,
                                     const std::vector<std::string>& rscs, CleanupEffects& fx) {
  probes_.Forget(rscs);
  fx.logs.push_back("controller: cleanup of " + JoinComma(rscs) + " (asked by " + origin +
                    "): history and fail counts forgotten, re-probing");
  std::string round_key = origin + "/" + request;
  Round& round = rounds_[round_key];
  round.origin = origin;
  round.request = request;
  round.rscs = JoinComma(rscs, ",");
  for (const std::string& rsc : rscs) {
    LocalProbes::Probe probe = probes_.StartProbe(rsc);
    if (!probe.call) {
      if (!probe.note.empty()) round.notes.push_back(probe.note);
      continue;
    }
    probe_calls_[*probe.call] = round_key;
    ++round.probes;
  }
  if (round.probes == 0) EndRound(round_key, fx);
}

CleanupEffects CleanupCoordinator::OnProbeDone(int call_id) {
  CleanupEffects fx;
  auto call = probe_calls_.find(call_id);
  if (call == probe_calls_.end()) return fx;
  std::string round_key = call->second;
  probe_calls_.erase(call);
  auto it = rounds_.find(round_key);
  if (it != rounds_.end() && --it->second.probes == 0) EndRound(round_key, fx);
  return fx;
}

void CleanupCoordinator::EndRound(const std::string& round_key, CleanupEffects& fx) {
  auto it = rounds_.find(round_key);
  if (it == rounds_.end()) return;
  const Round& round = it->second;
  fx.sends.push_back(Encode(CleanupDoneMessage{round.origin, round.request, nodes_.SelfName(),
                                               round.rscs, JoinComma(round.notes, "; ")}));
  rounds_.erase(it);
}

CleanupEffects CleanupCoordinator::OnMembership(const std::vector<NodeId>& members) {
  CleanupEffects fx;
  AnswerComplete(members, fx);
  return fx;
}

// Targeted nodes that left no longer count; a request with nobody left to wait for is answered.
void CleanupCoordinator::AnswerComplete(const std::vector<NodeId>& members, CleanupEffects& fx) {
  std::vector<std::string> list = nodes_.Names(members);
  std::set<std::string> names(list.begin(), list.end());
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    Waiting& w = it->second;
    std::erase_if(w.expected, [&](const std::string& n) { return !names.contains(n); });
    if (!w.delivered || !w.expected.empty()) {
      ++it;
      continue;
    }
    std::expected<std::string, Error> outcome;
    if (w.done.empty()) {
      outcome = std::unexpected(
          Error{ErrorCode::kNotFound, "cleanup: no online node took part", w.label});
    } else {
      std::sort(w.done.begin(), w.done.end());
      outcome = "cleaned up " + w.label + " on " + JoinComma(w.done) +
                (w.notes.empty() ? "" : " (" + JoinComma(w.notes, "; ") + ")");
    }
    fx.replies.emplace_back(it->first, std::move(outcome));
    it = waiting_.erase(it);
  }
}

CleanupEffects CleanupCoordinator::Check(int64_t mono_ms) {
  CleanupEffects fx;
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    Waiting& w = it->second;
    if (!w.seen_ms) w.seen_ms = mono_ms;
    if (mono_ms - *w.seen_ms < kCleanupAnswerMs) {
      ++it;
      continue;
    }
    std::vector<std::string> silent(w.expected.begin(), w.expected.end());
    std::string what = w.delivered ? "no answer from " + JoinComma(silent)
                                   : "the cleanup request never came back from the cluster";
    std::sort(w.done.begin(), w.done.end());
    std::string done = w.done.empty() ? "" : " (done on " + JoinComma(w.done) + ")";
    fx.logs.push_back("controller: cleanup of " + w.label + ": " + what + done);
    fx.replies.emplace_back(
        it->first, std::unexpected(Error{ErrorCode::kIo,
                                         "cleanup: " + what + " within " +
                                             std::to_string(kCleanupAnswerMs / 1000) + " s" + done,
                                         w.label}));
    it = waiting_.erase(it);
  }
  return fx;
}

}  // namespace keel
