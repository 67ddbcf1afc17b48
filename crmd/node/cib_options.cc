#include "crmd/node/cib_options.h"

#include "xml/cib_parse.h"
#include "xml/cluster_options.h"
#include "xml/duration.h"

namespace keel {

int64_t DurationOptionMs(const XmlNode& cib, std::string_view name, int64_t fallback) {
  auto parsed = CibFromXml(cib, "cib");
  if (!parsed) return fallback;
  auto ms = ParseDurationMs(ClusterOptionOr(parsed->cib.configuration, name));
  return ms && *ms >= 0 ? *ms : fallback;
}

bool StartFailureIsFatal(const XmlNode& cib) {
  auto parsed = CibFromXml(cib, "cib");
  if (!parsed) return true;
  return ParseBool(ClusterOptionOr(parsed->cib.configuration, "start-failure-is-fatal"))
      .value_or(true);
}

std::string NoQuorumPolicyOf(const XmlNode& cib) {
  auto parsed = CibFromXml(cib, "cib");
  if (!parsed) return "stop";
  return ClusterOptionOr(parsed->cib.configuration, "no-quorum-policy");
}

}  // namespace keel
