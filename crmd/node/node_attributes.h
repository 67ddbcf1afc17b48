#pragma once
// Transient (reboot-lifetime) node attributes, as Pacemaker's attrd keeps them
// (DESIGN.md, data flow 6 "attributes in").
//
// Every member applies every "attribute" bus message in CPG order, so every member holds the
// same newest value of each attribute of each node (what a query answers). Only the node the
// attribute belongs to writes it into the CIB: into its own node_state's transient
// attributes, which it then publishes like the rest of its status, so the value replicates
// and survives a DC change. With a dampening delay (attrd_updater -d) the write waits that
// long after the first change and then writes the newest value: changes in between are
// coalesced into one write. Private attributes (attrd_updater -p) are never written.
//
// A restarted crmd starts with an empty table and an empty node_state: a node loses its
// reboot-lifetime attributes when it restarts. A node that leaves the membership is
// forgotten here (its last node_state stays in the CIB until it comes back).
//
// Pure: no I/O, no clock (times are monotonic ms handed in), no logging; the node shell
// performs the writes and logs the lines it returns.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"

namespace keel {

struct AttributeUpdate {
  enum class Op { kSet, kDelete };
  Op op = Op::kSet;
  std::string node;  // the node the attribute belongs to
  std::string name;
  std::string value;                 // kSet only
  std::optional<int64_t> dampen_ms;  // nullopt: keep the attribute's current delay
  bool is_private = false;           // kept here only, never written to the CIB
  // This node's own change (Local) coming back on the bus: applied only when it is the newest
  // of this node's local changes of the attribute still on their way.
  bool own_echo = false;
};

// What the owner writes into its own node_state: a value, or nullopt to remove the attribute.
struct AttributeWrite {
  std::string name;
  std::optional<std::string> value;
  friend bool operator==(const AttributeWrite&, const AttributeWrite&) = default;
};

struct AttributeEffects {
  std::vector<AttributeWrite> writes;  // in order; the shell publishes once after them
  std::vector<std::string> logs;
  // Local changes for the other members' tables: the shell broadcasts them (own_echo set),
  // after publishing the writes.
  std::vector<AttributeUpdate> broadcasts;
};

// Why `name` cannot be an attribute name: empty, too long, or holding a control character
// (a newline would end a line of the bus framing). Any other character is kept verbatim.
std::optional<Error> CheckAttributeName(std::string_view name);
// Why `value` cannot be an attribute value: too long, or a control character other than tab
// and newline (XML cannot hold them). Quotes, shell metacharacters, newlines are kept.
std::optional<Error> CheckAttributeValue(std::string_view value);

// attrd's increments: "value++" is the current value plus 1, "value+=N" plus N (the first five
// characters are not checked, as attrd does not); the current value read as a score (missing or
// not a number: 0), the sum saturating at +/-INFINITY. Any other value is returned as it is.
std::string ExpandAttributeValue(const std::string& value,
                                 const std::optional<std::string>& current);

class NodeAttributes {
 public:
  explicit NodeAttributes(std::string self) : self_(std::move(self)) {}

  // An update delivered in CPG order, at monotonic time `now_ms`. Updates for this node
  // return their writes (now, or none when dampened); updates for other nodes only change
  // the table. Invalid names or values change nothing and say why in the logs.
  AttributeEffects Apply(const AttributeUpdate& update, int64_t now_ms);

  // This node's own change made here, not through the bus, so that it is in the node_state the
  // shell publishes next (fail counts and last failures, written with the failed result that
  // caused them): applied and written at once (no dampening; the value expanded, see
  // ExpandAttributeValue), and returned in `broadcasts` for the other members. Updates for
  // other nodes or private ones are refused (logged).
  AttributeEffects Local(const AttributeUpdate& update);

  // Writes whose dampening delay is over at `now_ms`.
  AttributeEffects Tick(int64_t now_ms);
  // The earliest pending write's time, if any.
  std::optional<int64_t> NextDue() const;

  // What the table knows of `node`'s attribute: nullopt when it has seen no update for it
  // (the CIB's status is then the answer); a Known with no value when it was deleted.
  struct Known {
    std::optional<std::string> value;
    bool is_private = false;
  };
  std::optional<Known> Find(const std::string& node, const std::string& name) const;
  // The names of this node's attributes the table holds with a value.
  std::vector<std::string> OwnNames() const;
  // Every attribute named `name` the table holds, by node.
  std::map<std::string, Known> FindAll(const std::string& name) const;

  // A membership change: the entries of nodes that are not `members` are forgotten (never
  // this node's own).
  void KeepOnly(const std::vector<std::string>& members);

  const std::string& self() const { return self_; }

 private:
  struct Entry {
    std::optional<std::string> value;  // nullopt: deleted
    bool is_private = false;
    int64_t dampen_ms = 0;
    std::optional<int64_t> due_ms;  // this node's pending write
    // This node's own attributes: what was last written to the CIB (nullopt: nothing).
    std::optional<std::string> written;
    int local_in_flight = 0;  // this node's Local changes not yet back from the bus
  };
  void WriteInto(const std::string& name, Entry& entry, AttributeEffects& fx);

  std::string self_;
  std::map<std::string, std::map<std::string, Entry>> nodes_;  // node -> name -> entry
};

}  // namespace keel
