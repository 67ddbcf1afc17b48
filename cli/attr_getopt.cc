#include "cli/attr_getopt.h"

#include <algorithm>

namespace keel {
namespace {

std::unexpected<AttrUsageError> Usage(std::string message) {
  return std::unexpected(AttrUsageError{attr_exit::kUsage, std::move(message)});
}

}  // namespace

std::expected<std::vector<GivenOption>, AttrUsageError> SplitOptions(
    const std::string& tool, const std::vector<OptionSpec>& specs,
    const std::vector<std::string>& args) {
  std::vector<GivenOption> out;
  auto take = [&](const OptionSpec& spec, std::optional<std::string> attached, size_t& i,
                  const std::string& shown) -> std::optional<AttrUsageError> {
    if (!spec.supported) {
      return AttrUsageError{attr_exit::kUnimplemented, "not supported: " + tool + " " + shown};
    }
    if (spec.arg == OptionArg::kNone && attached) {
      return AttrUsageError{attr_exit::kUsage, tool + ": option " + shown + " takes no value"};
    }
    if (spec.arg == OptionArg::kRequired && !attached) {
      if (i + 1 >= args.size()) {
        return AttrUsageError{attr_exit::kUsage, tool + ": option " + shown + " needs a value"};
      }
      attached = args[++i];
    }
    out.push_back(GivenOption{spec.long_name, attached});
    return std::nullopt;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      if (i + 1 < args.size()) return Usage(tool + ": unexpected argument '" + args[i + 1] + "'");
      break;
    }
    if (a.starts_with("--")) {
      size_t eq = a.find('=');
      std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      auto spec = std::find_if(specs.begin(), specs.end(),
                               [&](const OptionSpec& s) { return s.long_name == name; });
      if (spec == specs.end()) return Usage(tool + ": unknown option '--" + name + "'");
      std::optional<std::string> attached;
      if (eq != std::string::npos) attached = a.substr(eq + 1);
      if (auto e = take(*spec, attached, i, "--" + name)) return std::unexpected(*e);
      continue;
    }
    if (a.size() < 2 || a[0] != '-') return Usage(tool + ": unexpected argument '" + a + "'");
    for (size_t k = 1; k < a.size(); ++k) {
      auto spec = std::find_if(specs.begin(), specs.end(),
                               [&](const OptionSpec& s) { return s.short_name == a[k]; });
      if (spec == specs.end()) return Usage(tool + ": unknown option '-" + a.substr(k, 1) + "'");
      std::optional<std::string> attached;
      if (spec->arg != OptionArg::kNone && k + 1 < a.size()) attached = a.substr(k + 1);
      if (auto e = take(*spec, attached, i, "-" + std::string(1, a[k]))) return std::unexpected(*e);
      if (spec->arg != OptionArg::kNone) break;
    }
  }
  return out;
}

}  // namespace keel
