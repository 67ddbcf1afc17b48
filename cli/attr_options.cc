#include "cli/attr_options.h"

#include <algorithm>
#include <cctype>

#include "xml/duration.h"

namespace keel {
namespace {

enum class Arg { kNone, kRequired, kOptional };

struct OptionSpec {
  char short_name;  // '\0': long only
  std::string long_name;
  Arg arg;
  bool supported = true;
};

struct Given {
  std::string long_name;
  std::optional<std::string> value;
};

std::unexpected<AttrUsageError> Usage(std::string message) {
  return std::unexpected(AttrUsageError{attr_exit::kUsage, std::move(message)});
}

std::unexpected<AttrUsageError> Unsupported(const std::string& what) {
  return std::unexpected(AttrUsageError{attr_exit::kUnimplemented, "not supported: " + what});
}

// getopt_long's rules: "-n X", "-nX", "--name X", "--name=X", bundled flags ("-QA"); an
// optional argument only attached ("-pRSC", "--promotion=RSC"). "--" ends the options.
std::expected<std::vector<Given>, AttrUsageError> Split(const std::string& tool,
                                                        const std::vector<OptionSpec>& specs,
                                                        const std::vector<std::string>& args) {
  std::vector<Given> out;
  auto take = [&](const OptionSpec& spec, std::optional<std::string> attached, size_t& i,
                  const std::string& shown) -> std::optional<AttrUsageError> {
    if (!spec.supported) {
      return AttrUsageError{attr_exit::kUnimplemented, "not supported: " + tool + " " + shown};
    }
    if (spec.arg == Arg::kNone && attached) {
      return AttrUsageError{attr_exit::kUsage, tool + ": option " + shown + " takes no value"};
    }
    if (spec.arg == Arg::kRequired && !attached) {
      if (i + 1 >= args.size()) {
        return AttrUsageError{attr_exit::kUsage, tool + ": option " + shown + " needs a value"};
      }
      attached = args[++i];
    }
    out.push_back(Given{spec.long_name, attached});
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
      if (spec->arg != Arg::kNone && k + 1 < a.size()) attached = a.substr(k + 1);
      if (auto e = take(*spec, attached, i, "-" + std::string(1, a[k]))) return std::unexpected(*e);
      if (spec->arg != Arg::kNone) break;
    }
  }
  return out;
}

std::expected<int64_t, AttrUsageError> Delay(const std::string& tool, const std::string& text) {
  auto ms = ParseDurationMs(text);
  if (!ms) return Usage(tool + ": -d: " + ms.error());
  return *ms;
}

std::expected<AttrCommand::Lifetime, AttrUsageError> Lifetime(const std::string& tool,
                                                              const std::string& text) {
  if (text == "reboot") return AttrCommand::Lifetime::kReboot;
  if (text == "forever") return AttrCommand::Lifetime::kForever;
  return Usage(tool + ": -l must be reboot or forever, not '" + text + "'");
}

// One of -U/-v, -D, -Q (or -G) must be given, and only one.
std::optional<AttrUsageError> SetAction(AttrCommand& c, AttrCommand::Action action,
                                        std::optional<AttrCommand::Action>& seen,
                                        const std::string& tool) {
  if (seen && *seen != action) {
    return AttrUsageError{attr_exit::kUsage, tool + ": give only one of update, delete and query"};
  }
  seen = action;
  c.action = action;
  return std::nullopt;
}

}  // namespace

std::string PromotionAttributeName(const std::string& resource_instance) {
  std::string rsc = resource_instance;
  size_t colon = rsc.rfind(':');
  if (colon != std::string::npos && colon + 1 < rsc.size() &&
      std::all_of(rsc.begin() + colon + 1, rsc.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    rsc.erase(colon);
  }
  return "master-" + rsc;
}

std::expected<AttrCommand, AttrUsageError> ParseAttrdUpdater(const std::vector<std::string>& args) {
  const std::string tool = "attrd_updater";
  static const std::vector<OptionSpec> kSpecs = {
      {'n', "name", Arg::kRequired},
      {'U', "update", Arg::kRequired},
      {'v', "value", Arg::kRequired},
      {'B', "update-both", Arg::kRequired},
      {'Y', "update-delay", Arg::kNone, false},
      {'Q', "query", Arg::kNone},
      {'D', "delete", Arg::kNone},
      {'R', "refresh", Arg::kNone, false},
      {'d', "delay", Arg::kRequired},
      {'s', "set", Arg::kRequired, false},
      {'p', "private", Arg::kNone},
      {'N', "node", Arg::kRequired},
      {'A', "all", Arg::kNone},
      {'l', "lifetime", Arg::kRequired},
      {'z', "utilization", Arg::kNone, false},
      {'W', "wait", Arg::kRequired, false},
      {'q', "quiet", Arg::kNone},
      {'V', "verbose", Arg::kNone},
  };
  auto given = Split(tool, kSpecs, args);
  if (!given) return std::unexpected(given.error());
  AttrCommand c;
  c.tool = AttrTool::kAttrdUpdater;
  std::optional<AttrCommand::Action> action;
  bool all = false;
  bool both = false;
  for (const Given& g : *given) {
    std::optional<AttrUsageError> e;
    if (g.long_name == "name") {
      c.name = *g.value;
    } else if (g.long_name == "update" || g.long_name == "value" || g.long_name == "update-both") {
      e = SetAction(c, AttrCommand::Action::kUpdate, action, tool);
      c.value = *g.value;
      both = both || g.long_name == "update-both";
    } else if (g.long_name == "query") {
      e = SetAction(c, AttrCommand::Action::kQuery, action, tool);
    } else if (g.long_name == "delete") {
      e = SetAction(c, AttrCommand::Action::kDelete, action, tool);
    } else if (g.long_name == "delay") {
      auto ms = Delay(tool, *g.value);
      if (!ms) return std::unexpected(ms.error());
      c.dampen_ms = *ms;
    } else if (g.long_name == "private") {
      c.is_private = true;
    } else if (g.long_name == "node") {
      c.node = *g.value;
    } else if (g.long_name == "all") {
      all = true;
    } else if (g.long_name == "lifetime") {
      auto l = Lifetime(tool, *g.value);
      if (!l) return std::unexpected(l.error());
      c.lifetime = *l;
    } else if (g.long_name == "quiet") {
      c.quiet = true;
    }
    if (e) return std::unexpected(*e);
  }
  if (!action) return Usage(tool + ": give one of -U/-v VALUE, -D or -Q");
  if (c.name.empty()) return Usage(tool + ": -n NAME is required");
  if (both && !c.dampen_ms) return Usage(tool + ": -B needs -d DELAY");
  if (all) {
    if (c.action != AttrCommand::Action::kQuery) return Usage(tool + ": -A goes with -Q only");
    if (!c.node.empty()) return Usage(tool + ": give -A or -N, not both");
    c.node = "*";
  }
  if (c.lifetime == AttrCommand::Lifetime::kForever) {
    return Unsupported(tool + " -l forever (use crm_attribute -l forever)");
  }
  return c;
}

std::expected<AttrCommand, AttrUsageError> ParseCrmAttribute(const std::vector<std::string>& args,
                                                             const EnvLookup& env, bool promotion) {
  const std::string tool = promotion ? "crm_master" : "crm_attribute";
  static const std::vector<OptionSpec> kCrmAttribute = {
      {'n', "name", Arg::kRequired},
      {'v', "update", Arg::kRequired},
      {'\0', "attr-value", Arg::kRequired},
      {'D', "delete", Arg::kNone},
      {'G', "query", Arg::kNone},
      {'N', "node", Arg::kRequired},
      {'l', "lifetime", Arg::kRequired},
      {'t', "type", Arg::kRequired},
      {'q', "quiet", Arg::kNone},
      {'d', "default", Arg::kRequired},
      {'p', "promotion", Arg::kOptional},
      {'V', "verbose", Arg::kNone},
      {'i', "id", Arg::kRequired, false},
      {'s', "set-name", Arg::kRequired, false},
      {'z', "utilization", Arg::kNone, false},
      {'\0', "wait", Arg::kRequired, false},
      {'\0', "pattern", Arg::kRequired, false},
  };
  // Pacemaker's crm_master script: its own options, and the deprecated spellings it passes on.
  static const std::vector<OptionSpec> kCrmMaster = {
      {'v', "update", Arg::kRequired},    {'\0', "attr-value", Arg::kRequired},
      {'D', "delete", Arg::kNone},        {'\0', "delete-attr", Arg::kNone},
      {'G', "query", Arg::kNone},         {'Q', "get-value", Arg::kNone},
      {'N', "node", Arg::kRequired},      {'U', "uname", Arg::kRequired},
      {'l', "lifetime", Arg::kRequired},  {'q', "quiet", Arg::kNone},
      {'r', "resource", Arg::kRequired},  {'V', "verbose", Arg::kNone},
      {'i', "id", Arg::kRequired, false}, {'\0', "attr-id", Arg::kRequired, false},
  };
  auto given = Split(tool, promotion ? kCrmMaster : kCrmAttribute, args);
  if (!given) return std::unexpected(given.error());
  AttrCommand c;
  c.tool = AttrTool::kCrmAttribute;
  std::optional<AttrCommand::Action> action;
  std::optional<AttrCommand::Lifetime> lifetime;
  std::optional<std::string> type;
  std::optional<std::string> promoted = promotion ? std::optional<std::string>("") : std::nullopt;
  for (const Given& g : *given) {
    std::optional<AttrUsageError> e;
    if (g.long_name == "name") {
      c.name = *g.value;
    } else if (g.long_name == "update" || g.long_name == "attr-value") {
      e = SetAction(c, AttrCommand::Action::kUpdate, action, tool);
      c.value = *g.value;
    } else if (g.long_name == "delete" || g.long_name == "delete-attr") {
      e = SetAction(c, AttrCommand::Action::kDelete, action, tool);
    } else if (g.long_name == "query" || g.long_name == "get-value") {
      e = SetAction(c, AttrCommand::Action::kQuery, action, tool);
    } else if (g.long_name == "node" || g.long_name == "uname") {
      c.node = *g.value;
    } else if (g.long_name == "lifetime") {
      auto l = Lifetime(tool, *g.value);
      if (!l) return std::unexpected(l.error());
      lifetime = *l;
    } else if (g.long_name == "type") {
      type = *g.value;
    } else if (g.long_name == "quiet") {
      c.quiet = true;
    } else if (g.long_name == "default") {
      c.default_value = *g.value;
    } else if (g.long_name == "promotion" || g.long_name == "resource") {
      promoted = g.value.value_or("");
    }
    if (e) return std::unexpected(*e);
  }
  if (!action) c.action = AttrCommand::Action::kQuery;  // as Pacemaker: query by default
  if (promoted) {
    std::string rsc = *promoted;
    if (rsc.empty()) rsc = env("OCF_RESOURCE_INSTANCE").value_or("");
    if (rsc.empty()) {
      return Usage(tool + ": no resource: OCF_RESOURCE_INSTANCE is not set (" + tool +
                   " is meant to be run by a resource agent)");
    }
    if (!c.name.empty()) return Usage(tool + ": give --promotion or -n, not both");
    c.name = PromotionAttributeName(rsc);
  }
  if (c.name.empty()) return Usage(tool + ": -n NAME is required");
  if (type && *type != "status" && *type != "nodes") {
    return Unsupported(tool + " -t " + *type +
                       " (only node attributes: -t nodes or -t status; cluster options: "
                       "crm configure property)");
  }
  std::optional<AttrCommand::Lifetime> from_type;
  if (type) {
    from_type =
        *type == "status" ? AttrCommand::Lifetime::kReboot : AttrCommand::Lifetime::kForever;
  }
  if (lifetime && from_type && *lifetime != *from_type) {
    return Usage(tool + ": -l " +
                 (*lifetime == AttrCommand::Lifetime::kReboot ? "reboot" : "forever") +
                 " contradicts -t " + *type);
  }
  if (lifetime) {
    c.lifetime = *lifetime;
  } else if (from_type) {
    c.lifetime = *from_type;
  } else if (promotion) {
    c.lifetime = AttrCommand::Lifetime::kForever;  // Pacemaker's crm_master passes -l forever
  } else if (promoted) {
    c.lifetime = AttrCommand::Lifetime::kReboot;
  } else if (!c.node.empty()) {
    c.lifetime = AttrCommand::Lifetime::kForever;  // -N alone: the node's <nodes> entry
  } else {
    return Unsupported(tool +
                       " without -N, -l or -t (cluster options; use crm configure property)");
  }
  if (c.default_value && c.action != AttrCommand::Action::kQuery) {
    return Usage(tool + ": -d DEFAULT goes with a query only");
  }
  return c;
}

}  // namespace keel
