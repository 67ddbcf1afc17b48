// One-shot commands: crm configure ..., crm resource ..., crm node ...
#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "cli/attr_tool.h"
#include "cli/command.h"
#include "cli/configure_session.h"
#include "cli/crm_lexer.h"
#include "cli/crm_writer.h"
#include "cli/edit_and_commit.h"
#include "cli/resource_ops.h"
#include "xml/cib_parse.h"
#include "xml/xml_node.h"

namespace keel {

namespace {

// Leading --force / -F; the rest is the command line.
bool TakeForce(CommandArgs& args) {
  bool force = false;
  while (!args.empty() && (args[0] == "--force" || args[0] == "-F")) {
    force = true;
    args.erase(args.begin());
  }
  return force;
}

std::string JoinAsCrm(const CommandArgs& args) {
  std::string line;
  for (const std::string& a : args) {
    if (!line.empty()) line += ' ';
    line += QuoteCrmValue(a);
  }
  return line;
}

// nvpair values whose names IsSecretParameterName, as ******, at any depth.
void MaskSecrets(XmlNode& node) {
  if (node.name == "nvpair" && IsSecretParameterName(node.AttrOr("name"))) {
    node.SetAttr("value", "******");
  }
  for (XmlNode& child : node.children) MaskSecrets(child);
}

// The element with attribute id=`id` at any depth under `node`, or null.
const XmlNode* FindById(const XmlNode& node, const std::string& id) {
  for (const XmlNode& child : node.children) {
    if (child.AttrOr("id") == id) return &child;
    if (const XmlNode* deeper = FindById(child, id)) return deeper;
  }
  return nullptr;
}

// `show` on a CIB with parts Keel cannot read (a ticket, a date rule from another tool) or
// crm syntax cannot write (a location with a resource set):
// its configuration as XML, with the reason on stderr, instead of no configuration at all.
// nullopt when the CIB reads (the normal show) or cannot be fetched (the normal error).
std::optional<int> ShowUnreadable(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] != "show") return std::nullopt;
  auto text = MakeDefaultCibClient()->Query();
  if (!text) return std::nullopt;
  auto parsed = ParseCib(*text, "CIB");
  Errors unreadable;
  if (!parsed) {
    unreadable = parsed.error();
  } else if (auto written = WriteCrm(parsed->cib.configuration); !written) {
    unreadable = written.error();  // read, but crm syntax cannot say it (a location set)
  } else {
    return std::nullopt;
  }
  auto root = ParseXml(*text, "CIB");
  const XmlNode* config = root ? root->Child("configuration") : nullptr;
  if (config == nullptr) return std::nullopt;
  if (std::find(args.begin(), args.end(), "--json") != args.end()) {
    err << "ERROR: crm syntax cannot show this CIB (see 'crm configure show' without --json for "
           "its XML); what Keel cannot handle:\n";
    PrintErrors(unreadable, err);
    return 1;
  }
  XmlNode shown = *config;
  if (std::find(args.begin(), args.end(), "--secrets") == args.end()) MaskSecrets(shown);
  std::vector<const XmlNode*> objects;  // the elements named by id, or the whole configuration
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--secrets" || args[i] == "xml") continue;
    const XmlNode* found = FindById(shown, args[i]);
    if (found == nullptr) {
      err << "ERROR: no object with id '" << args[i] << "'\n";
      return 1;
    }
    objects.push_back(found);
  }
  if (objects.empty()) objects.push_back(&shown);
  err << "NOTE: crm syntax cannot show this CIB, so here is its configuration as XML; what Keel "
         "cannot handle:\n";
  PrintErrors(unreadable, err);
  for (const XmlNode* o : objects) out << SerializeXml(*o) << "\n";
  return 0;
}

}  // namespace

int RunConfigureCommand(const CommandArgs& raw, std::ostream& out, std::ostream& err) {
  CommandArgs args = raw;
  bool force = TakeForce(args);
  if (args.empty()) return RunShell("configure", force, out, err);
  if (auto shown = ShowUnreadable(args, out, err)) return *shown;
  std::string line = JoinAsCrm(args);
  if (args.size() == 1 && args[0] == "verify") {
    // Exit 2 (errors) also when the CIB itself cannot be read: invalid, truncated, missing.
    ConfigureSession session(MakeDefaultCibClient(), SessionOptions{});
    if (auto loaded = session.Load(); !loaded) {
      PrintErrors({loaded.error()}, err);
      return 2;
    }
    return session.Execute(line, out, err);
  }
  return EditAndCommit(force, out, err,
                       [&](ConfigureSession& session) { return session.Execute(line, out, err); });
}

namespace {

// The meta attribute and value a one-shot resource command sets, or nullopt when `args` is not
// one of them: start|stop|promote|demote|manage|unmanage RSC, maintenance RSC [on|off].
std::optional<std::pair<std::string, std::string>> ResourceMetaChange(const CommandArgs& args) {
  const std::string& verb = args[0];
  if (verb == "maintenance") {
    if (args.size() == 2 || (args.size() == 3 && args[2] == "on")) {
      return std::pair<std::string, std::string>{"maintenance", "true"};
    }
    if (args.size() == 3 && args[2] == "off")
      return std::pair<std::string, std::string>{"maintenance", "false"};
    return std::nullopt;
  }
  if (args.size() != 2) return std::nullopt;
  if (verb == "start" || verb == "stop") {
    return std::pair<std::string, std::string>{"target-role",
                                               verb == "start" ? "Started" : "Stopped"};
  }
  if (verb == "promote" || verb == "demote") {
    return std::pair<std::string, std::string>{"target-role",
                                               verb == "promote" ? "Promoted" : "Unpromoted"};
  }
  if (verb == "manage" || verb == "unmanage") {
    return std::pair<std::string, std::string>{"is-managed", verb == "manage" ? "true" : "false"};
  }
  return std::nullopt;
}

}  // namespace

int RunResourceCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  static const std::set<std::string> kOneShot = {"start", "stop",   "promote",  "demote",
                                                 "show",  "manage", "unmanage", "maintenance"};
  if (!args.empty() && !kOneShot.contains(args[0])) return RunResourceOpsCommand(args, out, err);
  if (args.size() == 2 && args[0] == "show")
    return RunConfigureCommand({"show", args[1]}, out, err);
  auto change = args.empty() ? std::nullopt : ResourceMetaChange(args);
  if (!change) {
    err << "usage: crm resource start|stop|promote|demote|show|manage|unmanage RSC | "
           "maintenance RSC [on|off] (see 'crm help resource')\n";
    return 2;
  }
  return EditAndCommit(false, out, err, [&](ConfigureSession& session) {
    Configuration next = session.Staged();
    auto ok = change->first == "target-role"
                  ? SetTargetRole(next, args[0], args[1])
                  : SetResourceMeta(next, args[1], change->first, change->second);
    if (!ok) {
      PrintErrors({ok.error()}, err);
      return 1;
    }
    return session.Replace(std::move(next), err);
  });
}

int RunNodeCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] == "fence") return RunNodeFenceCommand(args, out, err);
  if (!args.empty() && (args[0] == "list" || args[0] == "show")) {
    return RunNodeShowCommand(args, out, err);
  }
  if (!args.empty() && (args[0] == "attribute" || args[0] == "utilization")) {
    return RunNodeAttributeCommand(args, out, err);
  }
  if (!args.empty() && args[0] == "status-attr") {
    return RunNodeStatusAttrCommand(args, *MakeIpcAttrService(), out, err);
  }
  static const std::map<std::string, std::pair<std::string, std::string>> kAttribute = {
      {"standby", {"standby", "on"}},
      {"online", {"standby", "off"}},
      {"maintenance", {"maintenance", "on"}},
      {"ready", {"maintenance", "off"}}};
  auto attribute = args.size() == 2 ? kAttribute.find(args[0]) : kAttribute.end();
  if (attribute == kAttribute.end()) {
    err << "usage: crm node standby|online|maintenance|ready NODE | crm node fence NODE "
           "[reboot|off|on] | crm node list|show [NODE] [--json] | crm node attribute|utilization "
           "NODE set|delete|show ...\n";
    return 2;
  }
  return EditAndCommit(false, out, err, [&](ConfigureSession& session) {
    Configuration next = session.Staged();
    const auto& [name, value] = attribute->second;
    auto set =
        SetNodeAttribute(next, args[1], name, value, ClusterNodeNames(next, session.Base().status));
    if (!set) {
      PrintErrors({set.error()}, err);
      return 1;
    }
    return session.Replace(std::move(next), err);
  });
}

}  // namespace keel
