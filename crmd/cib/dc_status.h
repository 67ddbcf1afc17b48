#pragma once
// Status entries only the acting DC writes, as bus messages every member applies in CPG order
// (CibMember accepts them only from its current DC, and not while syncing):
//   "peer_state":    the node_state of ANOTHER node (a lost node marked down after it was
//                    fenced, or after it left without fencing) replaces that node's entry;
//   "fence_history": the <fencing-history> element under <status> is replaced.
// Pure helpers; no I/O.

#include <string>
#include <string_view>

#include "xml/xml_node.h"

namespace keel {

std::string EncodePeerState(const XmlNode& node_state);
std::string EncodeFenceHistory(const XmlNode& fencing_history);

// `previous` (may be null) marked down: in_ccm=false, crmd=offline, join=down, expected=down.
// With `keep_history` its lrm and transient attributes are kept (a node lost without fencing:
// what it ran is still recorded); without, they are dropped (a fenced node runs nothing).
XmlNode DownNodeState(std::string_view id, std::string_view uname, const XmlNode* previous,
                      bool keep_history);

// Replaces <status><fencing-history> of `cib` by `history` (num_updates + 1), in place: a copy
// of the whole CIB per fence history (every member, after each membership change) left 3.7 MB
// more resident in every crmd at 16 x 1,000.
void ReplaceFenceHistory(XmlNode& cib, XmlNode history);
// The <fencing-history> element of the status, or nullptr.
const XmlNode* FindFenceHistory(const XmlNode& cib);

}  // namespace keel
