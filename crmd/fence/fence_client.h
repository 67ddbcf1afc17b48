#pragma once
// `crm node fence TARGET` on the node whose client asked: the request goes to the DC's fence
// service as a "fence-request" naming this client ("crm@NODE#ID"); the DC's "fence-outcome"
// answers it. When the DC changes, the old DC's fencer is gone with its operations, so the
// requests in flight are answered with an error.
//
// Pure: it returns what to send and whom to answer; the node shell performs it.

#include <expected>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "crmd/cib/cib_member.h"
#include "crmd/membership/cluster_bus.h"
#include "crmd/protocol/bus_messages.h"
#include "fencing/fence_protocol.h"
#include "xml/base/error.h"

namespace keel {

using FenceReply = std::pair<RequestId, std::expected<std::string, Error>>;

class FenceClient {
 public:
  // A client's request from this node (`self`): the encoded fence-request to send, or why it
  // is refused at once (nothing is then in flight).
  std::expected<std::string, Error> Request(RequestId request, const std::string& target,
                                            std::optional<FenceAction> action,
                                            const std::string& self);
  // The fence-request of `request` could not be sent: no longer in flight; the client's error.
  Error SendFailed(RequestId request, const std::string& target, const Error& why);
  // A fence-outcome: the answers to this node's clients it names.
  std::vector<FenceReply> OnOutcome(const FenceOutcomeMessage& m, const std::string& self);
  // The elected DC is now `dc`: on a change the requests in flight are answered with an error.
  std::vector<FenceReply> OnDc(std::optional<NodeId> dc);

 private:
  std::set<RequestId> in_flight_;
  std::optional<NodeId> last_dc_;
};

}  // namespace keel
