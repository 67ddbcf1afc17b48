// heartbeat v1 haresources (+ ha.cf) -> crm text.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "cli/crm_lexer.h"
#include "cli/importer.h"

namespace keel {

namespace {

struct Line {
  int number = 0;
  std::vector<std::string> words;
};

// Physical lines joined on trailing '\', comments removed, split on blanks.
std::vector<Line> LogicalLines(std::string_view text) {
  std::vector<Line> lines;
  Line current;
  int number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string raw(text.substr(pos, end - pos));
    ++number;
    pos = end + 1;
    if (size_t hash = raw.find('#'); hash != std::string::npos) raw.erase(hash);
    while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.pop_back();
    bool continued = !raw.empty() && raw.back() == '\\';
    if (continued) raw.pop_back();
    if (current.words.empty()) current.number = number;
    size_t i = 0;
    while (i < raw.size()) {
      while (i < raw.size() && std::isspace(static_cast<unsigned char>(raw[i]))) ++i;
      size_t start = i;
      while (i < raw.size() && !std::isspace(static_cast<unsigned char>(raw[i]))) ++i;
      if (i > start) current.words.push_back(raw.substr(start, i - start));
    }
    if (!continued && !current.words.empty()) {
      lines.push_back(std::move(current));
      current = Line{};
    }
    if (end == text.size()) break;
  }
  if (!current.words.empty()) lines.push_back(std::move(current));
  return lines;
}

std::vector<std::string> Split(const std::string& text, const std::string& sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(sep, start);
    parts.push_back(text.substr(start, at - start));
    if (at == std::string::npos) break;
    start = at + sep.size();
  }
  return parts;
}

bool LooksLikeIp(const std::string& word) {
  std::string ip = word.substr(0, word.find('/'));
  int dots = 0;
  for (char c : ip) {
    if (c == '.')
      ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  }
  return dots == 3;
}

// "a.b.c.d" with four decimal octets of 0-255.
bool IsIpv4(const std::string& text) {
  std::vector<std::string> octets = Split(text, ".");
  if (octets.size() != 4) return false;
  for (const std::string& o : octets) {
    if (o.empty() || o.size() > 3 || !std::all_of(o.begin(), o.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        })) {
      return false;
    }
    if (std::stoi(o) > 255) return false;
  }
  return true;
}

// A prefix length (0-32) or a dotted netmask.
bool IsNetmask(const std::string& text) {
  if (IsIpv4(text)) return true;
  if (text.empty() || text.size() > 2 || !std::all_of(text.begin(), text.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    return false;
  }
  return std::stoi(text) <= 32;
}

// Heartbeat v1 scripts whose OCF equivalents ship in Debian's resource-agents, with the OCF
// parameter each positional argument becomes.
struct OcfEquivalent {
  std::string name;  // in haresources
  std::string type;  // ocf:heartbeat:TYPE
  std::vector<std::string> params;
  size_t required;
  bool slash_split = false;  // SendArp::IP/NIC
};

const OcfEquivalent* FindOcfEquivalent(const std::string& name) {
  static const std::vector<OcfEquivalent> kTable = {
      {"MailTo", "MailTo", {"email", "subject"}, 1},
      {"Delay", "Delay", {"startdelay", "stopdelay"}, 0},
      {"IPsrcaddr", "IPsrcaddr", {"ipaddress"}, 1},
      {"portblock", "portblock", {"protocol", "portno", "action"}, 3},
      {"SendArp", "SendArp", {"ip", "nic"}, 2, true},
      {"LVM", "LVM", {"volgrpname"}, 1},
      {"Raid1", "Raid1", {"raidconf", "raiddev"}, 2},
  };
  for (const OcfEquivalent& e : kTable) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

// Why an ha.cf directive has no place in the import, and where its purpose goes instead.
std::string HaCfDirectiveReason(const std::string& key) {
  static const std::set<std::string> kMembership = {
      "keepalive", "deadtime", "warntime", "initdead", "udpport",  "bcast",   "mcast",
      "ucast",     "serial",   "baud",     "autojoin", "hopfudge", "deadping"};
  if (kMembership.contains(key)) return "membership and timing belong in corosync.conf";
  if (key == "stonith_host" || key == "stonith") {
    return "fencing: define the device as a stonith resource (crm configure primitive NAME "
           "stonith:fence_AGENT params ...) and set fencing-enabled=true";
  }
  if (key == "ping" || key == "ping_group") {
    return "connectivity: a clone of ocf:pacemaker:ping sets a node attribute that a location "
           "rule can follow";
  }
  if (key == "respawn") {
    return "a process heartbeat kept running: make it a systemd service, or a cluster "
           "resource if it must follow the resources";
  }
  return "Keel has no equivalent: review it by hand";
}

class HaresourcesImporter {
 public:
  explicit HaresourcesImporter(const std::function<bool(const std::string&)>& is_heartbeat)
      : is_heartbeat_(is_heartbeat) {}

  void Resource(const std::string& word, int line, std::vector<std::string>& members) {
    std::vector<std::string> parts = Split(word, "::");
    std::string name = parts[0];
    std::vector<std::string> args(parts.begin() + 1, parts.end());
    if (LooksLikeIp(name)) {
      args = {name};
      name = "IPaddr";
    }
    std::string id;
    std::string text;
    if (name == "IPaddr" || name == "IPaddr2") {
      std::vector<std::string> f = args.empty() ? std::vector<std::string>{} : Split(args[0], "/");
      if (f.empty() || f[0].empty()) return Error(line, name + " without an address");
      if (!IsIpv4(f[0]))
        return Error(line, "'" + f[0] + "' is not an IPv4 address (in '" + word + "')");
      if (f.size() > 1 && !f[1].empty() && !IsNetmask(f[1])) {
        return Error(line, "'" + f[1] + "' is not a netmask (0-32 or a.b.c.d, in '" + word + "')");
      }
      id = Unique(IdFromText("ip_", f[0]));
      // heartbeat's order is ip/cidr/nic/broadcast.
      static const char* kNames[] = {"ip", "cidr_netmask", "nic", "broadcast"};
      text = "primitive " + id + " ocf:keel:IPaddr params";
      for (size_t i = 0; i < f.size() && i < 4; ++i) {
        if (!f[i].empty()) text += std::string(" ") + kNames[i] + "=" + QuoteCrmValue(f[i]);
      }
      if (f.size() > 4) NotImported("extra IPaddr fields in '" + word + "'", line);
      text += " op monitor interval=10s timeout=20s";
    } else if (name == "ldirectord" || name == "LVS" || name == "lvs") {
      id = Unique("director");
      text = "primitive " + id + " ocf:keel:IPVSDirector op monitor interval=10s timeout=20s";
      NotImported(name + " configuration" + (args.empty() ? "" : " " + args[0]) +
                      ": set IPVSDirector's vip, port and real_servers by hand (or import "
                      "the keepalived.conf)",
                  line);
    } else if (name == "haproxy") {
      id = Unique("proxy");
      text = "primitive " + id + " ocf:keel:Proxy";
      text +=
          " params config=" + QuoteCrmValue(args.empty() ? "/etc/haproxy/haproxy.cfg" : args[0]);
      text += " op monitor interval=10s timeout=20s";
    } else if (name == "Filesystem") {
      if (args.size() < 2 || args[1].empty()) {
        return Error(line, "'" + word +
                               "': Filesystem needs a device and a mount point "
                               "(Filesystem::DEVICE::DIRECTORY[::FSTYPE[::OPTIONS]])");
      }
      id = Unique(IdFromText("fs_", args.size() > 1 ? args[1] : "fs"));
      static const char* kNames[] = {"device", "directory", "fstype", "options"};
      text = "primitive " + id + " ocf:heartbeat:Filesystem params";
      for (size_t i = 0; i < args.size() && i < 4; ++i) {
        text += std::string(" ") + kNames[i] + "=" + QuoteCrmValue(args[i]);
      }
      if (args.size() < 3) {
        NotImported("the file system type of '" + word +
                        "' (ocf:heartbeat:Filesystem requires fstype: set it by hand)",
                    line);
      }
    } else if (is_heartbeat_(name)) {
      HeartbeatScript(name, args, id, text);
    } else if (const OcfEquivalent* ocf = FindOcfEquivalent(name)) {
      if (!OcfScript(*ocf, word, args, line, id, text)) return;
    } else if (name == "IPv6addr" || name == "drbddisk") {
      NotImported("'" + word + "': " +
                      (name == "IPv6addr"
                           ? std::string("haresources' '::' separator cannot carry an IPv6 "
                                         "address: define ocf:heartbeat:IPv6addr by hand")
                           : std::string("needs a promotable clone of ocf:linbit:drbd, which "
                                         "Keel does not support yet")),
                  line);
      return;
    } else {
      id = Unique(IdFromText("", name));
      text = "primitive " + id + " lsb:" + name;
      if (!args.empty()) NotImported("arguments of lsb script '" + word + "'", line);
    }
    out_.crm += text + "\n";
    members.push_back(id);
  }

  void Line(const keel::Line& line) {
    if (line.words.size() < 2)
      return Error(line.number, "a node name and at least one resource expected");
    const std::string& node = line.words[0];
    AddNode(node);
    resource_nodes_.emplace_back(node, line.number);
    std::vector<std::string> members;
    for (size_t i = 1; i < line.words.size(); ++i) Resource(line.words[i], line.number, members);
    if (members.empty()) return;
    std::string group = Unique(IdFromText("group_", node));
    std::string list;
    for (const std::string& m : members) list += " " + m;
    out_.crm += "group " + group + list + "\n";
    constraints_ += "location " + group + "-prefers-" + IdFromText("", node) + " " + group +
                    " 100: " + node + "\n";
  }

  void HaCf(std::string_view ha_cf) {
    for (const keel::Line& line : LogicalLines(ha_cf)) {
      const std::string& key = line.words[0];
      std::string value = line.words.size() > 1 ? line.words[1] : "";
      if (key == "auto_failback") {
        if (value == "on") {
          options_ += "rsc_defaults resource-stickiness=0\n";
        } else if (value == "off") {
          options_ += "rsc_defaults resource-stickiness=INFINITY\n";
        } else if (value == "legacy") {
          options_ += "rsc_defaults resource-stickiness=0\n";
          NotImported(
              "auto_failback legacy: imported as 'on' (legacy fails back like 'on' "
              "once every node runs a failback-aware version)",
              line.number);
        } else {
          Error(line.number, "auto_failback must be on, off or legacy, not '" + value + "'");
        }
      } else if (key == "node") {
        for (size_t i = 1; i < line.words.size(); ++i) {
          AddNode(line.words[i]);
          ha_cf_nodes_.insert(line.words[i]);
        }
      } else {
        NotImported("ha.cf directive '" + key + "' (" + HaCfDirectiveReason(key) + ")",
                    line.number);
      }
    }
  }

  std::expected<ImportResult, Errors> Finish() {
    if (!errors_.empty()) return std::unexpected(errors_);
    for (const auto& [node, line] : resource_nodes_) {
      if (ha_cf_nodes_.empty() || ha_cf_nodes_.contains(node)) continue;
      out_.warnings.push_back("warning: node '" + node + "' (line " + std::to_string(line) +
                              ") is not one of ha.cf's nodes: check its name (the cluster's "
                              "node names come from corosync.conf)");
    }
    out_.crm = nodes_ + out_.crm + constraints_ + options_;
    return out_;
  }

  // A heartbeat v1 script from /etc/ha.d/resource.d: run as such, arguments 1..N.
  void HeartbeatScript(const std::string& name, const std::vector<std::string>& args,
                       std::string& id, std::string& text) {
    id = Unique(IdFromText("", name));
    text = "primitive " + id + " heartbeat:" + name;
    if (!args.empty()) text += " params";
    for (size_t i = 0; i < args.size(); ++i) {
      text += " " + std::to_string(i + 1) + "=" + QuoteCrmValue(args[i]);
    }
  }

  // A heartbeat script with an OCF equivalent in resource-agents: its positional arguments
  // become the OCF parameters. False (and an error) when a required one is missing.
  bool OcfScript(const OcfEquivalent& ocf, const std::string& word, std::vector<std::string> args,
                 int line, std::string& id, std::string& text) {
    if (ocf.slash_split && args.size() == 1) args = Split(args[0], "/");
    if (args.size() < ocf.required) {
      Error(line, "'" + word + "': ocf:heartbeat:" + ocf.type + " needs " +
                      std::to_string(ocf.required) + " argument(s) (" + ocf.params.front() +
                      (ocf.required > 1 ? ", ..." : "") + ")");
      return false;
    }
    id = Unique(IdFromText("", ocf.type));
    text = "primitive " + id + " ocf:heartbeat:" + ocf.type;
    if (!args.empty()) text += " params";
    for (size_t i = 0; i < args.size() && i < ocf.params.size(); ++i) {
      text += " " + ocf.params[i] + "=" + QuoteCrmValue(args[i]);
    }
    if (args.size() > ocf.params.size()) {
      NotImported("extra arguments of '" + word + "'", line);
    }
    return true;
  }

  void NotImported(const std::string& what, int line) {
    out_.not_imported.push_back("not imported: " + what + " (line " + std::to_string(line) + ")");
  }

 private:
  void AddNode(const std::string& name) {
    if (used_["node " + name]++ == 0) nodes_ += "node " + QuoteCrmValue(name) + "\n";
  }
  void Error(int line, std::string message) {
    errors_.push_back(
        keel::Error{ErrorCode::kParse, std::move(message), "haresources:" + std::to_string(line)});
  }
  std::string Unique(const std::string& id) {
    int n = ++used_[id];
    return n == 1 ? id : id + "_" + std::to_string(n);
  }

  const std::function<bool(const std::string&)>& is_heartbeat_;
  ImportResult out_;
  std::string nodes_, constraints_, options_;
  std::map<std::string, int> used_;
  std::vector<std::pair<std::string, int>> resource_nodes_;  // haresources' nodes, their lines
  std::set<std::string> ha_cf_nodes_;                        // ha.cf's node lines
  Errors errors_;
};

}  // namespace

std::string IdFromText(std::string_view prefix, std::string_view text) {
  std::string id(prefix);
  for (char c : text) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    id += ok && c != '.' ? c : '_';
  }
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0])) || id[0] == '-') id = "r_" + id;
  return id;
}

std::expected<ImportResult, Errors> ImportHaresources(
    std::string_view haresources, std::string_view ha_cf,
    const std::function<bool(const std::string&)>& is_heartbeat_script) {
  HaresourcesImporter importer(is_heartbeat_script);
  for (const Line& line : LogicalLines(haresources)) importer.Line(line);
  if (!ha_cf.empty()) importer.HaCf(ha_cf);
  return importer.Finish();
}

}  // namespace keel
