// `crm node attribute NODE set NAME VALUE | delete NAME | show [NAME]` and the same for
// `crm node utilization`: a node's permanent attributes (or utilization) in <nodes>.

#include <algorithm>

#include "cli/command.h"
#include "cli/configure_session.h"
#include "cli/edit_and_commit.h"
#include "cli/resource_ops.h"

namespace keel {
namespace {

std::vector<NvSet>& SetsOf(Node& node, bool utilization) {
  return utilization ? node.utilization : node.instance_attributes;
}

Node* FindNode(Configuration& config, const std::string& uname) {
  auto it = std::find_if(config.nodes.begin(), config.nodes.end(),
                         [&](const Node& n) { return n.uname == uname; });
  return it == config.nodes.end() ? nullptr : &*it;
}

// Prints NAME's value (or every pair) as crm_attribute -G does: "scope=nodes  name=N value=V".
int Show(ConfigureSession& session, const CommandArgs& args, bool utilization, std::ostream& out,
         std::ostream& err) {
  Configuration config = session.Staged();
  const std::string scope = utilization ? "utilization" : "nodes";
  std::vector<std::string> known = ClusterNodeNames(config, session.Base().status);
  if (std::find(known.begin(), known.end(), args[0]) == known.end()) {
    PrintErrors({UnknownNodeError(args[0], known)}, err);
    return 1;
  }
  bool found = false;
  if (Node* node = FindNode(config, args[0])) {
    for (const NvSet& set : SetsOf(*node, utilization)) {
      for (const NvPair& p : set.pairs) {
        if (args.size() == 3 && p.name != args[2]) continue;
        out << "scope=" << scope << "  name=" << p.name << " value=" << p.value << "\n";
        found = true;
      }
    }
  }
  if (!found && args.size() == 3) {
    err << "ERROR: " << args[0] << ": no " << (utilization ? "utilization" : "attribute") << " "
        << args[2] << "\n";
    return 1;
  }
  return 0;
}

int Delete(ConfigureSession& session, const CommandArgs& args, bool utilization,
           std::ostream& err) {
  Configuration next = session.Staged();
  Node* node = FindNode(next, args[0]);
  size_t erased = 0;
  if (node != nullptr) {
    for (NvSet& set : SetsOf(*node, utilization)) {
      erased += std::erase_if(set.pairs, [&](const NvPair& p) { return p.name == args[2]; });
    }
    std::erase_if(SetsOf(*node, utilization), [](const NvSet& s) { return s.pairs.empty(); });
  }
  if (erased == 0) {
    err << "ERROR: " << args[0] << ": no " << (utilization ? "utilization" : "attribute") << " "
        << args[2] << " to delete; nothing changed\n";
    return 1;
  }
  return session.Replace(std::move(next), err);
}

int Set(ConfigureSession& session, const CommandArgs& args, bool utilization, std::ostream& err) {
  Configuration next = session.Staged();
  std::vector<std::string> known = ClusterNodeNames(next, session.Base().status);
  if (!utilization) {
    if (auto set = SetNodeAttribute(next, args[0], args[2], args[3], known); !set) {
      PrintErrors({set.error()}, err);
      return 1;
    }
    return session.Replace(std::move(next), err);
  }
  if (std::find(known.begin(), known.end(), args[0]) == known.end()) {
    PrintErrors({UnknownNodeError(args[0], known)}, err);
    return 1;
  }
  Node* node = FindNode(next, args[0]);
  if (node == nullptr) {  // known from the status only: listed from now on
    next.nodes.push_back(Node{args[0], args[0], "", {}, {}, 0});
    node = &next.nodes.back();
  }
  if (node->utilization.empty()) {
    node->utilization.push_back(NvSet{"nodes-" + node->id + "-utilization", {}, {}, {}, 0});
  }
  NvSet& set = node->utilization.front();
  auto it = std::find_if(set.pairs.begin(), set.pairs.end(),
                         [&](const NvPair& p) { return p.name == args[2]; });
  if (it != set.pairs.end()) {
    it->value = args[3];
  } else {
    set.pairs.push_back(NvPair{set.id + "-" + args[2], args[2], args[3], 0});
  }
  return session.Replace(std::move(next), err);
}

}  // namespace

int RunNodeAttributeCommand(const CommandArgs& raw, std::ostream& out, std::ostream& err) {
  const bool utilization = raw[0] == "utilization";
  CommandArgs args(raw.begin() + 1, raw.end());  // NODE VERB [NAME [VALUE]]
  const std::string verb = args.size() >= 2 ? args[1] : "";
  bool shape_ok = (verb == "set" && args.size() == 4) || (verb == "delete" && args.size() == 3) ||
                  (verb == "show" && (args.size() == 2 || args.size() == 3));
  if (!shape_ok) {
    err << "usage: crm node " << raw[0] << " NODE set NAME VALUE | crm node " << raw[0]
        << " NODE delete NAME | crm node " << raw[0] << " NODE show [NAME]\n";
    return 2;
  }
  return EditAndCommit(false, out, err, [&](ConfigureSession& session) {
    if (verb == "show") return Show(session, args, utilization, out, err);
    if (verb == "delete") return Delete(session, args, utilization, err);
    return Set(session, args, utilization, err);
  });
}

}  // namespace keel
