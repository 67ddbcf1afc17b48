#pragma once
// Small pure edits behind `resource start|stop` and `node standby|online`.

#include <expected>
#include <string>

#include "xml/cib.h"
#include "xml/error.h"

namespace keel {

// Sets meta attribute `name` of resource `id` (at any depth) in its first meta set (created
// as ID-meta_attributes when absent).
std::expected<void, Error> SetResourceMeta(Configuration& config, const std::string& id,
                                           const std::string& name, const std::string& value);

// Sets node attribute `name` of node `uname` (the node entry is created when absent).
void SetNodeAttribute(Configuration& config, const std::string& uname, const std::string& name,
                      const std::string& value);

}  // namespace keel
