// CrmdCore's cleanup part (`crm resource cleanup RSC [NODE]`).
//
// The requesting node broadcasts "cleanup" (resources, target node or all, origin, request);
// every targeted node forgets those resources' history and fail counts, publishes its
// node_state, re-probes them (monitor, interval 0) and then broadcasts "cleanup-done". The DC
// re-plans on each "cleanup-done" (the node's status precedes it on the bus); the origin
// answers its client once every targeted node that is still a member has reported.

#include <algorithm>
#include <map>
#include <set>

#include "crmd/crmd_core.h"
#include "crmd/protocol/bus_message.h"
#include "xml/cib_parse.h"

namespace keel {

namespace {

constexpr int64_t kCleanupProbeTimeoutMs = 20000;
// A client's cleanup is answered after this even if a targeted member never reported (its
// probes run at most kCleanupProbeTimeoutMs; the rest is margin for the bus).
constexpr int64_t kCleanupAnswerMs = 30000;

std::string JoinComma(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

// The primitives `id` names (itself, or a group's members); error for unknown ids and clones.
std::expected<std::vector<std::string>, Error> CleanupTargets(const Cib& cib,
                                                               const std::string& id) {
  for (const Resource& r : cib.configuration.resources) {
    if (const auto* p = std::get_if<Primitive>(&r); p != nullptr && p->id == id) {
      return std::vector<std::string>{id};
    }
    if (const auto* g = std::get_if<Group>(&r)) {
      std::vector<std::string> members;
      for (const Primitive& p : g->primitives) {
        if (p.id == id) return std::vector<std::string>{id};
        members.push_back(p.id);
      }
      if (g->id == id) return members;
    }
    if (const auto* c = std::get_if<Clone>(&r); c != nullptr && c->id == id) {
      return std::unexpected(
          Error{ErrorCode::kNotSupported, "cleanup: not supported: clone '" + id + "'", id});
    }
  }
  return std::unexpected(
      Error{ErrorCode::kNotFound, "cleanup: no resource '" + id + "' in the configuration", id});
}

}  // namespace

struct CrmdCore::CleanupState {
  struct Waiting {  // a request of this node's client
    std::string label;
    std::string node;                // "" = every node
    bool delivered = false;          // our own "cleanup" came back: `expected` is known
    std::set<std::string> expected;  // targeted members not yet reported
    std::vector<std::string> done;
    std::vector<std::string> notes;
    std::optional<int64_t> seen_ms;  // monotonic time CheckCleanupWaits first saw it
  };
  std::map<RequestId, Waiting> waiting;
  struct Round {  // a cleanup being done on this node
    std::string origin, request, rscs;
    int probes = 0;  // still running
    std::vector<std::string> notes;
  };
  std::map<std::string, Round> rounds;    // by "origin/request"
  std::map<int, std::string> probe_calls;  // executor call id -> round
};

CrmdCore::CleanupState& CrmdCore::Cleanup() {
  if (!cleanup_) cleanup_ = std::make_shared<CleanupState>();
  return *cleanup_;
}

void CrmdCore::RequestCleanup(RequestId request, const std::string& rsc, const std::string& node) {
  auto refuse = [&](const Error& e) {
    if (sinks_.cleanup_reply) sinks_.cleanup_reply(request, std::unexpected(e));
  };
  auto parsed = CibFromXml(member_.cib(), "cib");
  if (!parsed) return refuse(parsed.error().front());
  auto targets = CleanupTargets(parsed->cib, rsc);
  if (!targets) return refuse(targets.error());
  if (!node.empty()) {
    std::vector<std::string> names;
    for (NodeId id : member_.members()) {
      names.push_back(id == bus_.LocalId() ? SelfName() : bus_.NodeName(id));
    }
    if (std::find(names.begin(), names.end(), node) == names.end()) {
      return refuse(Error{ErrorCode::kNotFound,
                          "cleanup: node '" + node + "' is not an online member (online: " +
                              JoinComma(names) + ")",
                          node});
    }
  }
  CleanupState::Waiting& waiting = Cleanup().waiting[request];
  waiting.label = rsc;
  waiting.node = node;
  CleanupMessage m{JoinComma(*targets, ","), node, SelfName(), std::to_string(request)};
  if (auto sent = bus_.Send(Encode(m)); !sent) {
    Cleanup().waiting.erase(request);
    refuse(Error{ErrorCode::kIo, "cleanup: could not reach the cluster: " + sent.error().message,
                 rsc});
  }
}

void CrmdCore::OnCleanup(const CleanupMessage& m) {
  CleanupState& c = Cleanup();
  RequestId request = std::strtoull(m.request.c_str(), nullptr, 10);
  auto mine = m.origin == SelfName() ? c.waiting.find(request) : c.waiting.end();
  if (mine != c.waiting.end()) {
    mine->second.delivered = true;
    for (NodeId id : member_.members()) {
      std::string name = id == bus_.LocalId() ? SelfName() : bus_.NodeName(id);
      if (m.node.empty() || m.node == name) mine->second.expected.insert(name);
    }
  }
  if (m.node.empty() || m.node == SelfName()) CleanupHere(m.origin, m.request, SplitComma(m.rscs));
  if (mine != c.waiting.end()) NoteMembershipForCleanup();  // answers when complete
}

void CrmdCore::OnCleanupDone(const CleanupDoneMessage& m) {
  CleanupState& c = Cleanup();
  RequestId request = std::strtoull(m.request.c_str(), nullptr, 10);
  auto mine = m.origin == SelfName() ? c.waiting.find(request) : c.waiting.end();
  if (IsActingDc()) TriggerController("cleanup of " + m.rscs + " on " + m.from);
  if (mine != c.waiting.end() && mine->second.expected.erase(m.from) > 0) {
    mine->second.done.push_back(m.from);
    if (!m.note.empty()) mine->second.notes.push_back(m.from + ": " + m.note);
  }
  if (mine != c.waiting.end()) NoteMembershipForCleanup();  // answers when complete
}

void CrmdCore::CleanupHere(const std::string& origin, const std::string& request,
                           const std::vector<std::string>& rscs) {
  for (const std::string& rsc : rscs) ForgetResource(own_, rsc);
  PublishOwnState();
  if (sinks_.log) {
    sinks_.log("controller: cleanup of " + JoinComma(rscs) + " (asked by " + origin +
               "): history and fail counts forgotten, re-probing");
  }
  CleanupState& c = Cleanup();
  std::string round_key = origin + "/" + request;
  CleanupState::Round& round = c.rounds[round_key];
  round.origin = origin;
  round.request = request;
  round.rscs = JoinComma(rscs, ",");
  auto parsed = CibFromXml(member_.cib(), "cib");
  for (const std::string& rsc : rscs) {
    if (!sinks_.submit) {
      round.notes.push_back(rsc + " not probed (no executor)");
      continue;
    }
    if (!parsed) {
      round.notes.push_back(rsc + " not probed (the CIB does not parse)");
      continue;
    }
    if (IsFenceDevice(parsed->cib, rsc)) continue;  // bookkeeping only: nothing to probe
    auto built = BuildRequest(parsed->cib, ActionMessage{"", SelfName(), "monitor", rsc, 0,
                                                         kCleanupProbeTimeoutMs});
    std::expected<int, Error> call =
        built ? sinks_.submit(*built) : std::expected<int, Error>(std::unexpected(built.error()));
    if (!call) {
      round.notes.push_back(rsc + " not probed: " + call.error().message);
      continue;
    }
    pending_[*call] = Pending{"", built->agent, ocf_rc::kOk};
    c.probe_calls[*call] = round_key;
    ++round.probes;
  }
  if (round.probes > 0) return;
  ActionResult none;
  none.call_id = 0;
  c.probe_calls[0] = round_key;  // ends the round through the same path as a probe
  NoteCleanupProbe(none);
}

void CrmdCore::NoteCleanupProbe(const ActionResult& result) {
  if (!cleanup_) return;
  CleanupState& c = *cleanup_;
  auto call = c.probe_calls.find(result.call_id);
  if (call == c.probe_calls.end()) return;
  std::string round_key = call->second;
  c.probe_calls.erase(call);
  auto it = c.rounds.find(round_key);
  if (it == c.rounds.end()) return;
  CleanupState::Round& round = it->second;
  if (result.call_id != 0 && --round.probes > 0) return;
  if (result.call_id == 0 && round.probes > 0) return;
  CleanupDoneMessage done{round.origin, round.request, SelfName(), round.rscs,
                          JoinComma(round.notes, "; ")};
  c.rounds.erase(it);
  if (auto sent = bus_.Send(Encode(done)); !sent && sinks_.log) {
    sinks_.log("bus: cleanup-done not sent: " + sent.error().message);
  }
}

void CrmdCore::CheckCleanupWaits(int64_t mono_ms) {
  if (!cleanup_) return;
  for (auto it = cleanup_->waiting.begin(); it != cleanup_->waiting.end();) {
    CleanupState::Waiting& w = it->second;
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
    if (sinks_.log) sinks_.log("controller: cleanup of " + w.label + ": " + what + done);
    if (sinks_.cleanup_reply) {
      sinks_.cleanup_reply(it->first, std::unexpected(Error{
                                          ErrorCode::kIo,
                                          "cleanup: " + what + " within " +
                                              std::to_string(kCleanupAnswerMs / 1000) + " s" + done,
                                          w.label}));
    }
    it = cleanup_->waiting.erase(it);
  }
}

// Targeted nodes that left no longer count; a request with nobody left to wait for is answered.
void CrmdCore::NoteMembershipForCleanup() {
  if (!cleanup_) return;
  std::set<std::string> names;
  for (NodeId id : member_.members()) {
    names.insert(id == bus_.LocalId() ? SelfName() : bus_.NodeName(id));
  }
  for (auto it = cleanup_->waiting.begin(); it != cleanup_->waiting.end();) {
    CleanupState::Waiting& w = it->second;
    std::erase_if(w.expected, [&](const std::string& n) { return !names.contains(n); });
    if (!w.delivered || !w.expected.empty()) {
      ++it;
      continue;
    }
    std::expected<std::string, Error> outcome;
    if (w.done.empty()) {
      outcome = std::unexpected(Error{ErrorCode::kNotFound,
                                      "cleanup: no online node took part", w.label});
    } else {
      std::sort(w.done.begin(), w.done.end());
      outcome = "cleaned up " + w.label + " on " + JoinComma(w.done) +
                (w.notes.empty() ? "" : " (" + JoinComma(w.notes, "; ") + ")");
    }
    if (sinks_.cleanup_reply) sinks_.cleanup_reply(it->first, outcome);
    it = cleanup_->waiting.erase(it);
  }
}

}  // namespace keel
