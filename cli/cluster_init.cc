#include "cli/cluster_init.h"

#include <arpa/inet.h>

#include <cctype>
#include <set>
#include <sstream>

namespace keel {
namespace {

bool NameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

bool ValidNodeName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  if (!std::isalnum(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!NameChar(c)) return false;
  }
  return true;
}

// Empty when `addr` is an IPv4 or IPv6 address or a host name; else what is wrong with it.
std::string AddressProblem(std::string_view addr) {
  if (addr.empty()) return "empty address";
  std::string text(addr);
  unsigned char buf[16];
  if (inet_pton(AF_INET, text.c_str(), buf) == 1 || inet_pton(AF_INET6, text.c_str(), buf) == 1)
    return "";
  if (text.find(':') != std::string::npos) return "'" + text + "' is not a valid IPv6 address";
  if (text.find_first_not_of("0123456789.") == std::string::npos)
    return "'" + text + "' is not a valid IPv4 address";
  // A host name: labels of letters, digits and '-', not starting or ending with '-'.
  if (text.size() > 253) return "host name '" + text + "' is longer than 253 characters";
  std::istringstream labels(text);
  std::string label;
  while (std::getline(labels, label, '.')) {
    bool ok = !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-';
    for (char c : label) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-');
    if (!ok) return "'" + text + "' is neither an IP address nor a valid host name";
  }
  if (text.back() == '.') return "'" + text + "' is neither an IP address nor a valid host name";
  return "";
}

Error NodesError(std::string message) {
  return Error{ErrorCode::kInvalid, std::move(message), "--nodes"};
}

}  // namespace

std::expected<std::vector<ClusterInitNode>, Errors> ParseClusterNodes(std::string_view text) {
  Errors errors;
  std::vector<ClusterInitNode> nodes;
  if (text.empty()) {
    errors.push_back(NodesError("no nodes: expected NAME=ADDR,NAME=ADDR,..."));
    return std::unexpected(errors);
  }
  std::set<std::string> names, addrs;
  size_t start = 0;
  int position = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view entry =
        text.substr(start, comma == std::string_view::npos ? comma : comma - start);
    start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    ++position;
    std::string where = "entry " + std::to_string(position) + " '" + std::string(entry) + "'";
    size_t eq = entry.find('=');
    if (entry.empty() || eq == std::string_view::npos) {
      errors.push_back(NodesError(where + ": expected NAME=ADDR"));
      continue;
    }
    ClusterInitNode node{std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)),
                         static_cast<int>(nodes.size()) + 1};
    bool ok = true;
    if (!ValidNodeName(node.name)) {
      errors.push_back(NodesError(where + ": node name '" + node.name +
                                  "' must be 1-64 letters, digits, '.', '_' or '-', starting "
                                  "with a letter or digit"));
      ok = false;
    } else if (!names.insert(node.name).second) {
      errors.push_back(NodesError(where + ": node name '" + node.name + "' is given twice"));
      ok = false;
    }
    if (std::string problem = AddressProblem(node.addr); !problem.empty()) {
      errors.push_back(NodesError(where + ": " + problem));
      ok = false;
    } else if (!addrs.insert(node.addr).second) {
      errors.push_back(NodesError(where + ": address " + node.addr + " is given twice"));
      ok = false;
    }
    if (ok) nodes.push_back(std::move(node));
  }
  if (!errors.empty()) return std::unexpected(errors);
  return nodes;
}

Errors CheckClusterInit(const ClusterInitOptions& options) {
  Errors errors;
  const std::string& name = options.cluster_name;
  bool name_ok = !name.empty() && name.size() <= 64;
  for (char c : name)
    name_ok = name_ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-');
  if (!name_ok) {
    errors.push_back(Error{ErrorCode::kInvalid,
                           "cluster name '" + name + "' must be 1-64 letters, digits, '_' or '-'",
                           "NAME"});
  }
  if (options.nodes.size() < 2) {
    errors.push_back(NodesError("a cluster needs at least 2 nodes, " +
                                std::to_string(options.nodes.size()) + " given"));
  }
  if (options.two_node && options.nodes.size() != 2) {
    errors.push_back(Error{
        ErrorCode::kInvalid,
        "--two-node needs exactly 2 nodes, " + std::to_string(options.nodes.size()) + " given",
        "--two-node"});
  }
  if (options.two_node && !options.qdevice_host.empty()) {
    errors.push_back(Error{ErrorCode::kInvalid,
                           "--two-node and --qdevice exclude each other: the quorum device "
                           "breaks the tie that two_node would",
                           "--qdevice"});
  }
  if (!options.qdevice_host.empty()) {
    if (std::string problem = AddressProblem(options.qdevice_host); !problem.empty())
      errors.push_back(Error{ErrorCode::kInvalid, problem, "--qdevice"});
  }
  if (options.token_ms < 100 || options.token_ms > 60000) {
    errors.push_back(Error{
        ErrorCode::kInvalid,
        "token " + std::to_string(options.token_ms) + " ms is outside 100-60000 ms", "--token"});
  }
  return errors;
}

std::string CorosyncConfText(const ClusterInitOptions& options) {
  std::ostringstream out;
  out << "# corosync.conf of cluster " << options.cluster_name
      << ", written by `crm cluster init` (Keel).\n"
      << "# The same file on every node, with the same /etc/corosync/authkey (mode 0400).\n"
      << "totem {\n"
      << "    version: 2\n"
      << "    cluster_name: " << options.cluster_name << "\n"
      << "    transport: knet\n"
      << "    token: " << options.token_ms << "\n"
      << "    crypto_cipher: aes256\n"
      << "    crypto_hash: sha256\n"
      << "}\n\n"
      << "nodelist {\n";
  for (const ClusterInitNode& node : options.nodes) {
    out << "    node {\n"
        << "        name: " << node.name << "\n"
        << "        nodeid: " << node.nodeid << "\n"
        << "        ring0_addr: " << node.addr << "\n"
        << "    }\n";
  }
  out << "}\n\n"
      << "quorum {\n"
      << "    provider: corosync_votequorum\n";
  if (options.two_node) out << "    two_node: 1\n";
  if (!options.qdevice_host.empty()) {
    out << "    device {\n"
        << "        model: net\n"
        << "        net {\n"
        << "            host: " << options.qdevice_host << "\n"
        << "            algorithm: " << (options.nodes.size() % 2 == 0 ? "ffsplit" : "lms") << "\n"
        << "        }\n"
        << "    }\n";
  }
  out << "}\n\n"
      << "logging {\n"
      << "    to_syslog: yes\n"
      << "    to_logfile: yes\n"
      << "    logfile: /var/log/corosync/corosync.log\n"
      << "    timestamp: on\n"
      << "}\n";
  return out.str();
}

std::string InitialCibText(const ClusterInitOptions& options) {
  std::ostringstream out;
  out << "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\" validate-with=\"pacemaker-3.0\">\n"
      << "  <configuration>\n"
      << "    <crm_config>\n"
      << "      <cluster_property_set id=\"cib-bootstrap-options\">\n"
      << "        <nvpair id=\"cib-bootstrap-options-stonith-enabled\" name=\"stonith-enabled\" "
         "value=\"true\"/>\n"
      << "      </cluster_property_set>\n"
      << "    </crm_config>\n"
      << "    <nodes>\n";
  for (const ClusterInitNode& node : options.nodes) {
    out << "      <node id=\"" << node.nodeid << "\" uname=\"" << node.name << "\"/>\n";
  }
  out << "    </nodes>\n"
      << "    <resources/>\n"
      << "    <constraints/>\n"
      << "  </configuration>\n"
      << "  <status/>\n"
      << "</cib>\n";
  return out.str();
}

std::string ClusterInitNextSteps(const ClusterInitOptions& options, std::string_view conf_dir) {
  std::ostringstream out;
  out << "Next steps:\n"
      << "  1. Copy corosync.conf and authkey to /etc/corosync/ on every other node, keeping "
         "authkey at mode 0400 (owner root):\n";
  for (size_t i = 1; i < options.nodes.size(); ++i) {
    const ClusterInitNode& node = options.nodes[i];
    std::string host = node.addr.find(':') != std::string::npos ? "[" + node.addr + "]" : node.addr;
    out << "       scp -p " << conf_dir << "/corosync.conf " << conf_dir << "/authkey root@" << host
        << ":/etc/corosync/   # " << node.name << "\n";
  }
  if (!options.qdevice_host.empty()) {
    out << "     The quorum device needs corosync-qnetd on " << options.qdevice_host
        << " and corosync-qdevice on every node, with their TLS certificates "
           "(corosync-qdevice-net-certutil).\n";
  }
  out << "  2. On every node: crm cluster start   (this node first: its CIB seeds the cluster; "
         "systemctl enable corosync keel starts them at boot)\n"
      << "  3. Fencing is enabled and no fence device exists yet: add one (crm configure "
         "primitive ... stonith:fence_...), then check with crm status and crm configure "
         "verify.\n";
  if (options.nodes.size() == 2 && !options.two_node && options.qdevice_host.empty()) {
    out << "Note: with 2 nodes and neither --two-node nor --qdevice, losing either node loses "
           "quorum.\n";
  }
  return out.str();
}

}  // namespace keel
