#pragma once
// Protocol 3: several bus payloads sent as one CPG message (crmd/membership/batching_bus.h).
// Every CPG message is multicast to every node and costs corosync and each crmd the same
// whatever its size, so a node sends what it has to say in one loop turn (a DC's actions, a
// node's results with its status patch) as one "batch"; the receiver handles the items in
// order, as if they had come one by one. Sent only when every member announced protocol 3.
//
// On the wire: fields proto=3 and count=N; the body is each item as "LENGTH\nBYTES" (LENGTH
// decimal, BYTES any bytes). An item is never itself a batch.

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "crmd/protocol/bus_message.h"
#include "xml/base/error.h"

namespace keel {

struct BatchMessage {
  static constexpr std::string_view kType = "batch";
  static constexpr int kProtocol = 3;
  friend bool operator==(const BatchMessage&, const BatchMessage&) = default;
  std::vector<std::string> payloads;  // whole bus payloads, in the order they were sent
  BusMessage ToBus() const;
  // Errors (kInvalid) name the item and the byte of the body where the reading failed.
  static std::expected<BatchMessage, Error> FromBus(const BusMessage& m);
};

// The bytes a payload adds to a batch's encoding.
size_t BatchItemSize(std::string_view payload);

}  // namespace keel
