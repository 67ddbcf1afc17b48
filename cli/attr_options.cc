#include "cli/attr_options.h"

#include <algorithm>
#include <cctype>

#include "xml/duration.h"

namespace keel {
namespace {

std::unexpected<AttrUsageError> Usage(std::string message) {
  return std::unexpected(AttrUsageError{attr_exit::kUsage, std::move(message)});
}

std::unexpected<AttrUsageError> Unsupported(const std::string& what) {
  return std::unexpected(AttrUsageError{attr_exit::kUnimplemented, "not supported: " + what});
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
      {'n', "name", OptionArg::kRequired},
      {'U', "update", OptionArg::kRequired},
      {'v', "value", OptionArg::kRequired},
      {'B', "update-both", OptionArg::kRequired},
      {'Y', "update-delay", OptionArg::kNone, false},
      {'Q', "query", OptionArg::kNone},
      {'D', "delete", OptionArg::kNone},
      {'R', "refresh", OptionArg::kNone, false},
      {'d', "delay", OptionArg::kRequired},
      {'s', "set", OptionArg::kRequired, false},
      {'p', "private", OptionArg::kNone},
      {'N', "node", OptionArg::kRequired},
      {'A', "all", OptionArg::kNone},
      {'l', "lifetime", OptionArg::kRequired},
      {'z', "utilization", OptionArg::kNone, false},
      {'W', "wait", OptionArg::kRequired, false},
      {'q', "quiet", OptionArg::kNone},
      {'V', "verbose", OptionArg::kNone},
  };
  auto given = SplitOptions(tool, kSpecs, args);
  if (!given) return std::unexpected(given.error());
  AttrCommand c;
  c.tool = AttrTool::kAttrdUpdater;
  std::optional<AttrCommand::Action> action;
  bool all = false;
  bool both = false;
  for (const GivenOption& g : *given) {
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
      {'n', "name", OptionArg::kRequired},
      {'v', "update", OptionArg::kRequired},
      {'\0', "attr-value", OptionArg::kRequired},
      {'D', "delete", OptionArg::kNone},
      {'G', "query", OptionArg::kNone},
      {'N', "node", OptionArg::kRequired},
      {'l', "lifetime", OptionArg::kRequired},
      {'t', "type", OptionArg::kRequired},
      {'q', "quiet", OptionArg::kNone},
      {'d', "default", OptionArg::kRequired},
      {'p', "promotion", OptionArg::kOptional},
      {'V', "verbose", OptionArg::kNone},
      {'i', "id", OptionArg::kRequired, false},
      {'s', "set-name", OptionArg::kRequired, false},
      {'z', "utilization", OptionArg::kNone, false},
      {'\0', "wait", OptionArg::kRequired, false},
      {'\0', "pattern", OptionArg::kRequired, false},
  };
  // Pacemaker's crm_master script: its own options, and the deprecated spellings it passes on.
  static const std::vector<OptionSpec> kCrmMaster = {
      {'v', "update", OptionArg::kRequired},    {'\0', "attr-value", OptionArg::kRequired},
      {'D', "delete", OptionArg::kNone},        {'\0', "delete-attr", OptionArg::kNone},
      {'G', "query", OptionArg::kNone},         {'Q', "get-value", OptionArg::kNone},
      {'N', "node", OptionArg::kRequired},      {'U', "uname", OptionArg::kRequired},
      {'l', "lifetime", OptionArg::kRequired},  {'q', "quiet", OptionArg::kNone},
      {'r', "resource", OptionArg::kRequired},  {'V', "verbose", OptionArg::kNone},
      {'i', "id", OptionArg::kRequired, false}, {'\0', "attr-id", OptionArg::kRequired, false},
  };
  auto given = SplitOptions(tool, promotion ? kCrmMaster : kCrmAttribute, args);
  if (!given) return std::unexpected(given.error());
  AttrCommand c;
  c.tool = AttrTool::kCrmAttribute;
  std::optional<AttrCommand::Action> action;
  std::optional<AttrCommand::Lifetime> lifetime;
  std::optional<std::string> type;
  std::optional<std::string> promoted = promotion ? std::optional<std::string>("") : std::nullopt;
  for (const GivenOption& g : *given) {
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
