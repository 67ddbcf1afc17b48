#pragma once
// A small reader of corosync.conf for `crm configure verify`: the quorum settings and the
// nodelist, nothing else. Pure: the text is an input; ReadCorosyncQuorum is the file edge.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xml/base/error.h"

namespace keel {

// Every "key: value" of the file with its block path, in order: "totem.token" -> "1000".
// Repeated blocks get an index after their name: the nodelist's nodes are "nodelist.node.0.name",
// "nodelist.node.1.name", ... (the same numbering as corosync's cmap).
struct CorosyncConf {
  std::vector<std::pair<std::string, std::string>> entries;

  // The value of the last entry with this key, if any.
  std::optional<std::string> Get(std::string_view key) const;
};

// The format corosync reads: "name {" opens a block, "}" closes it, "key: value" sets a key,
// "#" starts a comment line. A one-line block ("node { ring0_addr: x }") is refused as corosync
// refuses it. Errors name source:line.
std::expected<CorosyncConf, Error> ParseCorosyncConf(std::string_view text, std::string_view source);

struct CorosyncQuorum {
  std::string source;                  // the file it came from, for messages
  std::vector<std::string> node_names;  // nodelist names (ring0_addr when a node has no name)
  bool votequorum = false;             // quorum.provider: corosync_votequorum
  bool two_node = false;               // quorum.two_node: 1
  bool qdevice = false;                // a quorum.device block with a model
  std::string qdevice_model;           // quorum.device.model (net)
};

CorosyncQuorum QuorumFromCorosyncConf(const CorosyncConf& conf, std::string_view source);

// The path corosync itself reads: $COROSYNC_MAIN_CONFIG_FILE, else /etc/corosync/corosync.conf.
std::string CorosyncConfPath();

// Reads and parses the file at `path` (the edge). kNotFound when it cannot be read.
std::expected<CorosyncQuorum, Error> ReadCorosyncQuorum(const std::string& path);

}  // namespace keel
