#pragma once
// What-if for `crm simulate`: changes to a CIB's status section as the cluster would record
// them (a node joining, leaving or failing; an operation's result), and the status after a
// transition has run with every action succeeding. Pure: the CIB model in, the CIB model out.

#include <expected>
#include <string>
#include <string_view>

#include "cli/simulate_options.h"
#include "crmd/scheduler/scheduler.h"
#include "xml/cib.h"

namespace keel {

// kUp: a member (in the membership, controller online, joined, expected).
// kDown: left cleanly (out of the membership, expected down; its history is gone).
// kFail: lost while expected as a member (unclean: what ran there needs fencing).
enum class NodeEvent { kUp, kDown, kFail };

// Sets the <node_state> of the configured node named `node` (created when missing). An
// error names the node when the configuration has none by that name.
std::expected<void, std::string> InjectNodeEvent(Cib& cib, std::string_view node, NodeEvent event);

// Records `op` as the executor would have at `now`: its last result, and for a failure the
// fail count and last-failure node attributes. An error when the node is not configured or
// no primitive has that id.
std::expected<void, std::string> InjectOpResult(Cib& cib, const OpInjection& op, TimePoint now);

// The status once every action of `transition` has run and succeeded at `now`: fenced nodes
// are down with no history, starts, stops, role changes and monitors are recorded.
void ApplyTransition(Cib& cib, const Transition& transition, TimePoint now);

}  // namespace keel
