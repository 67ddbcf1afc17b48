// keepalived.conf -> crm text: virtual servers to IPVSDirector, VRRP addresses to IPaddr (their
// per-node priorities: keepalived_vrrp_nodes.cc).
#include <cctype>
#include <map>

#include "cli/crm_lexer.h"
#include "cli/importer.h"
#include "cli/keepalived_conf.h"
#include "cli/keepalived_vrrp_nodes.h"

namespace keel {

namespace {

// Where the package installs it (agents/CMakeLists.txt).
constexpr std::string_view kKeepalivedNotifyAgent =
    "/usr/libexec/keel/alerts/alert_keepalived_notify.sh";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class KeepalivedImporter {
 public:
  explicit KeepalivedImporter(const VrrpNodeSettings& nodes) : nodes_(nodes) {
    out_.not_imported = nodes.NotImported();
  }

  void NotImported(const std::string& what, int line) {
    out_.not_imported.push_back("not imported: " + what + " (line " + std::to_string(line) + ")");
  }
  void Mapped(const std::string& what) { out_.mapped.push_back("mapped: " + what); }

  // Check parameters from one checker block; "" key order kept for determinism.
  std::vector<std::pair<std::string, std::string>> Check(const KeepalivedStatement& check) {
    std::vector<std::pair<std::string, std::string>> p;
    std::string type = check.words[0] == "SSL_GET" ? "HTTP_GET" : check.words[0];
    if (check.words[0] == "SSL_GET") NotImported("SSL_GET (checked as plain HTTP_GET)", check.line);
    p.push_back({"check_type", type});
    for (const KeepalivedStatement& o : check.block) {
      const std::string& k = o.words[0];
      if (k == "connect_timeout")
        p.push_back({"connect_timeout", o.Word(1) + "s"});
      else if (k == "connect_port")
        p.push_back({"check_port", o.Word(1)});
      else if (k == "retry" || k == "nb_get_retry")
        p.push_back({"retry", o.Word(1)});
      else if (k == "misc_path")
        p.push_back({"misc_path", o.Word(1)});
      else if (k == "misc_timeout")
        p.push_back({"connect_timeout", o.Word(1) + "s"});
      else if (k == "misc_dynamic")
        p.push_back({"misc_dynamic", "true"});
      else if (k == "url") {
        for (const KeepalivedStatement& u : o.block) {
          if (u.words[0] == "path")
            p.push_back({"http_path", u.Word(1)});
          else if (u.words[0] == "status_code")
            p.push_back({"http_status", u.Word(1)});
          else if (u.words[0] == "digest")
            p.push_back({"http_digest", u.Word(1)});
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
  void RealServer(const KeepalivedStatement& rs, std::string& list,
                  std::vector<std::pair<std::string, std::string>>& checks, bool& have_check) {
    std::string weight = "1";
    for (const KeepalivedStatement& r : rs.block) {
      const std::string& rk = r.words[0];
      if (rk == "weight") {
        weight = r.Word(1);
      } else if (rk == "inhibit_on_failure") {
        inhibit_.push_back(rs.Word(1) + ":" + rs.Word(2));
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
    list += (list.empty() ? "" : " ") + rs.Word(1) + ":" + rs.Word(2) + ":" + weight;
  }

  void VirtualServer(const KeepalivedStatement& vs) {
    if (vs.Word(1) == "fwmark" || vs.Word(1) == "group" || vs.words.size() < 3) {
      NotImported("virtual_server " + vs.Word(1) + " (only IP PORT services are supported)",
                  vs.line);
      return;
    }
    std::string vip = vs.Word(1), port = vs.Word(2);
    std::string id = Unique(IdFromText("lvs_", vip + "_" + port));
    std::vector<std::pair<std::string, std::string>> params = {{"vip", vip}, {"port", port}};
    std::string real_servers;
    std::vector<std::pair<std::string, std::string>> checks;
    bool have_check = false;
    std::string delay = "";
    for (const KeepalivedStatement& o : vs.block) {
      const std::string& k = o.words[0];
      if (k == "lb_algo" || k == "lvs_sched")
        params.push_back({"scheduler", o.Word(1)});
      else if (k == "lb_kind" || k == "lvs_method")
        params.push_back({"forwarding", o.Word(1)});
      else if (k == "persistence_timeout")
        params.push_back({"persistence_timeout", o.Word(1)});
      else if (k == "protocol")
        params.push_back({"protocol", Lower(o.Word(1))});
      else if (k == "delay_loop")
        delay = o.Word(1) + "s";
      else if (k == "quorum")
        params.push_back({"quorum", o.Word(1)});
      else if (k == "hysteresis")
        params.push_back({"hysteresis", o.Word(1)});
      else if (k == "sorry_server")
        params.push_back({"sorry_server", o.Word(1) + ":" + o.Word(2)});
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
  // every node's file each node's priority becomes a location score.
  void VrrpInstance(const KeepalivedStatement& vi) {
    const std::string name = vi.Word(1);
    const bool nopreempt = nodes_.NoPreempt(name);
    std::string nic;
    size_t addresses = 0;
    for (const KeepalivedStatement& o : vi.block) {
      if (o.words[0] == "interface") nic = o.Word(1);
      if (o.words[0] == "virtual_ipaddress") addresses += o.block.size();
    }
    // A lone address carries the stickiness itself; a group carries it for its members.
    const std::string sticky = " meta resource-stickiness=" + std::string(kNoPreemptStickiness);
    std::vector<std::string> vips;
    std::vector<const KeepalivedStatement*> notify;
    for (const KeepalivedStatement& o : vi.block) {
      const std::string& k = o.words[0];
      if (k == "virtual_ipaddress") {
        for (const KeepalivedStatement& a : o.block)
          vips.push_back(Address(a, nic, nopreempt && addresses == 1 ? sticky : ""));
      } else if (k == "priority" && !nodes_.MapsPriorities()) {
        NotImported("vrrp_instance " + name + " priority " + o.Word(1) +
                        " (a priority only ranks this node against the others: give every "
                        "node's file as --node NODE=FILE to map priorities to location scores)",
                    o.line);
      } else if (k == "notify_master" || k == "notify_backup" || k == "notify_fault" ||
                 k == "notify") {
        notify.push_back(&o);
      } else if (k == "notify_stop") {
        NotImported("vrrp_instance " + name +
                        " option 'notify_stop' (no cluster event stands for keepalived stopping)",
                    o.line);
      } else if (k != "interface" && k != "priority" && k != "nopreempt") {
        NotImported("vrrp_instance " + name + " option '" + k + "'", o.line);
      }
    }
    if (vips.empty()) {
      for (const KeepalivedStatement* n : notify) {
        NotImported("vrrp_instance " + name + " option '" + n->words[0] +
                        "' (the instance has no addresses whose results could run it)",
                    n->line);
      }
      return;
    }
    NotifyAlert(name, vips.back(), notify);
    std::string lead = vips.front();
    if (vips.size() > 1) {
      lead = Unique(IdFromText("vrrp_", name));
      std::string members;
      for (const std::string& v : vips) members += " " + v;
      out_.crm += "group " + lead + members + (nopreempt ? sticky : "") + "\n";
    }
    instance_lead_[name] = lead;
    VrrpPlacement placement =
        nodes_.Place(name, lead, [this](const std::string& id) { return Unique(id); });
    constraints_ += placement.constraints;
    out_.mapped.insert(out_.mapped.end(), placement.mapped.begin(), placement.mapped.end());
  }

  // notify_master / notify_backup / notify_fault / notify of an instance: an alert whose agent
  // runs them on the node where `rsc` (the last address: a group is up when it is) starts
  // (MASTER), stops (BACKUP) or fails (FAULT).
  void NotifyAlert(const std::string& instance, const std::string& rsc,
                   const std::vector<const KeepalivedStatement*>& notify) {
    if (notify.empty()) return;
    const std::string id = Unique(IdFromText("notify_", instance));
    std::string text = "alert " + id + " " + std::string(kKeepalivedNotifyAgent) +
                       " attributes rsc=" + rsc + " instance=" + QuoteCrmValue(instance);
    std::string options;
    for (const KeepalivedStatement* n : notify) {
      std::string command;
      for (size_t i = 1; i < n->words.size(); ++i) command += (i > 1 ? " " : "") + n->words[i];
      text += " " + n->words[0] + "=" + QuoteCrmValue(command);
      options +=
          (options.empty() ? "" : ", ") + n->words[0] + " (line " + std::to_string(n->line) + ")";
    }
    alerts_ += text + " select resources\n";
    Mapped("vrrp_instance " + instance + " " + options + " -> alert " + id + ": run when " + rsc +
           " starts (MASTER), stops (BACKUP) or fails (FAULT) on a node");
  }

  // vrrp_sync_group NAME { group { VI_1 VI_2 } }: its instances fail over together, so their
  // addresses (and the directors colocated with them) are colocated with the first one's.
  void SyncGroup(const KeepalivedStatement& sg) {
    for (const KeepalivedStatement& o : sg.block) {
      if (o.words[0] != "group") {
        NotImported("vrrp_sync_group " + sg.Word(1) + " option '" + o.words[0] + "'", o.line);
        continue;
      }
      std::vector<std::string> names;
      for (const KeepalivedStatement& member : o.block) names.push_back(member.words[0]);
      sync_groups_.push_back(SyncGroupSpec{sg.Word(1), names, sg.line});
    }
  }

  // Defines the address's primitive; returns its id.
  std::string Address(const KeepalivedStatement& a, const std::string& default_nic,
                      const std::string& meta) {
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
    out_.crm = nodes_.NodesCrm() + out_.crm + constraints_ + alerts_;
    return out_;
  }

 private:
  std::string Unique(const std::string& id) {
    int n = ++used_[id];
    return n == 1 ? id : id + "_" + std::to_string(n);
  }

  ImportResult out_;
  const VrrpNodeSettings& nodes_;
  std::string constraints_;
  std::string alerts_;  // after the constraints: they name the addresses
  std::map<std::string, std::vector<std::string>> directors_;
  std::map<std::string, int> used_;
  std::vector<std::string> inhibit_;  // ip:port of this service's real servers with the flag
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
  return ImportKeepalived({KeepalivedFile{"", "keepalived.conf", std::string(conf)}});
}

std::expected<ImportResult, Errors> ImportKeepalived(const std::vector<KeepalivedFile>& files) {
  Errors errors;
  std::vector<std::vector<KeepalivedStatement>> tops;
  for (const KeepalivedFile& file : files) {
    auto parsed = ParseKeepalivedConf(file.text, file.source);
    if (parsed)
      tops.push_back(std::move(*parsed));
    else
      errors.insert(errors.end(), parsed.error().begin(), parsed.error().end());
  }
  if (files.empty() || !errors.empty()) return std::unexpected(errors);
  auto nodes = VrrpNodeSettings::Read(files, tops);
  if (!nodes) return std::unexpected(nodes.error());
  KeepalivedImporter importer(*nodes);
  const std::vector<KeepalivedStatement>& top = tops[0];
  // Directors first, so that VRRP addresses find the director they front.
  for (const KeepalivedStatement& n : top) {
    if (n.words[0] == "virtual_server") importer.VirtualServer(n);
  }
  for (const KeepalivedStatement& n : top) {
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
