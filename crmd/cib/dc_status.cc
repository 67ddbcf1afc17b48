#include "crmd/cib/dc_status.h"

#include <algorithm>

#include "crmd/cib/cib_document.h"
#include "crmd/protocol/bus_messages.h"

namespace keel {

std::string EncodePeerState(const XmlNode& node_state) {
  return Encode(PeerStateMessage{SerializeXml(node_state, false)});
}

std::string EncodeFenceHistory(const XmlNode& fencing_history) {
  return Encode(FenceHistoryMessage{SerializeXml(fencing_history, false)});
}

XmlNode DownNodeState(std::string_view id, std::string_view uname, const XmlNode* previous,
                      bool keep_history) {
  XmlNode state = previous != nullptr ? *previous : XmlNode{};
  state.name = "node_state";
  if (!keep_history) state.children.clear();
  state.SetAttr("id", id);
  if (!uname.empty()) state.SetAttr("uname", uname);
  state.SetAttr("in_ccm", "false");
  state.SetAttr("crmd", "offline");
  state.SetAttr("join", "down");
  state.SetAttr("expected", "down");
  return state;
}

const XmlNode* FindFenceHistory(const XmlNode& cib) {
  const XmlNode* status = cib.Child("status");
  return status == nullptr ? nullptr : status->Child("fencing-history");
}

void ReplaceFenceHistory(XmlNode& cib, XmlNode history) {
  XmlNode* status = cib.Child("status");
  if (status == nullptr) status = &cib.AddChild("status");
  auto it = std::find_if(status->children.begin(), status->children.end(),
                         [](const XmlNode& c) { return c.name == "fencing-history"; });
  if (it != status->children.end()) {
    *it = std::move(history);
  } else {
    status->children.push_back(std::move(history));
  }
  CibVersion v = VersionOf(cib).value_or(CibVersion{});
  ++v.num_updates;
  SetVersion(cib, v);
}

}  // namespace keel
