#include "fencing/fencer_config.h"

#include <set>
#include <utility>

#include "xml/cluster_options.h"
#include "xml/duration.h"
#include "xml/fencing_target.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

void CheckLevels(const FencerConfig& config, std::string_view source, Errors& errors) {
  std::set<std::pair<std::string, int>> seen;
  for (const FencingLevel& level : config.levels) {
    const std::string where = Where(source, level.line) + " (" + level.id + ")";
    const std::string target = FencingTargetText(level);
    if (!seen.emplace(target, level.index).second) {
      errors.push_back(
          Error{ErrorCode::kInvalid,
                "a second fencing level " + std::to_string(level.index) + " for " + target, where});
    }
    if (level.devices.empty()) {
      errors.push_back(Error{ErrorCode::kInvalid, "fencing level lists no devices", where});
    }
    for (const std::string& device : level.devices) {
      bool known = false;
      for (const FenceDeviceConfig& candidate : config.devices) known |= candidate.id == device;
      if (!known) {
        errors.push_back(Error{ErrorCode::kInvalid,
                               "fencing level names unknown fence device '" + device + "'", where});
      }
    }
  }
}

}  // namespace

std::expected<FencerConfig, Errors> FencerConfigFromCib(const Configuration& config,
                                                        std::string_view source) {
  FencerConfig result;
  Errors errors;
  auto devices = FenceDevicesFromConfig(config, source);
  if (devices)
    result.devices = std::move(*devices);
  else
    errors = std::move(devices.error());
  result.levels = config.fencing_levels;
  result.nodes = config.nodes;
  CheckLevels(result, source, errors);

  const std::string action = ClusterOptionOr(config, "fencing-action");
  if (action == "reboot")
    result.default_action = FenceAction::kReboot;
  else if (action == "off" || action == "poweroff")
    result.default_action = FenceAction::kOff;
  else
    errors.push_back(Error{ErrorCode::kInvalid,
                           "fencing-action '" + action + "' is not reboot or off",
                           "fencing-action"});

  const std::string timeout = ClusterOptionOr(config, "fencing-timeout");
  auto timeout_ms = ParseDurationMs(timeout);
  if (!timeout_ms || *timeout_ms <= 0) {
    errors.push_back(Error{ErrorCode::kInvalid,
                           "fencing-timeout '" + timeout + "' is not a positive duration",
                           "fencing-timeout"});
  } else {
    result.timeout_ms = *timeout_ms;
  }
  const std::string concurrent = ClusterOptionOr(config, "concurrent-fencing");
  if (auto value = ParseBool(concurrent)) {
    result.concurrent = *value;
  } else {
    errors.push_back(Error{ErrorCode::kInvalid,
                           "concurrent-fencing '" + concurrent + "' is not true or false",
                           "concurrent-fencing"});
  }
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return result;
}

}  // namespace keel
