#pragma once
// Command lines of attrd_updater, crm_attribute and crm_master, as resource agents pass them
// (Pacemaker's options and meanings; options Keel does not implement are refused as
// "not supported: X"). Pure: the environment comes in as a lookup function.

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/attr_getopt.h"

namespace keel {

enum class AttrTool { kAttrdUpdater, kCrmAttribute };

struct AttrCommand {
  enum class Action { kUpdate, kDelete, kQuery };
  enum class Lifetime { kReboot, kForever };
  AttrTool tool = AttrTool::kAttrdUpdater;
  Action action = Action::kQuery;
  Lifetime lifetime = Lifetime::kReboot;
  std::string name;
  std::string value;
  std::string node;  // "" = this node; "*" = every node (attrd_updater -A)
  std::optional<int64_t> dampen_ms;
  bool is_private = false;
  bool quiet = false;                        // crm_attribute -q: the value only
  std::optional<std::string> default_value;  // crm_attribute -d: answer for a missing one
  friend bool operator==(const AttrCommand&, const AttrCommand&) = default;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// `args` without argv[0]. `promotion`: crm_master, as Pacemaker's crm_master script runs
// crm_attribute: its own options (-r RSC, the deprecated -Q, -U NODE, --attr-value), the name
// of --promotion, and the lifetime forever unless -l says otherwise (crm_attribute
// --promotion defaults to reboot).
std::expected<AttrCommand, AttrUsageError> ParseAttrdUpdater(const std::vector<std::string>& args);
std::expected<AttrCommand, AttrUsageError> ParseCrmAttribute(const std::vector<std::string>& args,
                                                             const EnvLookup& env,
                                                             bool promotion = false);

// The promotion score attribute of a resource instance: "master-RSC", a clone's ":N" dropped.
std::string PromotionAttributeName(const std::string& resource_instance);

}  // namespace keel
