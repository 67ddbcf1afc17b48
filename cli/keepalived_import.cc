// keepalived.conf -> crm text: virtual servers to IPVSDirector, VRRP addresses to IPaddr.
#include <cctype>
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
                               int depth) {
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
      current.block = ParseBlock(tokens, pos, errors, depth + 1);
      if (current.words.empty()) current.words.push_back("{");
      flush();
    } else if (t.text == "}") {
      flush();
      if (depth == 0)
        errors.push_back(
            {ErrorCode::kParse, "unexpected '}'", "keepalived.conf:" + std::to_string(t.line)});
      else
        return nodes;
    } else {
      if (current.words.empty()) current.line = t.line;
      current.words.push_back(t.text);
    }
  }
  flush();
  if (depth > 0)
    errors.push_back({ErrorCode::kParse, "unterminated block (missing '}')", "keepalived.conf"});
  return nodes;
}

std::string Arg(const KaNode& n, size_t i) { return i < n.words.size() ? n.words[i] : ""; }
std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class KeepalivedImporter {
 public:
  void NotImported(const std::string& what, int line) {
    out_.not_imported.push_back("not imported: " + what + " (line " + std::to_string(line) + ")");
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
        inhibit_ = true;
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
    if (inhibit_) params.push_back({"inhibit_on_failure", "true"});
    inhibit_ = false;
    std::string text = "primitive " + id + " ocf:keel:IPVSDirector params";
    for (const auto& [k, v] : params) text += " " + k + "=" + QuoteCrmValue(v);
    out_.crm += text + " op monitor interval=10s timeout=20s\n";
    directors_[vip].push_back(id);
  }

  // The addresses of one instance fail over together: more than one become a group.
  void VrrpInstance(const KaNode& vi) {
    std::string nic;
    for (const KaNode& o : vi.block)
      if (o.words[0] == "interface") nic = Arg(o, 1);
    std::vector<std::string> vips;
    for (const KaNode& o : vi.block) {
      if (o.words[0] == "virtual_ipaddress") {
        for (const KaNode& a : o.block) vips.push_back(Address(a, nic));
      } else if (o.words[0] != "interface") {
        NotImported("vrrp_instance " + Arg(vi, 1) + " option '" + o.words[0] + "'", o.line);
      }
    }
    if (vips.empty()) return;
    std::string lead = vips.front();
    if (vips.size() > 1) {
      lead = Unique(IdFromText("vrrp_", Arg(vi, 1)));
      std::string members;
      for (const std::string& v : vips) members += " " + v;
      out_.crm += "group " + lead + members + "\n";
    }
    instance_lead_[Arg(vi, 1)] = lead;
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
  std::string Address(const KaNode& a, const std::string& default_nic) {
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
    out_.crm += text + " op monitor interval=10s timeout=20s\n";
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
    out_.crm += constraints_;
    return out_;
  }

 private:
  std::string Unique(const std::string& id) {
    int n = ++used_[id];
    return n == 1 ? id : id + "_" + std::to_string(n);
  }

  ImportResult out_;
  std::string constraints_;
  std::map<std::string, std::vector<std::string>> directors_;
  std::map<std::string, int> used_;
  bool inhibit_ = false;
  std::map<std::string, std::string> instance_lead_;  // vrrp_instance -> its VIP or group
  struct SyncGroupSpec {
    std::string name;
    std::vector<std::string> instances;
    int line;
  };
  std::vector<SyncGroupSpec> sync_groups_;
};

}  // namespace

std::expected<ImportResult, Errors> ImportKeepalived(std::string_view conf) {
  std::vector<Token> tokens = Tokenize(conf);
  size_t pos = 0;
  Errors errors;
  std::vector<KaNode> top = ParseBlock(tokens, pos, errors, 0);
  if (!errors.empty()) return std::unexpected(errors);
  KeepalivedImporter importer;
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
