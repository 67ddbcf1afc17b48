#pragma once
// Notifications of clones with notify=true (internal to the scheduler). Around each of the
// clone's demote, stop, start and promote operations of a transition, a "pre" notify runs on
// every instance active before the operation and a "post" notify on every instance active
// after it, each carrying the variables agents read (OCF_RESKEY_CRM_meta_notify_*). The
// phases follow one another: demote, stop, start, promote (each phase's post-notifies before
// the next phase's pre-notifies).

#include <string>
#include <utility>
#include <vector>

#include "crmd/scheduler/working_set.h"

namespace keel {

// One instance with its node, as a notify list names it ("p:1" on "node2").
struct NotifyEntry {
  std::string resource;
  std::string node;
  friend auto operator<=>(const NotifyEntry&, const NotifyEntry&) = default;
};

// What one clone does in a transition, as its notifications describe it.
struct NotifyData {
  std::vector<NotifyEntry> active;    // active now (any role)
  std::vector<std::string> inactive;  // instances active nowhere now
  std::vector<NotifyEntry> start, stop, promote, demote;
  std::vector<NotifyEntry> promoted, unpromoted;  // roles now (promotable clones)
  std::vector<std::string> all_nodes;             // every node of the configuration
};

// The meta variables (names without OCF_RESKEY_CRM_meta_) of one notify action, sorted by
// name: notify_type and notify_operation, and for every list both its resource and its uname
// form; an empty list is a single space, as Pacemaker gives it.
std::vector<std::pair<std::string, std::string>> NotifyMeta(const NotifyData& data,
                                                            const std::string& type,
                                                            const std::string& operation);

// What clone `clone` (an index into ws.clones) does in the planned transition.
NotifyData CloneNotifyData(const WorkingSet& ws, int clone);

// Adds the notify actions of every clone with notify=true to `t` (its actions still in
// creation order, its edges indices into them) with the edges that put them around the
// clone's operations; `fences` gives each node's fence action index or -1 (what runs on a
// fenced node stops with the fencing, and its notifications follow the fence).
void AddCloneNotifications(const WorkingSet& ws, const std::vector<int>& fences, Transition& t);

}  // namespace keel
