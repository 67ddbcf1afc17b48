#include "cli/status_view.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <set>

#include "xml/base/ocf_rc.h"
#include "xml/duration.h"
#include "xml/xml_node.h"

namespace keel {

namespace {

struct StatusPrimitive {
  const XmlNode* primitive = nullptr;
  std::string clone;  // id of the clone it is the child of
  bool promotable = false;
  std::string group;  // id of the group it is a member of inside `clone`
  bool unique = false;  // the clone is globally-unique
};

// Whether the clone's meta attribute `name` is true.
bool CloneMetaTrue(const XmlNode& clone, std::string_view name) {
  for (const XmlNode& meta : clone.children) {
    if (meta.name != "meta_attributes") continue;
    for (const XmlNode& nv : meta.children) {
      if (nv.AttrOr("name") != name) continue;
      const std::string v = nv.AttrOr("value");
      return v == "true" || v == "yes" || v == "on" || v == "1" || v == "y";
    }
  }
  return false;
}

// <master>, or a clone with meta promotable=true.
bool PromotableClone(const XmlNode& clone) {
  return clone.name == "master" || CloneMetaTrue(clone, "promotable");
}

void CollectPrimitives(const XmlNode& node, std::vector<StatusPrimitive>& out,
                       const std::string& clone = "", bool promotable = false,
                       const std::string& group = "", bool unique = false) {
  for (const XmlNode& child : node.children) {
    if (child.name == "primitive") {
      out.push_back(StatusPrimitive{&child, clone, promotable, group, unique});
    } else if (child.name == "group") {
      CollectPrimitives(child, out, clone, promotable, clone.empty() ? "" : child.AttrOr("id"),
                        unique);
    } else if (child.name == "clone" || child.name == "master") {
      CollectPrimitives(child, out, child.AttrOr("id"), PromotableClone(child), "",
                        CloneMetaTrue(child, "globally-unique"));
    }
  }
}

// Whether lrm_resource `lrm_id` records `rsc`: its own id, or for a clone's child also an
// instance id "rsc:N" (anonymous instances are recorded as "rsc", Pacemaker's older ones as
// "rsc:N").
bool RecordsResource(std::string_view lrm_id, const StatusResource& rsc) {
  if (lrm_id == rsc.id) return true;
  if (rsc.clone.empty() || !lrm_id.starts_with(rsc.id + ":")) return false;
  std::string_view n = lrm_id.substr(rsc.id.size() + 1);
  return !n.empty() && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string AgentOf(const XmlNode& primitive) {
  std::string agent = primitive.AttrOr("class");
  if (primitive.HasAttr("provider")) agent += ":" + primitive.AttrOr("provider");
  return agent + ":" + primitive.AttrOr("type");
}

enum class RscState {
  kUnknown,
  kRunning,
  kRunningPromoted,
  kStopped,
  kFailed,
  kStarting,
  kStopping,
  kRunningFailureIgnored,  // its newest operation failed, configured with on-fail=ignore
};

// The state a resource's operation history on one node implies: an operation in flight
// (op-status -1, call-id -1: newer than any other), else its latest operation by call-id.
// Whether `op` (an lrm_rsc_op) is of an operation `primitive` configures with on-fail=ignore:
// the scheduler counts such a failed operation as done.
bool FailureIgnored(const XmlNode& primitive, const XmlNode& op) {
  const XmlNode* ops = primitive.Child("operations");
  if (ops == nullptr) return false;
  for (const XmlNode& c : ops->children) {
    if (c.name != "op" || c.AttrOr("name") != op.AttrOr("operation")) continue;
    auto interval = ParseDurationMs(c.AttrOr("interval", "0"));
    if (interval && std::to_string(*interval) == op.AttrOr("interval", "0")) {
      return c.AttrOr("on-fail") == "ignore";
    }
  }
  return false;
}

RscState StateFromOps(const XmlNode& lrm_resource, const XmlNode& primitive) {
  const XmlNode* last = nullptr;
  long long last_call = -1;
  for (const XmlNode& op : lrm_resource.children) {
    if (op.name != "lrm_rsc_op") continue;
    if (op.AttrOr("op-status") == "-1") {
      if (op.AttrOr("operation") == "start") return RscState::kStarting;
      if (op.AttrOr("operation") == "stop") return RscState::kStopping;
    }
    long long call = std::atoll(op.AttrOr("call-id", "0").c_str());
    if (call >= last_call) {
      last_call = call;
      last = &op;
    }
  }
  if (last == nullptr) return RscState::kUnknown;
  std::string operation = last->AttrOr("operation");
  int rc = std::atoi(last->AttrOr("rc-code", "0").c_str());
  const bool ignored = FailureIgnored(primitive, *last);
  if (operation == "stop") return rc == 0 || ignored ? RscState::kStopped : RscState::kFailed;
  if (rc == ocf_rc::kNotRunning) return RscState::kStopped;
  if (rc == ocf_rc::kRunningPromoted) return RscState::kRunningPromoted;
  if (rc == ocf_rc::kOk)
    return operation == "promote" ? RscState::kRunningPromoted : RscState::kRunning;
  return ignored ? RscState::kRunningFailureIgnored : RscState::kFailed;
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + JsonString(items[i]);
  return out + "]";
}

std::string Bracketed(const std::vector<std::string>& names) {
  std::string out = "[";
  for (const std::string& n : names) out += " " + n;
  return out + " ]";
}

// A promotable clone set's instances by role, as crm_mon lists them.
std::string RolesText(const StatusResource& r) {
  std::vector<std::string> unpromoted;
  for (const std::string& n : r.running_on) {
    if (!std::binary_search(r.promoted_on.begin(), r.promoted_on.end(), n)) unpromoted.push_back(n);
  }
  std::string out;
  if (!r.promoted_on.empty()) out += "    Promoted: " + Bracketed(r.promoted_on) + "\n";
  if (!unpromoted.empty()) out += "    Unpromoted: " + Bracketed(unpromoted) + "\n";
  return out;
}

void AddInstanceNode(StatusResource& r, const std::string& id, const std::string& node) {
  for (auto& [instance, nodes] : r.instances) {
    if (instance == id) return nodes.push_back(node);
  }
  r.instances.emplace_back(id, std::vector<std::string>{node});
}

// The running instances of a globally-unique clone, one line each.
std::string InstancesText(const StatusResource& r) {
  std::string out;
  for (const auto& [id, nodes] : r.instances)
    out += "    " + id + ": Started " + Bracketed(nodes) + "\n";
  return out;
}

// The members of the cloned group that starts at resources[first] (they are adjacent).
std::vector<const StatusResource*> GroupMembers(const std::vector<StatusResource>& resources,
                                                size_t first) {
  std::vector<const StatusResource*> out;
  for (size_t i = first; i < resources.size() && resources[i].clone == resources[first].clone &&
                         resources[i].group == resources[first].group;
       ++i) {
    out.push_back(&resources[i]);
  }
  return out;
}

// A cloned group's instances by node: where every member runs, and where only some do.
struct GroupInstances {
  std::vector<std::string> started;
  std::vector<std::string> partial;
  std::vector<std::string> failed;  // a member's last operation failed there
};

GroupInstances InstancesOf(const std::vector<const StatusResource*>& members) {
  std::map<std::string, size_t> running;
  std::set<std::string> failed;
  for (const StatusResource* m : members) {
    for (const std::string& n : m->running_on) ++running[n];
    failed.insert(m->failed_on.begin(), m->failed_on.end());
  }
  GroupInstances out;
  for (const auto& [node, count] : running) {
    (count == members.size() && !failed.contains(node) ? out.started : out.partial).push_back(node);
  }
  out.failed.assign(failed.begin(), failed.end());
  return out;
}

std::string MemberText(const StatusResource& r) {
  std::string out = r.running_on.empty() ? "Stopped" : "Started " + Bracketed(r.running_on);
  if (!r.starting_on.empty()) out += ", starting on " + Bracketed(r.starting_on);
  if (!r.stopping_on.empty()) out += ", stopping on " + Bracketed(r.stopping_on);
  if (!r.failed_on.empty()) out += ", FAILED on " + Bracketed(r.failed_on);
  if (!r.last_seen_on.empty()) out += ", last seen on offline " + Bracketed(r.last_seen_on);
  if (!r.failure_ignored_on.empty())
    out += " (failure ignored on " + Bracketed(r.failure_ignored_on) + ")";
  return out;
}

// "Clone Set: c [g] (group): Started [ n1 n2 ], partly on [ n3 ]" and a line per member.
std::string ClonedGroupText(const std::vector<const StatusResource*>& members) {
  GroupInstances instances = InstancesOf(members);
  std::string out =
      "  Clone Set: " + members.front()->clone + " [" + members.front()->group + "] (group): ";
  out += instances.started.empty() ? "Stopped" : "Started " + Bracketed(instances.started);
  if (!instances.partial.empty()) out += ", partly on " + Bracketed(instances.partial);
  out += "\n";
  for (const StatusResource* m : members) {
    out += "    " + m->id + " (" + m->agent + "): " + MemberText(*m) + "\n";
  }
  return out;
}

std::string InstancesJson(const StatusResource& r) {
  std::string out = "[";
  for (size_t i = 0; i < r.instances.size(); ++i) {
    out += std::string(i ? "," : "") + "{\"id\":" + JsonString(r.instances[i].first) +
           ",\"running_on\":" + JsonList(r.instances[i].second) + "}";
  }
  return out + "]";
}

std::string ResourceJson(const StatusResource& r) {
  return "{\"id\":" + JsonString(r.id) + ",\"agent\":" + JsonString(r.agent) +
         ",\"clone\":" + (r.clone.empty() ? "null" : JsonString(r.clone)) +
         ",\"running_on\":" + JsonList(r.running_on) + ",\"failed_on\":" + JsonList(r.failed_on) +
         ",\"last_seen_on\":" + JsonList(r.last_seen_on) +
         ",\"starting_on\":" + JsonList(r.starting_on) +
         ",\"stopping_on\":" + JsonList(r.stopping_on) +
         ",\"failure_ignored_on\":" + JsonList(r.failure_ignored_on) +
         (r.promotable ? ",\"promoted_on\":" + JsonList(r.promoted_on) : std::string()) +
         (r.unique ? ",\"instances\":" + InstancesJson(r) : std::string()) + "}";
}

// One entry for the clone set: its group instances by node, then its members.
std::string ClonedGroupJson(const std::vector<const StatusResource*>& members) {
  GroupInstances instances = InstancesOf(members);
  std::string out = "{\"id\":" + JsonString(members.front()->group) +
                    ",\"group\":true,\"clone\":" + JsonString(members.front()->clone) +
                    ",\"running_on\":" + JsonList(instances.started) +
                    ",\"partial_on\":" + JsonList(instances.partial) +
                    ",\"failed_on\":" + JsonList(instances.failed) + ",\"members\":[";
  for (size_t i = 0; i < members.size(); ++i) out += (i ? "," : "") + ResourceJson(*members[i]);
  return out + "]}";
}

}  // namespace

std::expected<std::string, Error> OfflineStatusReport(std::string_view cib_xml,
                                                      std::string_view source) {
  auto cib = ParseXml(cib_xml, std::string(source));
  if (!cib) return std::unexpected(cib.error());
  XmlNode report;
  report.name = "crmd_status";
  report.SetAttr("local_name", "(" + std::string(source) + ")");
  report.SetAttr(
      "quorate",
      cib->AttrOr("have-quorum") == "1" || cib->AttrOr("have-quorum") == "true" ? "true" : "false");
  report.SetAttr("synced", "true");
  report.SetAttr("cib_version", cib->AttrOr("admin_epoch", "0") + "." + cib->AttrOr("epoch", "0") +
                                    "." + cib->AttrOr("num_updates", "0"));
  std::vector<std::pair<std::string, std::string>> nodes;  // id, name in first-seen order
  auto add = [&](const std::string& id, const std::string& name) {
    for (const auto& [i, n] : nodes) {
      if (i == id || n == name) return;
    }
    nodes.emplace_back(id, name);
  };
  const XmlNode* config = cib->Child("configuration");
  if (const XmlNode* listed = config ? config->Child("nodes") : nullptr) {
    for (const XmlNode& n : listed->children) {
      if (n.name == "node") add(n.AttrOr("id"), n.AttrOr("uname", n.AttrOr("id")));
    }
  }
  std::map<std::string, bool> online;
  if (const XmlNode* status = cib->Child("status")) {
    for (const XmlNode& s : status->children) {
      if (s.name != "node_state") continue;
      add(s.AttrOr("id"), s.AttrOr("uname", s.AttrOr("id")));
      online[s.AttrOr("id")] = s.AttrOr("in_ccm") == "true" && s.AttrOr("crmd") == "online";
    }
  }
  for (const auto& [id, name] : nodes) {
    XmlNode& n = report.AddChild("node");
    n.SetAttr("id", id);
    n.SetAttr("name", name);
    n.SetAttr("online", online[id] ? "true" : "false");
    if (id == cib->AttrOr("dc-uuid")) report.SetAttr("dc_name", name);
  }
  return SerializeXml(report);
}

std::expected<ClusterStatusView, Error> BuildStatusView(std::string_view status_xml,
                                                        std::string_view cib_xml) {
  auto report = ParseXml(status_xml, "crmd status");
  if (!report) return std::unexpected(report.error());
  auto cib = ParseXml(cib_xml, "CIB");
  if (!cib) return std::unexpected(cib.error());
  ClusterStatusView view;
  view.local = report->AttrOr("local_name");
  view.dc = report->AttrOr("dc_name");
  view.quorate = report->AttrOr("quorate") == "true";
  view.synced = report->AttrOr("synced") == "true";
  view.cib_version = report->AttrOr("cib_version");
  auto count = [&](std::string_view attr) -> std::optional<int> {
    const auto text = report->Attr(attr);
    if (!text) return std::nullopt;
    int value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
    return value;
  };
  view.node_action_limit = count("node_action_limit");
  view.agents_running = count("agents_running");
  view.actions_waiting = count("actions_waiting");
  view.agents_allowed = count("agents_allowed");
  view.load_level = report->AttrOr("load_level");
  view.load_per_core = report->AttrOr("load_per_core");
  // Written into the JSON as a number: digits and a point only.
  if (view.load_per_core.find_first_not_of("0123456789.") != std::string::npos ||
      view.load_per_core.find_first_of("0123456789") != 0) {
    view.load_per_core.clear();
  }
  view.load_threshold = report->AttrOr("load_threshold");
  if (const XmlNode* config = cib->Child("configuration")) {
    if (const XmlNode* crm_config = config->Child("crm_config")) {
      for (const XmlNode& set : crm_config->children) {
        for (const XmlNode& pair : set.children) {
          if (pair.AttrOr("name") == "batch-limit" && view.batch_limit.empty()) {
            view.batch_limit = pair.AttrOr("value");
          }
        }
      }
    }
  }
  std::map<std::string, std::string> name_of_id;
  std::map<std::string, bool> online_by_name;
  for (const XmlNode& n : report->children) {
    if (n.name != "node") continue;
    view.nodes.push_back(StatusNode{n.AttrOr("id"), n.AttrOr("name"), n.AttrOr("online") == "true"});
    name_of_id[n.AttrOr("id")] = n.AttrOr("name");
    online_by_name[n.AttrOr("name")] = n.AttrOr("online") == "true";
  }
  std::vector<StatusPrimitive> primitives;
  if (const XmlNode* config = cib->Child("configuration")) {
    if (const XmlNode* resources = config->Child("resources")) CollectPrimitives(*resources, primitives);
  }
  const XmlNode* status = cib->Child("status");
  for (const StatusPrimitive& p : primitives) {
    StatusResource r{p.primitive->AttrOr("id"), AgentOf(*p.primitive), p.clone, {}, {}, {}, {}, {}};
    r.promotable = p.promotable;
    r.group = p.group;
    r.unique = p.unique;
    for (const XmlNode& state : status ? status->children : std::vector<XmlNode>{}) {
      if (state.name != "node_state") continue;
      std::string node = state.AttrOr("uname", name_of_id[state.AttrOr("id")]);
      const XmlNode* lrm = state.Child("lrm");
      const XmlNode* lrm_resources = lrm ? lrm->Child("lrm_resources") : nullptr;
      if (lrm_resources == nullptr) continue;
      for (const XmlNode& lr : lrm_resources->children) {
        if (lr.name != "lrm_resource" || !RecordsResource(lr.AttrOr("id"), r)) continue;
        RscState s = StateFromOps(lr, *p.primitive);
        // An offline node's history is what it last reported, not what runs there now.
        bool offline = online_by_name.contains(node) && !online_by_name[node];
        if (s == RscState::kRunningFailureIgnored) {
          if (!offline) r.failure_ignored_on.push_back(node);
          s = RscState::kRunning;
        }
        if (s == RscState::kStopping && !offline) r.stopping_on.push_back(node);
        if (s == RscState::kStarting && !offline) r.starting_on.push_back(node);
        if (s == RscState::kRunningPromoted && !offline) r.promoted_on.push_back(node);
        if (s == RscState::kRunningPromoted) s = RscState::kRunning;
        if (s == RscState::kRunning || s == RscState::kStopping) {
          (offline ? r.last_seen_on : r.running_on).push_back(node);
          if (r.unique && !offline) AddInstanceNode(r, lr.AttrOr("id"), node);
        }
        if (s == RscState::kFailed && !offline) r.failed_on.push_back(node);
      }
    }
    for (auto* nodes : {&r.running_on, &r.failed_on, &r.last_seen_on, &r.starting_on,
                        &r.stopping_on, &r.promoted_on, &r.failure_ignored_on}) {
      std::sort(nodes->begin(), nodes->end());
    }
    for (auto& [id, nodes] : r.instances) std::sort(nodes.begin(), nodes.end());
    std::sort(r.instances.begin(), r.instances.end());
    view.resources.push_back(std::move(r));
  }
  if (status != nullptr) AddFailures(*status, view);
  AddNodeAttributes(*cib, view);
  return view;
}

std::string RenderStatusText(const ClusterStatusView& v) {
  std::string out = "Cluster (seen from " + v.local + "):\n";
  out += "  DC: " + (v.dc.empty() ? std::string("none") : v.dc) + "\n";
  out += std::string("  Quorum: ") + (v.quorate ? "partition with quorum" : "partition WITHOUT quorum") + "\n";
  out += "  CIB: version " + v.cib_version + (v.synced ? "" : " (synchronizing)") + "\n";
  if (!v.load_level.empty() && v.load_level != "none") {
    auto number = [](const std::optional<int>& n) { return n ? std::to_string(*n) : "?"; };
    out += "  Throttled: load " + v.load_level + " (" + v.load_per_core +
           " per core, load-threshold " + v.load_threshold + "): " + number(v.agents_allowed) +
           " of " + number(v.node_action_limit) + " agents at once, " + number(v.actions_waiting) +
           " waiting\n";
  }
  std::vector<std::string> online, offline;
  for (const StatusNode& n : v.nodes) (n.online ? online : offline).push_back(n.name);
  out += "\nNodes:\n  Online: " + Bracketed(online) + "\n  Offline: " + Bracketed(offline) + "\n";
  out += "\nResources:\n";
  if (v.resources.empty()) out += "  (none configured)\n";
  for (size_t i = 0; i < v.resources.size(); ++i) {
    const StatusResource& r = v.resources[i];
    if (!r.group.empty()) {
      std::vector<const StatusResource*> members = GroupMembers(v.resources, i);
      out += ClonedGroupText(members);
      i += members.size() - 1;
      continue;
    }
    out += "  " + (r.clone.empty() ? r.id : "Clone Set: " + r.clone + " [" + r.id + "]") + " (" +
           r.agent + ")" + (r.unique ? " (unique)" : "") + ": ";
    if (!r.promotable) {
      out += MemberText(r);
    } else {
      out += r.running_on.empty() ? "Stopped" : "promotable";
      if (!r.starting_on.empty()) out += ", starting on " + Bracketed(r.starting_on);
      if (!r.stopping_on.empty()) out += ", stopping on " + Bracketed(r.stopping_on);
      if (!r.failed_on.empty()) out += ", FAILED on " + Bracketed(r.failed_on);
      if (!r.last_seen_on.empty()) out += ", last seen on offline " + Bracketed(r.last_seen_on);
    }
    out += "\n";
    if (r.promotable) out += RolesText(r);
    if (r.unique) out += InstancesText(r);
  }
  return out + RenderNodeAttributesText(v) + RenderFailuresText(v);
}

std::string RenderStatusJson(const ClusterStatusView& v) {
  std::string out = "{\"local\":" + JsonString(v.local) +
                    ",\"dc\":" + (v.dc.empty() ? "null" : JsonString(v.dc)) +
                    ",\"quorate\":" + (v.quorate ? "true" : "false") +
                    ",\"synced\":" + (v.synced ? "true" : "false") +
                    ",\"cib_version\":" + JsonString(v.cib_version);
  if (v.node_action_limit) {
    // The local node's executor and the cluster's batch-limit (issue #21's throttling).
    auto number = [](const std::optional<int>& n) { return n ? std::to_string(*n) : "null"; };
    auto text = [](const std::string& t) { return t.empty() ? "null" : JsonString(t); };
    // load_per_core is a number ("2.40") when crmd reports it.
    out += ",\"limits\":{\"node_action_limit\":" + number(v.node_action_limit) +
           ",\"agents_allowed\":" + number(v.agents_allowed) +
           ",\"load_level\":" + text(v.load_level) + ",\"load_per_core\":" +
           (v.load_per_core.empty() ? std::string("null") : v.load_per_core) +
           ",\"load_threshold\":" + text(v.load_threshold) +
           ",\"agents_running\":" + number(v.agents_running) +
           ",\"actions_waiting\":" + number(v.actions_waiting) + ",\"batch_limit\":" +
           (v.batch_limit.empty() ? std::string("null") : JsonString(v.batch_limit)) + "}";
  }
  out += ",\"nodes\":[";
  for (size_t i = 0; i < v.nodes.size(); ++i) {
    const StatusNode& n = v.nodes[i];
    out += std::string(i ? "," : "") + "{\"id\":" + JsonString(n.id) + ",\"name\":" + JsonString(n.name) +
           ",\"online\":" + (n.online ? "true" : "false") + "}";
  }
  out += "],\"resources\":[";
  for (size_t i = 0; i < v.resources.size(); ++i) {
    const StatusResource& r = v.resources[i];
    out += i ? "," : "";
    if (r.group.empty()) {
      out += ResourceJson(r);
      continue;
    }
    std::vector<const StatusResource*> members = GroupMembers(v.resources, i);
    out += ClonedGroupJson(members);
    i += members.size() - 1;
  }
  return out + "]" + RenderNodeAttributesJson(v) + RenderFailuresJson(v) + "}\n";
}

}  // namespace keel
