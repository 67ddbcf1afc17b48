#pragma once
// What crmds say to each other over the bus: a type word, key=value fields, and a body.
// Text, so that a trace is readable:  "TYPE\nkey=value\n...\n\nBODY".

#include <expected>
#include <map>
#include <string>
#include <string_view>

#include "xml/base/error.h"

namespace keel {

struct BusMessage {
  std::string type;                           // commit, node_state, announce, sync
  std::map<std::string, std::string> fields;  // no '\n' in keys or values, no '=' in keys
  std::string body;                           // any bytes

  std::string Field(const std::string& key) const;  // "" when absent
};

std::string EncodeBusMessage(const BusMessage& message);
std::expected<BusMessage, Error> DecodeBusMessage(std::string_view bytes);

}  // namespace keel
