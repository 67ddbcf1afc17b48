#pragma once
// Every node's keepalived.conf read side by side: each vrrp_instance's priority and nopreempt
// per node, and the location scores and stickiness that stand for them in the cluster.

#include <expected>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "cli/importer.h"
#include "cli/keepalived_conf.h"

namespace keel {

// More than two VRRP priorities (1-255) can differ by: a running address outweighs any
// other node's better priority, as keepalived's nopreempt keeps a backup from taking over.
inline constexpr const char* kNoPreemptStickiness = "255";

// What one instance's per-node settings become.
struct VrrpPlacement {
  std::string constraints;          // crm location lines
  std::vector<std::string> mapped;  // "mapped: ..." notes, in the order of the files
};

class VrrpNodeSettings {
 public:
  // Reads each file's vrrp_instance priority (keepalived's default 100) and nopreempt;
  // `files` and `parsed` in the same order, the first file's instances being the resources.
  // An instance of another file with other addresses than the first file's, or a priority
  // outside 1-255, is an error naming its file and line. With more than one file, priorities
  // map to location scores; with one, only nopreempt is used.
  static std::expected<VrrpNodeSettings, Errors> Read(
      const std::vector<KeepalivedFile>& files,
      const std::vector<std::vector<KeepalivedStatement>>& parsed);

  // Whether every node's file was given (priorities become location scores).
  bool MapsPriorities() const { return map_priorities_; }
  // "node NAME" lines for the nodes the location scores name ("" for one file).
  const std::string& NodesCrm() const { return nodes_crm_; }
  // What other files held that is not imported ("not imported: ..." notes).
  const std::vector<std::string>& NotImported() const { return not_imported_; }
  // Whether any node's file sets nopreempt on `instance`.
  bool NoPreempt(const std::string& instance) const;

  // The location scores that make the node with the highest priority run `lead` (the
  // instance's address or group), -INFINITY on nodes whose file lacks the instance, and the
  // notes saying so. `unique` makes a constraint id unique among the importer's ids.
  VrrpPlacement Place(const std::string& instance, const std::string& lead,
                      const std::function<std::string(const std::string&)>& unique) const;

 private:
  struct Setting {
    std::string node;  // whose file; "" for a single file
    int priority = 100;
    bool nopreempt = false;
    std::string where;  // for the notes
  };

  explicit VrrpNodeSettings(bool map_priorities) : map_priorities_(map_priorities) {}
  void ReadFile(const std::vector<KeepalivedStatement>& top, const KeepalivedFile& file,
                const std::map<std::string, std::vector<std::string>>& first_addresses, bool first,
                Errors& errors);

  bool map_priorities_;
  std::string nodes_crm_;
  std::vector<std::string> node_names_;  // in the order of the files, when mapping
  std::vector<std::string> not_imported_;
  std::map<std::string, std::vector<Setting>> settings_;  // vrrp_instance -> per file
};

}  // namespace keel
