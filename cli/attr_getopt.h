#pragma once
// getopt_long's command-line rules for the agent tools (attrd_updater, crm_attribute,
// crm_master, crm_node): "-n X", "-nX", "--name X", "--name=X", bundled flags ("-QA"); an
// optional argument only attached ("-pRSC", "--promotion=RSC"); "--" ends the options. Pure.

#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace keel {

// Pacemaker's exit codes for these tools.
namespace attr_exit {
inline constexpr int kOk = 0;
inline constexpr int kError = 1;
inline constexpr int kUnimplemented = 3;   // CRM_EX_UNIMPLEMENT_FEATURE
inline constexpr int kUsage = 64;          // CRM_EX_USAGE
inline constexpr int kNotConnected = 102;  // CRM_EX_NOT_CONNECTED
inline constexpr int kNoSuch = 105;        // CRM_EX_NOSUCH
}  // namespace attr_exit

// What to print on stderr (and exit with) instead of running.
struct AttrUsageError {
  int exit_code = attr_exit::kUsage;
  std::string message;
};

enum class OptionArg { kNone, kRequired, kOptional };

struct OptionSpec {
  char short_name;  // '\0': long only
  std::string long_name;
  OptionArg arg;
  bool supported = true;  // false: a real option of the tool that Keel refuses
};

struct GivenOption {
  std::string long_name;
  std::optional<std::string> value;
};

// The options in command-line order. An unknown option or a stray argument is a usage error
// (64); a known but unsupported one is "not supported: TOOL -X" (3).
std::expected<std::vector<GivenOption>, AttrUsageError> SplitOptions(
    const std::string& tool, const std::vector<OptionSpec>& specs,
    const std::vector<std::string>& args);

}  // namespace keel
