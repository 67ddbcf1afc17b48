#pragma once
// `crm resource cleanup RSC [NODE]` across the cluster (doc/controller.md, item 9).
//
// The requesting node broadcasts "cleanup" (resources, target node or all, origin, request);
// every targeted node forgets those resources' history and fail counts, publishes its
// node_state, re-probes them (monitor, interval 0) and then broadcasts "cleanup-done". The DC
// re-plans on each "cleanup-done" (the node's status precedes it on the bus); the origin
// answers its client once every targeted node that is still a member has reported, or after
// 30 s with an error naming those that did not.
//
// Pure: it returns what to send, answer and log; the node shell performs it.

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "crmd/cib/cib_member.h"
#include "crmd/node/node_directory.h"
#include "crmd/protocol/bus_messages.h"
#include "xml/base/error.h"
#include "xml/cib.h"
#include "xml/xml_node.h"

namespace keel {

struct CleanupEffects {
  std::vector<std::string> sends;  // encoded bus messages
  std::vector<std::pair<RequestId, std::expected<std::string, Error>>> replies;
  std::vector<std::string> logs;
  std::optional<std::string> replan;  // the acting DC plans again, for this reason
};

// What a cleanup needs from this node's resource manager.
class LocalProbes {
 public:
  struct Probe {
    std::optional<int> call;  // the executor's call id when a probe started
    std::string note;         // otherwise why not ("vip not probed: ..."); both empty: nothing
                              // to probe (a fence device is bookkeeping only)
  };
  virtual ~LocalProbes() = default;
  // Forgets the resources' history and fail counts and publishes this node's status.
  virtual void Forget(const std::vector<std::string>& rscs) = 0;
  virtual Probe StartProbe(const std::string& rsc) = 0;
};

class CleanupCoordinator {
 public:
  // Both must outlive the coordinator.
  CleanupCoordinator(const NodeDirectory& nodes, LocalProbes& probes);

  // A client's request; refused at once (unknown resource, clone, node not an online member).
  CleanupEffects Request(RequestId request, const XmlNode& cib, const std::string& rsc,
                         const std::string& node, const std::vector<NodeId>& members);
  // The same with the CIB already parsed (crmd/cib/cib_model.h), or its parse errors.
  CleanupEffects Request(RequestId request, const std::expected<const Cib*, Errors>& cib,
                         const std::string& rsc, const std::string& node,
                         const std::vector<NodeId>& members);
  // A bus send of ours failed for good: a client whose "cleanup" it was gets the error.
  CleanupEffects SendFailed(const std::string& payload, const Error& error);
  CleanupEffects OnCleanup(const CleanupMessage& m, const std::vector<NodeId>& members);
  CleanupEffects OnCleanupDone(const CleanupDoneMessage& m, bool acting_dc,
                               const std::vector<NodeId>& members);
  // An executor result: when it ends one of our probes, the round may be done.
  CleanupEffects OnProbeDone(int call_id);
  // Targeted nodes that left no longer count.
  CleanupEffects OnMembership(const std::vector<NodeId>& members);
  // Requests unanswered 30 s after this first saw them are answered with an error.
  CleanupEffects Check(int64_t mono_ms);

 private:
  struct Waiting {  // a request of this node's client
    std::string label;
    std::string node;                // "" = every node
    bool delivered = false;          // our own "cleanup" came back: `expected` is known
    std::set<std::string> expected;  // targeted members not yet reported
    std::vector<std::string> done;
    std::vector<std::string> notes;
    std::optional<int64_t> seen_ms;  // monotonic time Check first saw it
  };
  struct Round {  // a cleanup being done on this node
    std::string origin, request, rscs;
    int probes = 0;  // still running
    std::vector<std::string> notes;
  };
  void CleanupHere(const std::string& origin, const std::string& request,
                   const std::vector<std::string>& rscs, CleanupEffects& fx);
  void EndRound(const std::string& round_key, CleanupEffects& fx);
  void AnswerComplete(const std::vector<NodeId>& members, CleanupEffects& fx);

  const NodeDirectory& nodes_;
  LocalProbes& probes_;
  std::map<RequestId, Waiting> waiting_;
  std::map<std::string, Round> rounds_;     // by "origin/request"
  std::map<int, std::string> probe_calls_;  // executor call id -> round
};

}  // namespace keel
