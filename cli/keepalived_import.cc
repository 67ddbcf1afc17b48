// keepalived.conf -> crm text: virtual servers to IPVSDirector, VRRP addresses to IPaddr.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "cli/crm_lexer.h"
#include "cli/importer.h"

namespace keel {

namespace {

// One statement: words on a line, with an optional { block }.
struct KaNode {
  std::vector<std::string> words;
  int line = 0;
  std::vector<KaNode> block;
  bool has_block = false;
};

struct Token {
  std::string text;
  int line;
};

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  int line = 1;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\n') {
      tokens.push_back({"\n", line++});
      ++i;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '#' || c == '!') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '{' || c == '}') {
      tokens.push_back({std::string(1, c), line});
      ++i;
    } else if (c == '"') {
      size_t end = text.find('"', i + 1);
      if (end == std::string_view::npos) end = text.size();
      tokens.push_back({std::string(text.substr(i + 1, end - i - 1)), line});
      i = end + 1;
    } else {
      size_t start = i;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) &&
             text[i] != '{' && text[i] != '}')
        ++i;
      tokens.push_back({std::string(text.substr(start, i - start)), line});
    }
  }
  return tokens;
}

// Parses statements until '}' (depth > 0) or the end. Bounded by the token count.
std::vector<KaNode> ParseBlock(const std::vector<Token>& tokens, size_t& pos, Errors& errors,
                               int depth, const std::string& source) {
  std::vector<KaNode> nodes;
  KaNode current;
  auto flush = [&] {
    if (!current.words.empty()) nodes.push_back(std::move(current));
    current = KaNode{};
  };
  while (pos < tokens.size()) {
    const Token& t = tokens[pos++];
    if (t.text == "\n") {
      flush();
    } else if (t.text == "{") {
      current.line = current.words.empty() ? t.line : current.line;
      current.has_block = true;
      current.block = ParseBlock(tokens, pos, errors, depth + 1, source);
      if (current.words.empty()) current.words.push_back("{");
      flush();
    } else if (t.text == "}") {
      flush();
      if (depth == 0)
        errors.push_back(
            {ErrorCode::kParse, "unexpected '}'", source + ":" + std::to_string(t.line)});
      else
        return nodes;
    } else {
      if (current.words.empty()) current.line = t.line;
      current.words.push_back(t.text);
    }
  }
  flush();
  if (depth > 0) errors.push_back({ErrorCode::kParse, "unterminated block (missing '}')", source});
  return nodes;
}

std::string Arg(const KaNode& n, size_t i) { return i < n.words.size() ? n.words[i] : ""; }
std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// More than two VRRP priorities (1-255) can differ by: a running address outweighs any
// other node's better priority, as keepalived's nopreempt keeps a backup from taking over.
constexpr const char* kNoPreemptStickiness = "255";

// The addresses of a vrrp_instance as written ("198.18.0.1/24"), sorted.
std::vector<std::string> AddressWords(const KaNode& vi) {
  std::vector<std::string> words;
  for (const KaNode& o : vi.block) {
    if (o.words[0] != "virtual_ipaddress") continue;
    for (const KaNode& a : o.block) words.push_back(a.words[0]);
  }
  std::sort(words.begin(), words.end());
  return words;
}

class KeepalivedImporter {
 public:
  explicit KeepalivedImporter(bool map_priorities) : map_priorities_(map_priorities) {}

  void NotImported(const std::string& what, int line) {
    out_.not_imported.push_back("not imported: " + what + " (line " + std::to_string(line) + ")");
  }
  void Mapped(const std::string& what) { out_.mapped.push_back("mapped: " + what); }

  // One file's vrrp_instance priorities and nopreempt, read before any instance is imported.
  // A later file (another node's) must have the first file's addresses for an instance; its
  // other statements are listed, not imported.
  void ReadSettings(const std::vector<KaNode>& top, const KeepalivedFile& file,
                    const std::map<std::string, std::vector<std::string>>& first_addresses,
                    bool first, Errors& errors) {
    // The nodes the location scores name (as haresources' import defines them).
    if (map_priorities_) {
      nodes_ += "node " + QuoteCrmValue(file.node) + "\n";
      node_names_.push_back(file.node);
    }
    for (const KaNode& n : top) {
      const std::string at = file.source + ":" + std::to_string(n.line);
      if (n.words[0] != "vrrp_instance") {
        if (!first) {
          out_.not_imported.push_back("not imported: " + n.words[0] + " (" + at +
                                      "): resources come from the first file");
        }
        continue;
      }
      const std::string name = Arg(n, 1);
      auto known = first_addresses.find(name);
      if (known == first_addresses.end()) {
        out_.not_imported.push_back("not imported: vrrp_instance " + name + " (" + at +
                                    "): the first file has no instance of that name");
        continue;
      }
      if (AddressWords(n) != known->second) {
        errors.push_back({ErrorCode::kInvalid,
                          "vrrp_instance " + name +
                              " has other addresses than in the first file: every node's file "
                              "must describe the same instances",
                          at});
        continue;
      }
      VrrpSetting setting{file.node, 100, false, ""};  // 100: keepalived's default priority
      setting.where = map_priorities_ ? file.node + ", " + at : "line " + std::to_string(n.line);
      for (const KaNode& o : n.block) {
        if (o.words[0] == "nopreempt") setting.nopreempt = true;
        if (o.words[0] != "priority") continue;
        const std::string& text = Arg(o, 1);
        int value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 255) {
          errors.push_back(
              {ErrorCode::kInvalid,
               "vrrp_instance " + name + ": priority must be 1-255, not '" + text + "'",
               file.source + ":" + std::to_string(o.line)});
        }
        setting.priority = value;
      }
      settings_[name].push_back(setting);
    }
  }

  // Check parameters from one checker block; "" key order kept for determinism.
  std::vector<std::pair<std::string, std::string>> Check(const KaNode& check) {
    std::vector<std::pair<std::string, std::string>> p;
    std::string type = check.words[0] == "SSL_GET" ? "HTTP_GET" : check.words[0];
    if (check.words[0] == "SSL_GET") NotImported("SSL_GET (checked as plain HTTP_GET)", check.line);
    p.push_back({"check_type", type});
    for (const KaNode& o : check.block) {
      const std::string& k = o.words[0];
      if (k == "connect_timeout")
        p.push_back({"connect_timeout", Arg(o, 1) + "s"});
      else if (k == "connect_port")
        p.push_back({"check_port", Arg(o, 1)});
      else if (k == "retry" || k == "nb_get_retry")
        p.push_back({"retry", Arg(o, 1)});
      else if (k == "misc_path")
        p.push_back({"misc_path", Arg(o, 1)});
      else if (k == "misc_timeout")
        p.push_back({"connect_timeout", Arg(o, 1) + "s"});
      else if (k == "misc_dynamic")
        p.push_back({"misc_dynamic", "true"});
      else if (k == "url") {
        for (const KaNode& u : o.block) {
          if (u.words[0] == "path")
            p.push_back({"http_path", Arg(u, 1)});
          else if (u.words[0] == "status_code")
            p.push_back({"http_status", Arg(u, 1)});
          else if (u.words[0] == "digest")
            p.push_back({"http_digest", Arg(u, 1)});
          else
            NotImported("url option '" + u.words[0] + "'", u.line);
        }
      } else {
        NotImported(check.words[0] + " option '" + k + "'", o.line);
      }
    }
    return p;
  }

  // One real_server block: appends "ip:port:weight" to `list`; the first check found becomes
  // the service's check, later different ones are reported.
  void RealServer(const KaNode& rs, std::string& list,
                  std::vector<std::pair<std::string, std::string>>& checks, bool& have_check) {
    std::string weight = "1";
    for (const KaNode& r : rs.block) {
      const std::string& rk = r.words[0];
      if (rk == "weight") {
        weight = Arg(r, 1);
      } else if (rk == "inhibit_on_failure") {
        inhibit_.push_back(Arg(rs, 1) + ":" + Arg(rs, 2));
      } else if (rk == "HTTP_GET" || rk == "SSL_GET" || rk == "TCP_CHECK" || rk == "MISC_CHECK") {
        auto c = Check(r);
        if (!have_check) {
          checks = c;
          have_check = true;
        } else if (c != checks) {
          NotImported(
              "a health check differing from the first real server's (IPVSDirector has "
              "one check per service)",
              r.line);
        }
      } else {
        NotImported("real_server option '" + rk + "'", r.line);
      }
    }
    list += (list.empty() ? "" : " ") + Arg(rs, 1) + ":" + Arg(rs, 2) + ":" + weight;
  }

  void VirtualServer(const KaNode& vs) {
    if (Arg(vs, 1) == "fwmark" || Arg(vs, 1) == "group" || vs.words.size() < 3) {
      NotImported("virtual_server " + Arg(vs, 1) + " (only IP PORT services are supported)",
                  vs.line);
      return;
    }
    std::string vip = Arg(vs, 1), port = Arg(vs, 2);
    std::string id = Unique(IdFromText("lvs_", vip + "_" + port));
    std::vector<std::pair<std::string, std::string>> params = {{"vip", vip}, {"port", port}};
    std::string real_servers;
    std::vector<std::pair<std::string, std::string>> checks;
    bool have_check = false;
    std::string delay = "";
    for (const KaNode& o : vs.block) {
      const std::string& k = o.words[0];
      if (k == "lb_algo" || k == "lvs_sched")
        params.push_back({"scheduler", Arg(o, 1)});
      else if (k == "lb_kind" || k == "lvs_method")
        params.push_back({"forwarding", Arg(o, 1)});
      else if (k == "persistence_timeout")
        params.push_back({"persistence_timeout", Arg(o, 1)});
      else if (k == "protocol")
        params.push_back({"protocol", Lower(Arg(o, 1))});
      else if (k == "delay_loop")
        delay = Arg(o, 1) + "s";
      else if (k == "quorum")
        params.push_back({"quorum", Arg(o, 1)});
      else if (k == "hysteresis")
        params.push_back({"hysteresis", Arg(o, 1)});
      else if (k == "sorry_server")
        params.push_back({"sorry_server", Arg(o, 1) + ":" + Arg(o, 2)});
      else if (k == "real_server") {
        RealServer(o, real_servers, checks, have_check);
      } else {
        NotImported("virtual_server option '" + k + "'", o.line);
      }
    }
    params.push_back({"real_servers", real_servers});
    if (!have_check) checks.push_back({"check_type", "NONE"});
    params.insert(params.end(), checks.begin(), checks.end());
    if (!delay.empty()) params.push_back({"delay_loop", delay});
    // keepalived sets inhibit_on_failure per real server: only those are kept at weight 0.
    if (!inhibit_.empty()) {
      std::string list;
      for (const std::string& server : inhibit_) list += (list.empty() ? "" : " ") + server;
      params.push_back({"inhibit_servers", list});
    }
    inhibit_.clear();
    std::string text = "primitive " + id + " ocf:keel:IPVSDirector params";
    for (const auto& [k, v] : params) text += " " + k + "=" + QuoteCrmValue(v);
    out_.crm += text + " op monitor interval=10s timeout=20s\n";
    directors_[vip].push_back(id);
  }

  // The addresses of one instance fail over together: more than one become a group. With
  // every node's file (map_priorities_) each node's priority becomes a location score.
  void VrrpInstance(const KaNode& vi) {
    const std::string name = Arg(vi, 1);
    const std::vector<VrrpSetting>& settings = settings_[name];
    const bool nopreempt =
        std::any_of(settings.begin(), settings.end(), [](const auto& s) { return s.nopreempt; });
    std::string nic;
    size_t addresses = 0;
    for (const KaNode& o : vi.block) {
      if (o.words[0] == "interface") nic = Arg(o, 1);
      if (o.words[0] == "virtual_ipaddress") addresses += o.block.size();
    }
    // A lone address carries the stickiness itself; a group carries it for its members.
    const std::string sticky = " meta resource-stickiness=" + std::string(kNoPreemptStickiness);
    std::vector<std::string> vips;
    for (const KaNode& o : vi.block) {
      const std::string& k = o.words[0];
      if (k == "virtual_ipaddress") {
        for (const KaNode& a : o.block)
          vips.push_back(Address(a, nic, nopreempt && addresses == 1 ? sticky : ""));
      } else if (k == "priority" && !map_priorities_) {
        NotImported("vrrp_instance " + name + " priority " + Arg(o, 1) +
                        " (a priority only ranks this node against the others: give every "
                        "node's file as --node NODE=FILE to map priorities to location scores)",
                    o.line);
      } else if (k != "interface" && k != "priority" && k != "nopreempt") {
        NotImported("vrrp_instance " + name + " option '" + k + "'", o.line);
      }
    }
    if (vips.empty()) return;
    std::string lead = vips.front();
    if (vips.size() > 1) {
      lead = Unique(IdFromText("vrrp_", name));
      std::string members;
      for (const std::string& v : vips) members += " " + v;
      out_.crm += "group " + lead + members + (nopreempt ? sticky : "") + "\n";
    }
    instance_lead_[name] = lead;
    for (const VrrpSetting& s : settings) {
      if (s.nopreempt) {
        Mapped("vrrp_instance " + name + " nopreempt (" + s.where +
               ") -> resource-stickiness=" + kNoPreemptStickiness + " on " + lead +
               ": more than two VRRP priorities can differ by, so the addresses stay where "
               "they run when a higher-priority node returns; a failure still moves them");
      }
      if (!map_priorities_) continue;
      std::string id = Unique(IdFromText("", lead + "-prefers-" + s.node));
      constraints_ +=
          "location " + id + " " + lead + " " + std::to_string(s.priority) + ": " + s.node + "\n";
      Mapped("vrrp_instance " + name + " priority " + std::to_string(s.priority) + " (" + s.where +
             ") -> location score " + std::to_string(s.priority) + " for " + lead + " on " +
             s.node +
             ": the node with the highest priority runs the addresses, as "
             "it would be the VRRP master");
    }
    for (const std::string& node : node_names_) {
      auto has = [&](const VrrpSetting& s) { return s.node == node; };
      if (std::any_of(settings.begin(), settings.end(), has)) continue;
      std::string id = Unique(IdFromText("", lead + "-never-on-" + node));
      constraints_ += "location " + id + " " + lead + " -inf: " + node + "\n";
      Mapped("vrrp_instance " + name + " is not in " + node + "'s file -> location -INFINITY for " +
             lead + " on " + node + ": keepalived there never holds these addresses");
    }
  }

  // vrrp_sync_group NAME { group { VI_1 VI_2 } }: its instances fail over together, so their
  // addresses (and the directors colocated with them) are colocated with the first one's.
  void SyncGroup(const KaNode& sg) {
    for (const KaNode& o : sg.block) {
      if (o.words[0] != "group") {
        NotImported("vrrp_sync_group " + Arg(sg, 1) + " option '" + o.words[0] + "'", o.line);
        continue;
      }
      std::vector<std::string> names;
      for (const KaNode& member : o.block) names.push_back(member.words[0]);
      sync_groups_.push_back(SyncGroupSpec{Arg(sg, 1), names, sg.line});
    }
  }

  // Defines the address's primitive; returns its id.
  std::string Address(const KaNode& a, const std::string& default_nic, const std::string& meta) {
    std::string ip = a.words[0], cidr;
    if (size_t slash = ip.find('/'); slash != std::string::npos)
      cidr = ip.substr(slash + 1), ip.resize(slash);
    std::string nic = default_nic;
    for (size_t i = 1; i + 1 < a.words.size(); i += 2) {
      if (a.words[i] == "dev")
        nic = a.words[i + 1];
      else
        NotImported("virtual_ipaddress option '" + a.words[i] + "'", a.line);
    }
    std::string id = Unique(IdFromText("vip_", ip));
    std::string text = "primitive " + id + " ocf:keel:IPaddr params ip=" + ip;
    if (!cidr.empty()) text += " cidr_netmask=" + cidr;
    if (!nic.empty()) text += " nic=" + QuoteCrmValue(nic);
    out_.crm += text + meta + " op monitor interval=10s timeout=20s\n";
    for (const std::string& d : directors_[ip]) {
      constraints_ += "colocation " + d + "-with-" + id + " inf: " + d + " " + id + "\n";
      constraints_ += "order " + id + "-before-" + d + " Mandatory: " + id + " " + d + "\n";
    }
    return id;
  }

  ImportResult Finish() {
    for (const SyncGroupSpec& sg : sync_groups_) {
      std::string first;
      for (const std::string& name : sg.instances) {
        auto lead = instance_lead_.find(name);
        if (lead == instance_lead_.end()) {
          NotImported("vrrp_sync_group " + sg.name + " member '" + name +
                          "' (no vrrp_instance with addresses of that name)",
                      sg.line);
          continue;
        }
        if (first.empty()) {
          first = lead->second;
          continue;
        }
        std::string id = Unique(IdFromText("sync_", sg.name + "_" + name));
        constraints_ += "colocation " + id + " inf: " + lead->second + " " + first + "\n";
      }
    }
    out_.crm = nodes_ + out_.crm + constraints_;
    return out_;
  }

 private:
  std::string Unique(const std::string& id) {
    int n = ++used_[id];
    return n == 1 ? id : id + "_" + std::to_string(n);
  }

  ImportResult out_;
  std::string nodes_, constraints_;
  std::map<std::string, std::vector<std::string>> directors_;
  std::map<std::string, int> used_;
  std::vector<std::string> inhibit_;  // ip:port of this service's real servers with the flag
  std::map<std::string, std::string> instance_lead_;  // vrrp_instance -> its VIP or group
  struct VrrpSetting {
    std::string node;  // whose file; "" for a single file
    int priority;
    bool nopreempt;
    std::string where;  // for the notes
  };
  std::map<std::string, std::vector<VrrpSetting>> settings_;  // vrrp_instance -> per file
  bool map_priorities_;                                       // every node's file was given
  std::vector<std::string> node_names_;  // in the order of the files, when mapping
  struct SyncGroupSpec {
    std::string name;
    std::vector<std::string> instances;
    int line;
  };
  std::vector<SyncGroupSpec> sync_groups_;
};

}  // namespace

std::expected<ImportResult, Errors> ImportKeepalived(std::string_view conf) {
  return ImportKeepalived({KeepalivedFile{"", "keepalived.conf", std::string(conf)}});
}

std::expected<ImportResult, Errors> ImportKeepalived(const std::vector<KeepalivedFile>& files) {
  Errors errors;
  std::vector<std::vector<KaNode>> tops;
  for (const KeepalivedFile& file : files) {
    std::vector<Token> tokens = Tokenize(file.text);
    size_t pos = 0;
    tops.push_back(ParseBlock(tokens, pos, errors, 0, file.source));
  }
  if (files.empty() || !errors.empty()) return std::unexpected(errors);
  std::map<std::string, std::vector<std::string>> first_addresses;
  for (const KaNode& n : tops[0]) {
    if (n.words[0] == "vrrp_instance") first_addresses[Arg(n, 1)] = AddressWords(n);
  }
  KeepalivedImporter importer(files.size() > 1);
  for (size_t i = 0; i < files.size(); ++i) {
    importer.ReadSettings(tops[i], files[i], first_addresses, i == 0, errors);
  }
  if (!errors.empty()) return std::unexpected(errors);
  const std::vector<KaNode>& top = tops[0];
  // Directors first, so that VRRP addresses find the director they front.
  for (const KaNode& n : top) {
    if (n.words[0] == "virtual_server") importer.VirtualServer(n);
  }
  for (const KaNode& n : top) {
    if (n.words[0] == "vrrp_instance")
      importer.VrrpInstance(n);
    else if (n.words[0] == "vrrp_sync_group")
      importer.SyncGroup(n);
    else if (n.words[0] != "virtual_server")
      importer.NotImported(n.words[0], n.line);
  }
  return importer.Finish();
}

}  // namespace keel
