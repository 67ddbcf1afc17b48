#include "cli/simulate_json.h"

#include <set>

#include "cli/json_writer.h"

namespace keel {
namespace {

const char* StateName(PlacementState s) {
  switch (s) {
    case PlacementState::kStarted: return "started";
    case PlacementState::kFailed: return "failed";
    case PlacementState::kStopped: break;
  }
  return "stopped";
}

void WriteResources(const Transition& t, JsonWriter& json) {
  json.Key("resources").BeginObject();
  for (const Placement& p : t.placements) {
    if (!p.clone.empty()) continue;  // instances are summed up under "clones"
    json.Key(p.resource).BeginObject();
    json.Key("state").String(StateName(p.state));
    // "node" is null when it is left active on several nodes: "nodes" lists them.
    json.Key("node");
    if (p.state == PlacementState::kStopped || p.next_node.empty() || p.next_nodes.size() > 1) {
      json.Null();
    } else {
      json.String(p.next_node);
    }
    json.Key("nodes").BeginArray();
    for (const std::string& n : p.next_nodes) json.String(n);
    json.EndArray();
    json.Key("group");
    p.group.empty() ? json.Null() : json.String(p.group);
    json.Key("agent").String(p.agent);
    json.Key("current").BeginArray();
    for (const std::string& n : p.current_nodes) json.String(n);
    json.EndArray();
    json.Key("managed").Bool(p.managed);
    json.Key("blocked").Bool(p.blocked);
    json.Key("change").String(p.change);
    json.Key("reason").String(p.reason);
    json.EndObject();
  }
  json.EndObject();
}

void WriteNodeSet(const char* key, std::set<std::string> nodes, JsonWriter& json) {
  json.Key(key).BeginArray();
  for (const std::string& n : nodes) json.String(n);
  json.EndArray();
}

// Per clone, the nodes where an instance ends started, promoted, unpromoted (instances of a
// promotable clone) or failed, and its instances one by one.
void WriteClones(const Transition& t, JsonWriter& json) {
  if (t.clones.empty()) return;
  json.Key("clones").BeginObject();
  for (const CloneSummary& c : t.clones) {
    std::set<std::string> started, promoted, unpromoted, failed;
    json.Key(c.id).BeginObject();
    json.Key("primitive").String(c.primitive);
    json.Key("agent").String(c.agent);
    if (c.of_group) json.Key("group").Bool(true);  // "primitive" names the group
    json.Key("instances").BeginObject();
    for (const Placement& p : t.placements) {
      if (p.clone != c.id) continue;
      if (p.state == PlacementState::kStarted) {
        (p.role == "Promoted"     ? promoted
         : p.role == "Unpromoted" ? unpromoted
                                  : started)
            .insert(p.next_nodes.begin(), p.next_nodes.end());
      }
      if (p.state == PlacementState::kFailed)
        failed.insert(p.next_nodes.begin(), p.next_nodes.end());
      json.Key(p.resource).BeginObject();
      json.Key("state").String(StateName(p.state));
      json.Key("node");
      p.state == PlacementState::kStopped || p.next_nodes.size() > 1 ? json.Null()
                                                                     : json.String(p.next_node);
      json.Key("nodes").BeginArray();
      for (const std::string& n : p.next_nodes) json.String(n);
      json.EndArray();
      json.Key("role");
      p.role.empty() ? json.Null() : json.String(p.role);
      json.Key("current").BeginArray();
      for (const std::string& n : p.current_nodes) json.String(n);
      json.EndArray();
      json.Key("current_role");
      p.current_role.empty() ? json.Null() : json.String(p.current_role);
      json.Key("change").String(p.change);
      json.Key("reason").String(p.reason);
      json.EndObject();
    }
    json.EndObject();
    for (const std::string& n : failed) {
      started.erase(n);
      promoted.erase(n);
      unpromoted.erase(n);
    }
    for (const std::string& n : promoted) {
      started.erase(n);
      unpromoted.erase(n);
    }
    json.Key("promotable").Bool(c.promotable);
    WriteNodeSet("started", started, json);
    WriteNodeSet("promoted", promoted, json);
    WriteNodeSet("unpromoted", unpromoted, json);
    WriteNodeSet("failed", failed, json);
    json.EndObject();
  }
  json.EndObject();
}

void WriteActions(const Transition& t, JsonWriter& json) {
  json.Key("actions").BeginArray();
  for (size_t i = 0; i < t.actions.size(); ++i) {
    const Action& a = t.actions[i];
    json.BeginObject();
    json.Key("id").Int(static_cast<int64_t>(i));
    json.Key("key").String(a.Key());
    json.Key("action").String(a.task);
    json.Key("resource");
    a.resource.empty() ? json.Null() : json.String(a.resource);
    json.Key("node").String(a.node);
    json.Key("interval_ms").Int(a.interval_ms);
    json.Key("timeout_ms").Int(a.timeout_ms);
    json.Key("reason").String(a.reason);
    if (!a.meta.empty()) {  // a notification's variables
      json.Key("meta").BeginObject();
      for (const auto& [name, value] : a.meta) json.Key(name).String(value);
      json.EndObject();
    }
    json.EndObject();
  }
  json.EndArray();
  json.Key("edges").BeginArray();
  for (const Edge& e : t.edges) json.BeginArray().Int(e.first).Int(e.then).EndArray();
  json.EndArray();
}

void WriteScores(const Transition& t, JsonWriter& json) {
  json.Key("scores").BeginObject();
  for (const ResourceScores& rs : t.scores) {
    json.Key(rs.resource).BeginObject();
    json.Key("decision").String(rs.decision);
    json.Key("nodes").BeginObject();
    for (const NodeScore& ns : rs.nodes) {
      json.Key(ns.node).BeginObject();
      json.Key("score").String(ns.total.ToString());
      json.Key("can_run").Bool(ns.can_run);
      json.Key("contributions").BeginArray();
      for (const ScoreContribution& c : ns.contributions) {
        json.BeginObject().Key("source").String(c.source).Key("score").String(c.score.ToString());
        json.EndObject();
      }
      json.EndArray().EndObject();
    }
    json.EndObject().EndObject();
  }
  json.EndObject();
}

}  // namespace

void WriteTransitionJson(const Transition& t, std::ostream& out) {
  JsonWriter json(out);
  json.BeginObject();
  WriteResources(t, json);
  WriteClones(t, json);
  json.Key("fenced").BeginArray();
  for (const FenceDecision& f : t.fenced) json.String(f.node);
  json.EndArray();
  json.Key("fencing").BeginArray();
  for (const FenceDecision& f : t.fenced) {
    json.BeginObject().Key("node").String(f.node).Key("action").String(f.action);
    json.Key("reason").String(f.reason).EndObject();
  }
  json.EndArray();
  WriteActions(t, json);
  if (!t.scores.empty()) WriteScores(t, json);
  json.Key("notes").BeginArray();
  for (const std::string& n : t.notes) json.String(n);
  json.EndArray();
  json.EndObject();
  out << "\n";
}

}  // namespace keel
