#include "cli/keepalived_vrrp_nodes.h"

#include <algorithm>
#include <charconv>

#include "cli/crm_lexer.h"

namespace keel {

namespace {

// The addresses of a vrrp_instance as written ("198.18.0.1/24"), sorted.
std::vector<std::string> AddressWords(const KeepalivedStatement& instance) {
  std::vector<std::string> words;
  for (const KeepalivedStatement& o : instance.block) {
    if (o.words[0] != "virtual_ipaddress") continue;
    for (const KeepalivedStatement& a : o.block) words.push_back(a.words[0]);
  }
  std::sort(words.begin(), words.end());
  return words;
}

}  // namespace

std::expected<VrrpNodeSettings, Errors> VrrpNodeSettings::Read(
    const std::vector<KeepalivedFile>& files,
    const std::vector<std::vector<KeepalivedStatement>>& parsed) {
  VrrpNodeSettings settings(files.size() > 1);
  std::map<std::string, std::vector<std::string>> first_addresses;
  for (const KeepalivedStatement& n : parsed.at(0)) {
    if (n.words[0] == "vrrp_instance") first_addresses[n.Word(1)] = AddressWords(n);
  }
  Errors errors;
  for (size_t i = 0; i < files.size(); ++i) {
    settings.ReadFile(parsed.at(i), files[i], first_addresses, i == 0, errors);
  }
  if (!errors.empty()) return std::unexpected(errors);
  return settings;
}

void VrrpNodeSettings::ReadFile(
    const std::vector<KeepalivedStatement>& top, const KeepalivedFile& file,
    const std::map<std::string, std::vector<std::string>>& first_addresses, bool first,
    Errors& errors) {
  // The nodes the location scores name (as haresources' import defines them).
  if (map_priorities_) {
    nodes_crm_ += "node " + QuoteCrmValue(file.node) + "\n";
    node_names_.push_back(file.node);
  }
  for (const KeepalivedStatement& n : top) {
    const std::string at = file.source + ":" + std::to_string(n.line);
    if (n.words[0] != "vrrp_instance") {
      if (!first) {
        not_imported_.push_back("not imported: " + n.words[0] + " (" + at +
                                "): resources come from the first file");
      }
      continue;
    }
    const std::string name = n.Word(1);
    auto known = first_addresses.find(name);
    if (known == first_addresses.end()) {
      not_imported_.push_back("not imported: vrrp_instance " + name + " (" + at +
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
    Setting setting{file.node, 100, false, ""};  // 100: keepalived's default priority
    setting.where = map_priorities_ ? file.node + ", " + at : "line " + std::to_string(n.line);
    for (const KeepalivedStatement& o : n.block) {
      if (o.words[0] == "nopreempt") setting.nopreempt = true;
      if (o.words[0] != "priority") continue;
      const std::string text = o.Word(1);
      int value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 255) {
        errors.push_back({ErrorCode::kInvalid,
                          "vrrp_instance " + name + ": priority must be 1-255, not '" + text + "'",
                          file.source + ":" + std::to_string(o.line)});
      }
      setting.priority = value;
    }
    settings_[name].push_back(setting);
  }
}

bool VrrpNodeSettings::NoPreempt(const std::string& instance) const {
  auto found = settings_.find(instance);
  if (found == settings_.end()) return false;
  return std::any_of(found->second.begin(), found->second.end(),
                     [](const Setting& s) { return s.nopreempt; });
}

VrrpPlacement VrrpNodeSettings::Place(
    const std::string& instance, const std::string& lead,
    const std::function<std::string(const std::string&)>& unique) const {
  VrrpPlacement out;
  static const std::vector<Setting> kNone;
  auto found = settings_.find(instance);
  const std::vector<Setting>& settings = found == settings_.end() ? kNone : found->second;
  for (const Setting& s : settings) {
    if (s.nopreempt) {
      out.mapped.push_back("mapped: vrrp_instance " + instance + " nopreempt (" + s.where +
                           ") -> resource-stickiness=" + kNoPreemptStickiness + " on " + lead +
                           ": more than two VRRP priorities can differ by, so the addresses "
                           "stay where they run when a higher-priority node returns; a failure "
                           "still moves them");
    }
    if (!map_priorities_) continue;
    std::string id = unique(IdFromText("", lead + "-prefers-" + s.node));
    out.constraints +=
        "location " + id + " " + lead + " " + std::to_string(s.priority) + ": " + s.node + "\n";
    out.mapped.push_back("mapped: vrrp_instance " + instance + " priority " +
                         std::to_string(s.priority) + " (" + s.where + ") -> location score " +
                         std::to_string(s.priority) + " for " + lead + " on " + s.node +
                         ": the node with the highest priority runs the addresses, as it would "
                         "be the VRRP master");
  }
  for (const std::string& node : node_names_) {
    auto has = [&](const Setting& s) { return s.node == node; };
    if (std::any_of(settings.begin(), settings.end(), has)) continue;
    std::string id = unique(IdFromText("", lead + "-never-on-" + node));
    out.constraints += "location " + id + " " + lead + " -inf: " + node + "\n";
    out.mapped.push_back("mapped: vrrp_instance " + instance + " is not in " + node +
                         "'s file -> location -INFINITY for " + lead + " on " + node +
                         ": keepalived there never holds these addresses");
  }
  return out;
}

}  // namespace keel
