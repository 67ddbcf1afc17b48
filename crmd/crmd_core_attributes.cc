// CrmdCore's attribute routing: NodeAttributes (crmd/node/node_attributes.h) and the status
// attributes (crmd/node/status_attributes.h) decide; this performs what they return.
// Updates go out as "attribute" bus messages and are applied on delivery, in CPG order; this
// node's own attributes are written into its node_state and published; the acting DC plans
// again when a member's node_state arrives with changed attributes.

#include <charconv>

#include "crmd/cib/cib_document.h"
#include "crmd/crmd_core.h"
#include "crmd/node/cib_options.h"
#include "crmd/node/fail_counts.h"
#include "crmd/node/status_attributes.h"

namespace keel {

void CrmdCore::RequestAttributeUpdate(RequestId request, AttributeUpdate update) {
  auto refuse = [&](const std::string& why) {
    sinks_.answer(request, std::unexpected(Error{ErrorCode::kInvalid, why, ""}));
  };
  if (update.node.empty()) update.node = SelfName();
  if (update.op == AttributeUpdate::Op::kSet && !CheckAttributeName(update.name)) {
    // attrd's value++ / value+=N against the value held now.
    auto current = QueryAttribute(update.node, update.name);
    update.value = ExpandAttributeValue(
        update.value, current.empty() ? std::nullopt : std::optional(current.front().second));
  }
  auto m = AttributeUpdateMessage(std::move(update), nodes_.Names(member_.members()), SelfName(),
                                  request);
  if (!m) return refuse(m.error());
  if (auto sent = bus_.Send(Encode(*m)); !sent) {
    sinks_.log("bus: attribute update not sent: " + sent.error().message);
    return refuse("the attribute update was not sent: " + sent.error().message);
  }
}

void CrmdCore::OnAttribute(NodeId from, const AttributeMessage& m) {
  AttributeUpdate update{m.op == "set" ? AttributeUpdate::Op::kSet : AttributeUpdate::Op::kDelete,
                         m.node,
                         m.name,
                         m.value,
                         m.dampen_ms,
                         m.is_private,
                         m.origin == SelfName() && m.request.empty()};
  if (m.node == SelfName() && !update.own_echo) {
    sinks_.log("attributes: " + nodes_.Name(from) + " " + m.op + "s " + m.name + " of " + m.node +
               (m.dampen_ms ? " (dampen " + std::to_string(*m.dampen_ms) + " ms)" : ""));
  }
  PerformAttributes(attributes_.Apply(update, MonoNow()));
  if (m.origin != SelfName() || m.request.empty()) return;
  RequestId request = 0;
  auto [end, ec] = std::from_chars(m.request.data(), m.request.data() + m.request.size(), request);
  if (ec == std::errc() && end == m.request.data() + m.request.size()) {
    sinks_.answer(request, std::string());
  }
}

void CrmdCore::PerformAttributes(AttributeEffects fx) {
  for (const std::string& line : fx.logs) {
    sinks_.log(line);
  }
  if (fx.writes.empty()) return;
  LrmEffects last;
  std::vector<AlertEvent> alerts;
  for (const AttributeWrite& w : fx.writes) {
    last = lrm_.SetAttribute(w.name, w.value);
    alerts.push_back(AttributeAlert(SelfName(), w.name, w.value));
  }
  PerformLrm(std::move(last));  // one publish for them all
  RaiseAlerts(alerts);
}

void CrmdCore::ApplyLocalAttributes(const std::vector<AttributeUpdate>& updates, LrmEffects& fx) {
  bool wrote = false;
  for (const AttributeUpdate& update : updates) {
    AttributeEffects a = attributes_.Local(update);
    fx.logs.insert(fx.logs.end(), a.logs.begin(), a.logs.end());
    for (const AttributeWrite& w : a.writes) {
      lrm_.SetAttribute(w.name, w.value);
      fx.alerts.push_back(AttributeAlert(SelfName(), w.name, w.value));
      wrote = true;
    }
    for (const AttributeUpdate& b : a.broadcasts) {
      fx.sends.push_back(
          Encode(AttributeMessage{b.op == AttributeUpdate::Op::kSet ? "set" : "delete", b.node,
                                  b.name, b.value, std::nullopt, false, SelfName(), ""}));
    }
  }
  if (wrote) fx.publish = lrm_.StateXml();
}

LrmEffects CrmdCore::WithFailureAttributes(LrmEffects fx) {
  if (fx.failures.empty()) return fx;
  auto model = Model();
  bool fatal = !model || StartFailureIsFatal(**model);
  std::vector<AttributeUpdate> updates;
  for (const ActionResult& failed : fx.failures) {
    bool ignore = model && OnFailIgnored(**model, failed.rsc_id, failed.action, failed.interval_ms);
    auto more = FailureUpdates(SelfName(), failed, fatal, ignore, Now());
    updates.insert(updates.end(), more.begin(), more.end());
  }
  fx.failures.clear();
  ApplyLocalAttributes(updates, fx);
  return fx;
}

LrmEffects CrmdCore::WithoutFailureAttributes(const std::vector<std::string>& rscs, LrmEffects fx) {
  ApplyLocalAttributes(FailureDeletions(SelfName(), attributes_.OwnNames(), rscs), fx);
  return fx;
}

void CrmdCore::CheckAttributes(int64_t mono_ms) { PerformAttributes(attributes_.Tick(mono_ms)); }

std::vector<std::pair<std::string, std::string>> CrmdCore::QueryAttribute(
    const std::string& node, const std::string& name) const {
  return AttributeValues(member_.cib(), attributes_, node.empty() ? SelfName() : node, name);
}

std::map<std::string, std::string> CrmdCore::RuleAttributesOf(NodeId id) const {
  return RuleAttributes(FindNodeState(member_.cib(), std::to_string(id)));
}

void CrmdCore::NoteAttributeChanges(NodeId from, const std::map<std::string, std::string>& before) {
  if (!dc_.acting()) return;
  std::map<std::string, std::string> after = RuleAttributesOf(from);
  if (after == before) return;
  dc_.Replan(nodes_.Name(from) + "'s attributes changed (" + ChangedAttributeNames(before, after) +
             ")");
}

}  // namespace keel
