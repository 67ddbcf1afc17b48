#pragma once
// The "attribute" IPC request (attrd_updater, crm_attribute, crm node status-attr): set,
// delete or query a transient node attribute, or ask the local node's name.
//
//   body:   "op=OP\nnode=NODE\nname=NAME\n[dampen=MS\n][private=1\n]\nVALUE"
//   op      set | delete | query | whoami
//   answer  set, delete: "" once every member has the update (CPG order);
//           query: one "NODE\tVALUE\n" line per node holding it (VALUE escaped: \\ \n \t),
//                  for every node when node is "*";
//           whoami: the local node's name.
// node "" means the local node. Pure.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xml/base/error.h"

namespace keel {

struct IpcAttribute {
  static constexpr std::string_view kCommand = "attribute";
  friend bool operator==(const IpcAttribute&, const IpcAttribute&) = default;
  std::string op;
  std::string node;
  std::string name;
  std::string value;
  std::optional<int64_t> dampen_ms;
  bool is_private = false;
  std::string Body() const;
  // Errors (kInvalid) for a body without the header's blank line or with an unknown key.
  static std::expected<IpcAttribute, Error> FromBody(std::string_view body);
};

// A query's answer: (node, value) pairs.
std::string EncodeAttributeAnswer(const std::vector<std::pair<std::string, std::string>>& rows);
std::vector<std::pair<std::string, std::string>> DecodeAttributeAnswer(std::string_view text);

}  // namespace keel
