#pragma once
// Transient node attributes as the CIB status holds them, and the node's attribute requests
// checked and turned into "attribute" bus messages. Pure: CrmdCore routes, these decide.

#include <cstdint>
#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crmd/node/node_attributes.h"
#include "crmd/protocol/bus_messages.h"
#include "xml/xml_node.h"

namespace keel {

// Every transient attribute of a node_state element (first value per name); none for nullptr.
std::map<std::string, std::string> TransientAttributes(const XmlNode* node_state);
// One transient attribute of a node_state element, or "".
std::string TransientAttribute(const XmlNode* node_state, std::string_view name);
// The node_state of the node named `uname` in `cib`'s status, or nullptr.
const XmlNode* NodeStateNamed(const XmlNode& cib, const std::string& uname);

// The transient attributes the scheduler's rules may read: all but the fail counts, last
// failures and "shutdown", which trigger plans their own way.
std::map<std::string, std::string> RuleAttributes(const XmlNode* node_state);
// The names whose values differ between `before` and `after`, comma separated, in name order
// (removed or changed first, then added).
std::string ChangedAttributeNames(const std::map<std::string, std::string>& before,
                                  const std::map<std::string, std::string>& after);

// `name`'s value on `node` (a node name, or "*" for every node holding it): the newest value
// `delivered` holds, else `cib` status's. (node, value) pairs, sorted by node.
std::vector<std::pair<std::string, std::string>> AttributeValues(const XmlNode& cib,
                                                                 const NodeAttributes& delivered,
                                                                 const std::string& node,
                                                                 const std::string& name);

// The bus message for `update` asked by this node (`self`) as client request `request`, or
// why it is refused: a bad name or value, or a node that is not one of `members` (names).
// `update.node` "" is this node.
std::expected<AttributeMessage, std::string> AttributeUpdateMessage(
    AttributeUpdate update, const std::vector<std::string>& members, const std::string& self,
    uint64_t request);

}  // namespace keel
