#include "crmd/crmd_args.h"

#include <algorithm>
#include <optional>
#include <set>

namespace keel {

namespace {

struct TextOption {
  std::string_view name;
  std::string DaemonOptions::*field;
  std::string_view help;
};

constexpr TextOption kTextOptions[] = {
    {"cib-dir", &DaemonOptions::cib_dir, "where cib.xml lives"},
    {"run-dir", &DaemonOptions::run_dir, "pid file and runtime state"},
    {"ipc-name", &DaemonOptions::ipc_name, "libqb IPC service name"},
    {"log-file", &DaemonOptions::log_file, "log to this file (besides stderr in the foreground)"},
    {"ocf-root", &DaemonOptions::ocf_root, "OCF agents root"},
    {"fence-agent-dir", &DaemonOptions::fence_agent_dir, "where fence agents are found"},
    {"node-name", &DaemonOptions::node_name, "this node's name (default: corosync nodelist)"},
    {"tool-dir", &DaemonOptions::tool_dir,
     "put first in agents' PATH (Keel's attrd_updater, crm_attribute, crm_master)"},
    {"group", &DaemonOptions::group, "CPG group name"},
};

Error Bad(std::string message) { return Error{ErrorCode::kInvalid, std::move(message), ""}; }

}  // namespace

std::expected<CrmdArgs, Error> ParseCrmdArgs(const std::vector<std::string_view>& args,
                                             DaemonOptions defaults) {
  CrmdArgs out;
  out.options = std::move(defaults);
  std::set<std::string_view> seen;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      out.help = true;
      continue;
    }
    if (arg == "-f" || arg == "--foreground") {
      out.foreground = true;
      continue;
    }
    if (!arg.starts_with("-"))
      return std::unexpected(Bad("unexpected argument '" + std::string(arg) + "'"));
    if (!arg.starts_with("--"))
      return std::unexpected(Bad("unrecognised option '" + std::string(arg) + "'"));
    std::string_view name = arg.substr(2);
    std::optional<std::string_view> value;
    if (size_t eq = name.find('='); eq != std::string_view::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto option = std::find_if(std::begin(kTextOptions), std::end(kTextOptions),
                               [&](const TextOption& o) { return o.name == name; });
    if (option == std::end(kTextOptions)) {
      return std::unexpected(Bad("unrecognised option '--" + std::string(name) + "'"));
    }
    if (!value) {
      if (i + 1 == args.size()) {
        return std::unexpected(Bad("option '--" + std::string(name) + "' needs a value"));
      }
      value = args[++i];
    }
    if (!seen.insert(option->name).second) {
      return std::unexpected(Bad("option '--" + std::string(name) + "' given more than once"));
    }
    out.options.*(option->field) = std::string(*value);
  }
  return out;
}

std::string CrmdUsage(const DaemonOptions& defaults) {
  std::string out =
      "usage: crmd [OPTIONS]\n  -h, --help              show this help\n"
      "  -f, --foreground        stay in the foreground, log to stderr too\n";
  for (const TextOption& o : kTextOptions) {
    std::string line = "  --" + std::string(o.name) + " ARG";
    line.resize(std::max<size_t>(line.size() + 1, 26), ' ');
    line += o.help;
    const std::string& value = defaults.*(o.field);
    if (!value.empty()) line += " (default " + value + ")";
    out += line + "\n";
  }
  return out;
}

}  // namespace keel
