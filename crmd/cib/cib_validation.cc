#include "crmd/cib/cib_validation.h"

#include "crmd/scheduler/live_support.h"
#include "xml/cib_parse.h"

namespace keel {

Errors ValidateCibDocument(const XmlNode& cib, std::string_view source) {
  auto parsed = CibFromXml(cib, source);
  if (!parsed) return parsed.error();
  return LiveClusterRefusals(parsed->cib.configuration);
}

}  // namespace keel
