#pragma once
// How a node knows a resource the scheduler names (pure). Anonymous clone instances ("p:1")
// run and are recorded on each node under the primitive's own id ("p"), as Pacemaker records
// them, so a node's history stays its own whichever instance number the scheduler gives it;
// the number reaches the agent as OCF_RESKEY_CRM_meta_clone.

#include <map>
#include <string>
#include <string_view>

#include "xml/cib.h"

namespace keel {

// A configured primitive: top level, in a group, or the child of a clone.
struct ConfiguredPrimitive {
  const Primitive* primitive = nullptr;  // nullptr: no such primitive
  const Clone* clone = nullptr;          // the clone whose child it is
};

// Finds primitive `id`; an instance id "p:N" finds the child "p" of a clone, or the member
// "p" of a cloned group (the scheduler's "p:N" is that member in group instance "g:N").
ConfiguredPrimitive FindConfiguredPrimitive(const Cib& cib, std::string_view id);

// What an action for the scheduler's `scheduler_id` is called on the node that runs it.
struct NodeResourceRef {
  std::string lrm_id;       // "p" for instance "p:1" of an anonymous clone, else the id itself
  int clone_instance = -1;  // 1 for "p:1"; -1 when not a clone instance
};
NodeResourceRef NodeResourceFor(const Cib& cib, std::string_view scheduler_id);

// The clone's OCF_RESKEY_CRM_meta_* values an instance's agent gets (names without the
// prefix, with '_'): clone, clone_max, clone_node_max, globally_unique, notify, and for
// promotable clones promotable, promoted_max, promoted_node_max (and their old master_*
// spellings, which agents still read).
std::map<std::string, std::string> CloneMeta(const Cib& cib, const Clone& clone, int instance);

// The nodes the DC's scheduler counts for clone-max's default: the configured ones and those
// that joined without being configured.
size_t ClusterNodeCount(const Cib& cib);

}  // namespace keel
