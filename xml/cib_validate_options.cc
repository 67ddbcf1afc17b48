// Values of cluster options (crm_config) and resource / operation meta attributes.

#include <strings.h>

#include <array>
#include <charconv>
#include <cstdlib>

#include "xml/cib_parse_internal.h"
#include "xml/cib_validate_internal.h"
#include "xml/cluster_options.h"
#include "xml/default_value.h"
#include "xml/duration.h"

namespace keel::cib_parse {

namespace {

enum class Kind { kBool, kDuration, kInteger, kScore, kEnum, kEnumNoCase, kPercentage };

struct OptionSpec {
  std::string_view name;
  Kind kind;
  std::vector<std::string_view> values = {};  // for kEnum / kEnumNoCase
};

// Cluster options Keel checks (canonical names). Others are passed through unchecked.
const std::vector<OptionSpec> kClusterOptions = {
    {"no-quorum-policy", Kind::kEnum, {"stop", "freeze", "ignore", "fence", "suicide", "demote"}},
    {"fencing-action", Kind::kEnum, {"reboot", "off", "poweroff"}},
    {"placement-strategy", Kind::kEnum, {"default", "utilization", "minimal", "balanced"}},
    {"node-health-strategy",
     Kind::kEnum,
     {"none", "migrate-on-red", "only-green", "progressive", "custom"}},
    {"symmetric-cluster", Kind::kBool},
    {"maintenance-mode", Kind::kBool},
    {"start-failure-is-fatal", Kind::kBool},
    {"enable-startup-probes", Kind::kBool},
    {"fencing-enabled", Kind::kBool},
    {"concurrent-fencing", Kind::kBool},
    {"startup-fencing", Kind::kBool},
    {"stop-orphan-resources", Kind::kBool},
    {"stop-orphan-actions", Kind::kBool},
    {"stop-removed-resources", Kind::kBool},
    {"cancel-removed-actions", Kind::kBool},
    {"stop-all-resources", Kind::kBool},
    {"shutdown-lock", Kind::kBool},
    {"have-watchdog", Kind::kBool},
    {"fencing-timeout", Kind::kDuration},
    {"cluster-delay", Kind::kDuration},
    {"dc-deadtime", Kind::kDuration},
    {"cluster-recheck-interval", Kind::kDuration},
    {"election-timeout", Kind::kDuration},
    {"shutdown-escalation", Kind::kDuration},
    {"join-integration-timeout", Kind::kDuration},
    {"join-finalization-timeout", Kind::kDuration},
    {"transition-delay", Kind::kDuration},
    {"shutdown-lock-limit", Kind::kDuration},
    {"priority-fencing-delay", Kind::kDuration},
    {"batch-limit", Kind::kInteger},
    {"load-threshold", Kind::kPercentage},
    {"migration-limit", Kind::kInteger},
    {"node-action-limit", Kind::kInteger},
    {"node-health-green", Kind::kScore},
    {"node-health-yellow", Kind::kScore},
    {"node-health-red", Kind::kScore},
};

const std::vector<OptionSpec> kMetaAttributes = {
    {"target-role", Kind::kEnumNoCase,
     {"Started", "Stopped", "Master", "Slave", "Promoted", "Unpromoted"}},
    {"multiple-active", Kind::kEnum, {"block", "stop_only", "stop_start", "stop_unexpected"}},
    {"requires", Kind::kEnum, {"nothing", "quorum", "fencing", "unfencing"}},
    {"is-managed", Kind::kBool},
    {"maintenance", Kind::kBool},
    {"allow-migrate", Kind::kBool},
    {"globally-unique", Kind::kBool},
    {"notify", Kind::kBool},
    {"interleave", Kind::kBool},
    {"ordered", Kind::kBool},
    {"promotable", Kind::kBool},
    {"critical", Kind::kBool},
    {"resource-stickiness", Kind::kScore},
    {"migration-threshold", Kind::kScore},
    {"failure-timeout", Kind::kDuration},
    {"record-pending", Kind::kBool},
};

const std::vector<OptionSpec> kOpDefaults = {
    {"timeout", Kind::kDuration},
    {"interval", Kind::kDuration},
    {"record-pending", Kind::kBool},
};

// The problem with `value` for `spec`, or "" when it is fine.
std::string CheckValue(const OptionSpec& spec, const std::string& value) {
  switch (spec.kind) {
    case Kind::kBool:
      if (ParseBool(value)) return "";
      return "not a boolean: '" + value + "'";
    case Kind::kDuration: {
      auto ms = ParseDurationMs(value);
      return ms ? "" : ms.error();
    }
    case Kind::kScore: {
      auto score = Score::Parse(value);
      return score ? "" : score.error();
    }
    case Kind::kInteger: {
      int64_t number = 0;
      const char* end = value.data() + value.size();
      auto [ptr, ec] = std::from_chars(value.data(), end, number);
      if (ec == std::errc() && ptr == end) return "";
      return "not an integer: '" + value + "'";
    }
    case Kind::kPercentage: {
      // "80%" or "80": a number above 0 and at most 10000 (crmd's load throttle reads it).
      std::string number = value;
      if (!number.empty() && number.back() == '%') number.pop_back();
      char* end = nullptr;
      double percent = number.empty() ? 0 : std::strtod(number.c_str(), &end);
      if (!number.empty() && end == number.c_str() + number.size() && percent > 0 &&
          percent <= 10000) {
        return "";
      }
      return "not a percentage in (0, 10000]: '" + value + "'";
    }
    case Kind::kEnum:
    case Kind::kEnumNoCase:
      for (std::string_view allowed : spec.values) {
        if (value == allowed) return "";
        if (spec.kind == Kind::kEnumNoCase && value.size() == allowed.size() &&
            strncasecmp(value.data(), allowed.data(), value.size()) == 0) {
          return "";
        }
      }
      return "unknown value '" + value + "' (expected " + JoinAlternatives(spec.values) + ")";
  }
  return "";
}

void CheckSets(Validator& v, const std::vector<NvSet>& sets,
               const std::vector<OptionSpec>& specs, std::string_view what,
               bool canonical_names) {
  for (const NvSet& set : sets) {
    for (const NvPair& pair : set.pairs) {
      std::string_view name = canonical_names ? CanonicalOptionName(pair.name) : pair.name;
      for (const OptionSpec& spec : specs) {
        if (spec.name != name) continue;
        if (IsDefaultValue(pair.value)) {
          // Readers of meta attributes unset a name at "#default" (FindNvValue, NvValue).
          if (what == "meta attribute") continue;
          v.Report(pair.line, pair.id,
                   "not supported: " + std::string(what) + " '" + pair.name + "' = '#default'",
                   ErrorCode::kNotSupported);
          continue;
        }
        std::string problem = CheckValue(spec, pair.value);
        if (!problem.empty()) {
          v.Report(pair.line, pair.id,
                   std::string(what) + " '" + pair.name + "': " + problem);
        }
      }
    }
  }
}

}  // namespace

void CheckClusterOptions(Validator& v, const std::vector<NvSet>& crm_config) {
  CheckSets(v, crm_config, kClusterOptions, "cluster option", true);
}

void CheckMetaAttributes(Validator& v, const std::vector<NvSet>& meta) {
  CheckSets(v, meta, kMetaAttributes, "meta attribute", false);
}

void CheckOpDefaults(Validator& v, const std::vector<NvSet>& op_defaults) {
  CheckSets(v, op_defaults, kOpDefaults, "operation default", false);
}

}  // namespace keel::cib_parse
