#include "cli/attr_tool.h"

#include <algorithm>

#include "cli/edit_and_commit.h"
#include "cli/ipc_client_name.h"
#include "cli/ipc_connection.h"
#include "cli/resource_ops.h"

namespace keel {
namespace {

constexpr int kCallTimeoutMs = 30'000;

class IpcAttrService : public AttrService {
 public:
  std::expected<std::string, Error> Call(const IpcAttribute& request) override {
    auto c = IpcConnection::Connect(IpcClientName());
    if (!c) return std::unexpected(c.error());
    return (*c)->Call(ToIpcRequest(request), kCallTimeoutMs);
  }
};

// Pacemaker's exit code for a failed call: not connected when crmd is not there.
int CallFailed(const std::string& tool, const Error& e, std::ostream& err) {
  err << tool << ": " << e.message << "\n";
  return e.code == ErrorCode::kRefused ? attr_exit::kNotConnected : attr_exit::kError;
}

std::string ToolName(const AttrCommand& c, bool promotion) {
  if (c.tool == AttrTool::kAttrdUpdater) return "attrd_updater";
  return promotion ? "crm_master" : "crm_attribute";
}

void PrintFound(const AttrCommand& c, const std::string& scope, const std::string& node,
                const std::string& value, std::ostream& out) {
  if (c.quiet) {
    out << value << "\n";
  } else if (c.tool == AttrTool::kAttrdUpdater) {
    out << "name=\"" << c.name << "\" host=\"" << node << "\" value=\"" << value << "\"\n";
  } else {
    out << "scope=" << scope << "  name=" << c.name << " value=" << value << "\n";
  }
}

int NotFound(const AttrCommand& c, const std::string& tool, std::ostream& out, std::ostream& err) {
  if (c.default_value) {
    PrintFound(c, c.lifetime == AttrCommand::Lifetime::kReboot ? "status" : "nodes", "",
               *c.default_value, out);
    return attr_exit::kOk;
  }
  if (c.tool == AttrTool::kAttrdUpdater) {
    err << tool << ": Could not query value of " << c.name << ": attribute does not exist\n";
  } else {
    err << tool << ": Error performing operation: No such device or address\n";
  }
  return attr_exit::kNoSuch;
}

int RunTransient(const AttrCommand& c, const std::string& tool, AttrService& service,
                 std::ostream& out, std::ostream& err) {
  IpcAttribute request{"", c.node, c.name, c.value, c.dampen_ms, c.is_private};
  if (c.action == AttrCommand::Action::kQuery) {
    request.op = "query";
    auto answer = service.Call(request);
    if (!answer) return CallFailed(tool, answer.error(), err);
    auto rows = DecodeAttributeAnswer(*answer);
    if (rows.empty()) return NotFound(c, tool, out, err);
    for (const auto& [node, value] : rows) PrintFound(c, "status", node, value, out);
    return attr_exit::kOk;
  }
  request.op = c.action == AttrCommand::Action::kUpdate ? "set" : "delete";
  auto answer = service.Call(request);
  if (!answer) return CallFailed(tool, answer.error(), err);
  return attr_exit::kOk;
}

const Node* FindNode(const Configuration& config, const std::string& uname) {
  auto it = std::find_if(config.nodes.begin(), config.nodes.end(),
                         [&](const Node& n) { return n.uname == uname; });
  return it == config.nodes.end() ? nullptr : &*it;
}

// -l forever: the node's instance attributes in <nodes>.
int RunPermanent(const AttrCommand& c, const std::string& tool, AttrService& service,
                 std::ostream& out, std::ostream& err) {
  std::string node = c.node;
  if (node.empty()) {
    auto self = service.Call(IpcAttribute{"whoami", "", "", "", std::nullopt, false});
    if (!self) return CallFailed(tool, self.error(), err);
    node = *self;
  }
  return EditAndCommit(false, out, err, [&](ConfigureSession& session) {
    Configuration next = session.Staged();
    std::vector<std::string> known = ClusterNodeNames(next, session.Base().status);
    if (std::find(known.begin(), known.end(), node) == known.end()) {
      err << tool << ": " << UnknownNodeError(node, known).message << "\n";
      return attr_exit::kNoSuch;
    }
    if (c.action == AttrCommand::Action::kUpdate) {
      if (auto set = SetNodeAttribute(next, node, c.name, c.value, known); !set) {
        err << tool << ": " << set.error().message << "\n";
        return attr_exit::kError;
      }
      return session.Replace(std::move(next), err);
    }
    if (c.action == AttrCommand::Action::kDelete) {
      for (Node& n : next.nodes) {
        if (n.uname != node) continue;
        for (NvSet& set : n.instance_attributes) {
          std::erase_if(set.pairs, [&](const NvPair& p) { return p.name == c.name; });
        }
        std::erase_if(n.instance_attributes, [](const NvSet& s) { return s.pairs.empty(); });
      }
      return session.Replace(std::move(next), err);  // deleting what is not there: no change
    }
    if (const Node* n = FindNode(next, node)) {
      if (auto value = FindNvValue(n->instance_attributes, c.name)) {
        PrintFound(c, "nodes", node, *value, out);
        return attr_exit::kOk;
      }
    }
    return NotFound(c, tool, out, err);
  });
}

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int RunNodeStatusAttrCommand(const std::vector<std::string>& args, AttrService& service,
                             std::ostream& out, std::ostream& err) {
  const std::string verb = args.size() >= 3 ? args[2] : "";
  bool shape_ok = (verb == "set" && args.size() == 5) ||
                  ((verb == "delete" || verb == "show") && args.size() == 4);
  if (!shape_ok) {
    err << "usage: crm node status-attr NODE set NAME VALUE | crm node status-attr NODE delete "
           "NAME | crm node status-attr NODE show NAME\n";
    return 2;
  }
  AttrCommand c;
  c.tool = AttrTool::kCrmAttribute;
  c.node = args[1];
  c.name = args[3];
  c.action = verb == "set"      ? AttrCommand::Action::kUpdate
             : verb == "delete" ? AttrCommand::Action::kDelete
                                : AttrCommand::Action::kQuery;
  if (verb == "set") c.value = args[4];
  int rc = RunTransient(c, "crm node status-attr", service, out, err);
  return rc == attr_exit::kOk ? 0 : 1;
}

std::unique_ptr<AttrService> MakeIpcAttrService() { return std::make_unique<IpcAttrService>(); }

int RunAttrTool(const std::string& argv0, const std::vector<std::string>& args,
                AttrService& service, const EnvLookup& env, std::ostream& out, std::ostream& err) {
  const std::string base = BaseName(argv0);
  const bool promotion = base == "crm_master";
  std::expected<AttrCommand, AttrUsageError> c;
  if (base == "attrd_updater") {
    c = ParseAttrdUpdater(args);
  } else if (base == "crm_attribute" || promotion) {
    c = ParseCrmAttribute(args, env, promotion);
  } else {
    err << base << ": run as attrd_updater, crm_attribute, crm_master or crm_node\n";
    return attr_exit::kUsage;
  }
  if (!c) {
    err << c.error().message << "\n";
    return c.error().exit_code;
  }
  const std::string tool = ToolName(*c, promotion);
  if (c->lifetime == AttrCommand::Lifetime::kForever)
    return RunPermanent(*c, tool, service, out, err);
  return RunTransient(*c, tool, service, out, err);
}

}  // namespace keel
