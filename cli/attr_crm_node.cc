#include "cli/attr_crm_node.h"

#include <algorithm>
#include <cctype>

#include "cli/ipc_client_name.h"
#include "cli/ipc_connection.h"
#include "crmd/protocol/ipc_messages.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

constexpr int kCallTimeoutMs = 10'000;

class IpcNodeStatusSource : public NodeStatusSource {
 public:
  std::expected<std::string, Error> Report() override {
    auto c = IpcConnection::Connect(IpcClientName());
    if (!c) return std::unexpected(c.error());
    return (*c)->Call(ToIpcRequest(IpcStatus{}), kCallTimeoutMs);
  }
};

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Pacemaker's node order: case-insensitive, runs of digits compared as numbers (n2 < n10).
bool NodeNameLess(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (IsDigit(a[i]) && IsDigit(b[j])) {
      size_t i_end = i, j_end = j;
      while (i_end < a.size() && IsDigit(a[i_end])) ++i_end;
      while (j_end < b.size() && IsDigit(b[j_end])) ++j_end;
      std::string_view x = a.substr(i, i_end - i), y = b.substr(j, j_end - j);
      x.remove_prefix(std::min(x.find_first_not_of('0'), x.size()));
      y.remove_prefix(std::min(y.find_first_not_of('0'), y.size()));
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = i_end;
      j = j_end;
      continue;
    }
    int ca = std::tolower(static_cast<unsigned char>(a[i]));
    int cb = std::tolower(static_cast<unsigned char>(b[j]));
    if (ca != cb) return ca < cb;
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

}  // namespace

std::expected<CrmNodeCommand, AttrUsageError> ParseCrmNode(const std::vector<std::string>& args) {
  const std::string tool = "crm_node";
  static const std::vector<OptionSpec> kSpecs = {
      {'n', "name", OptionArg::kNone},
      {'l', "list", OptionArg::kNone},
      {'p', "partition", OptionArg::kNone},
      {'q', "quorum", OptionArg::kNone},
      {'V', "verbose", OptionArg::kNone},
      {'i', "cluster-id", OptionArg::kNone, false},
      {'N', "name-for-id", OptionArg::kRequired, false},
      {'R', "remove", OptionArg::kRequired, false},
      {'f', "force", OptionArg::kNone, false},
      {'C', "corosync", OptionArg::kNone, false},
      {'Q', "quiet", OptionArg::kNone, false},
      {'$', "version", OptionArg::kNone, false},
      {'\0', "output-as", OptionArg::kRequired, false},
      {'\0', "output-to", OptionArg::kRequired, false},
  };
  auto given = SplitOptions(tool, kSpecs, args);
  if (!given) return std::unexpected(given.error());
  std::optional<CrmNodeCommand> command;
  for (const GivenOption& g : *given) {
    if (g.long_name == "name")
      command = CrmNodeCommand::kName;
    else if (g.long_name == "list")
      command = CrmNodeCommand::kList;
    else if (g.long_name == "partition")
      command = CrmNodeCommand::kPartition;
    else if (g.long_name == "quorum")
      command = CrmNodeCommand::kQuorum;
  }
  if (!command) {
    return std::unexpected(AttrUsageError{attr_exit::kUsage, "usage: crm_node -n | -l | -p | -q"});
  }
  return *command;
}

std::expected<NodeMembership, Error> ParseNodeMembership(std::string_view report_xml) {
  auto root = ParseXml(report_xml, "crmd status report");
  if (!root) return std::unexpected(root.error());
  if (root->name != "crmd_status") {
    return std::unexpected(Error{ErrorCode::kInvalid,
                                 "expected <crmd_status>, got <" + root->name + ">",
                                 "crmd status report"});
  }
  NodeMembership membership;
  membership.local_name = root->AttrOr("local_name");
  membership.quorate = root->AttrOr("quorate") == "true";
  for (const XmlNode& child : root->children) {
    if (child.name != "node") continue;
    membership.nodes.push_back(
        {child.AttrOr("id"), child.AttrOr("name"), child.AttrOr("online") == "true"});
  }
  std::stable_sort(
      membership.nodes.begin(), membership.nodes.end(),
      [](const KnownNode& a, const KnownNode& b) { return NodeNameLess(a.name, b.name); });
  return membership;
}

std::string FormatCrmNode(CrmNodeCommand command, const NodeMembership& membership) {
  switch (command) {
    case CrmNodeCommand::kName:
      return membership.local_name + "\n";
    case CrmNodeCommand::kQuorum:
      return membership.quorate ? "1\n" : "0\n";
    case CrmNodeCommand::kList: {
      std::string out;
      for (const KnownNode& n : membership.nodes) {
        out += n.id + " " + n.name + " " + (n.member ? "member" : "lost") + "\n";
      }
      return out;
    }
    case CrmNodeCommand::kPartition: {
      std::string out;
      for (const KnownNode& n : membership.nodes) {
        if (!n.member) continue;
        out += (out.empty() ? "" : " ") + n.name;
      }
      return out.empty() ? "" : out + "\n";
    }
  }
  return "";
}

std::unique_ptr<NodeStatusSource> MakeIpcNodeStatusSource() {
  return std::make_unique<IpcNodeStatusSource>();
}

int RunCrmNode(const std::vector<std::string>& args, NodeStatusSource& source, const EnvLookup& env,
               std::ostream& out, std::ostream& err) {
  auto command = ParseCrmNode(args);
  if (!command) {
    err << command.error().message << "\n";
    return command.error().exit_code;
  }
  if (*command == CrmNodeCommand::kName) {
    // Agents run with the node's name in their environment; Pacemaker answers it first.
    if (auto name = env("OCF_RESKEY_CRM_meta_on_node"); name && !name->empty()) {
      out << *name << "\n";
      return attr_exit::kOk;
    }
  }
  auto report = source.Report();
  if (!report) {
    err << "crm_node: could not connect to crmd: " << report.error().message << "\n";
    return report.error().code == ErrorCode::kRefused ? attr_exit::kNotConnected
                                                      : attr_exit::kError;
  }
  auto membership = ParseNodeMembership(*report);
  if (!membership) {
    err << "crm_node: " << membership.error().ToString() << "\n";
    return attr_exit::kError;
  }
  out << FormatCrmNode(*command, *membership);
  return attr_exit::kOk;
}

}  // namespace keel
