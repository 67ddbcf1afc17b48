#pragma once
// This node's resource manager: runs the actions asked of this node on the executor, keeps
// the node's lrm history (its node_state's operations) and reports every result
// on the bus. It plans nothing and knows no DC.
//
// Pure apart from the executor's submit function: it returns what to publish, send and log,
// in that order (a node's status precedes its result on the bus: the DC re-plans from it).

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "crmd/alerts/alert_events.h"
#include "crmd/executor/action.h"
#include "crmd/node/node_directory.h"
#include "crmd/protocol/bus_messages.h"
#include "xml/cib.h"
#include "xml/xml_node.h"

namespace keel {

struct LrmEffects {
  std::vector<std::string> logs;
  std::optional<XmlNode> publish;  // this node's node_state changed: replicate it
  // Without `publish`: only these resources' history changed (an action begun, a result):
  // the shell replicates their entries (ResourceXml), not the whole state. At 1,000
  // resources on a node the whole state was rebuilt and diffed after every result.
  std::vector<std::string> publish_resources;
  std::vector<std::string> sends;  // result messages, after the node_state
  std::vector<AlertEvent> alerts;  // resource events of the results (not cancellations)
  // Failed results: the shell has the attribute component raise their fail counts and last
  // failures (crmd/node/fail_counts.h) into this node's state before it publishes it.
  std::vector<ActionResult> failures;
};

class LocalResources {
 public:
  using Submit = std::function<std::expected<int, Error>(const ActionRequest& request)>;
  // `submit` unset: this node runs no resources (actions are ignored). `now_s`: epoch
  // seconds for the history; unset: 0.
  LocalResources(const NodeDirectory& nodes, Submit submit, std::function<int64_t()> now_s);

  const NodeState& history() const { return own_; }
  // Resources started here (or whose start is under way), sorted.
  std::vector<std::string> Active() const;
  // Nothing runs, starts, stops or failed here, and no one-shot action is under way: this
  // node may leave the cluster without its resources being in doubt. Else what holds it.
  std::vector<std::string> Unsettled() const;
  // Sets one of this node's transient attributes (e.g. "shutdown"), or removes it (nullopt),
  // and publishes its state.
  LrmEffects SetAttribute(const std::string& name, const std::optional<std::string>& value);
  // This node's node_state as the CIB status holds it.
  XmlNode StateXml() const;
  // One resource's lrm_resource element as StateXml writes it; nullopt without history.
  std::optional<XmlNode> ResourceXml(std::string_view rsc) const;

  // Runs `m` (addressed to this node) with the resource's configuration from `cib`.
  LrmEffects Run(const ActionMessage& m, const Cib& cib);
  // A "cancel" action (maintenance): the caller has cancelled the recurring monitor on the
  // executor (`was_running` whether there was one); recorded as cancelled and reported done.
  LrmEffects Cancelled(const ActionMessage& m, bool was_running);
  // A clear_failcount action: the resource's newest failure is dropped from the history and
  // the action reported done (the caller deletes its fail counts and last failures).
  LrmEffects ClearFailure(const ActionMessage& m);
  // `m` cannot run: reported as a result with this rc, status and reason.
  LrmEffects Fail(const ActionMessage& m, int rc, OpStatus status, const std::string& reason);
  // The executor's result for a call id returned by submit; `known` false when it is not ours.
  LrmEffects OnExecutorResult(const ActionResult& result, bool& known);
  // crm resource cleanup: history of `rscs` forgotten (their fail counts are the attribute
  // component's), state published.
  LrmEffects Forget(const std::vector<std::string>& rscs);
  // A cleanup's probe (monitor, interval 0, no transition): its call id, or why not.
  std::expected<int, Error> Probe(const Cib& cib, const std::string& rsc, int64_t timeout_ms);

 private:
  struct Pending {
    std::string key;  // "" once reported (recurring monitors report changes without a key)
    AgentSpec agent;
    int expected_rc = 0;
    bool recurring = false;
  };
  void ReportInto(const ActionResult& result, const Pending& pending, LrmEffects& fx);
  void ReportNotify(const ActionResult& result, const Pending& pending, LrmEffects& fx);
  int64_t Now() const { return now_s_ ? now_s_() : 0; }

  const NodeDirectory& nodes_;
  Submit submit_;
  std::function<int64_t()> now_s_;
  NodeState own_;                   // this node's lrm history and transient attributes
  std::map<int, Pending> pending_;  // by executor call id
};

}  // namespace keel
