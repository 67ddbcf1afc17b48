#include "crmd/fence/fence_client.h"

#include <cstdlib>

#include "crmd/protocol/bus_message.h"

namespace keel {

std::expected<std::string, Error> FenceClient::Request(RequestId request, const std::string& target,
                                                       std::optional<FenceAction> action,
                                                       const std::string& self) {
  if (target.empty()) {
    return std::unexpected(Error{ErrorCode::kInvalid, "fence: no target node given", target});
  }
  in_flight_.insert(request);
  FenceRequestMessage m{target, "crm@" + self + "#" + std::to_string(request), std::nullopt};
  if (action) m.action = std::string(FenceActionName(*action));
  return Encode(m);
}

Error FenceClient::SendFailed(RequestId request, const std::string& target, const Error& why) {
  in_flight_.erase(request);
  return Error{ErrorCode::kIo, "fence: could not reach the cluster: " + why.message, target};
}

std::vector<FenceReply> FenceClient::OnOutcome(const FenceOutcomeMessage& m,
                                               const std::string& self) {
  std::vector<FenceReply> replies;
  std::string prefix = "crm@" + self + "#";
  for (const std::string& r : SplitList(m.requesters)) {
    if (!r.starts_with(prefix)) continue;
    RequestId id = std::strtoull(r.c_str() + prefix.size(), nullptr, 10);
    if (in_flight_.erase(id) == 0) continue;
    if (m.success) {
      replies.emplace_back(id, m.op);
    } else {
      replies.emplace_back(id, std::unexpected(Error{ErrorCode::kIo, m.reason, m.target}));
    }
  }
  return replies;
}

std::vector<FenceReply> FenceClient::OnDc(std::optional<NodeId> dc) {
  std::vector<FenceReply> replies;
  if (dc == last_dc_) return replies;
  if (last_dc_) {
    for (RequestId id : in_flight_) {
      replies.emplace_back(
          id, std::unexpected(Error{ErrorCode::kIo,
                                    "the DC changed while fencing was under way; the outcome is "
                                    "in 'crm fencing history'",
                                    ""}));
    }
    in_flight_.clear();
  }
  last_dc_ = dc;
  return replies;
}

}  // namespace keel
