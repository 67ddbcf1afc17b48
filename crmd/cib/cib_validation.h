#pragma once
// The check a proposed CIB must pass at the node where the change was asked for:
// the typed model's parser and validator (xml/cib_parse.h), then what a running cluster
// cannot do yet although `crm simulate` plans it (crmd/scheduler/live_support.h). Empty
// when valid.

#include <string_view>

#include "xml/base/error.h"
#include "xml/xml_node.h"

namespace keel {

Errors ValidateCibDocument(const XmlNode& cib, std::string_view source);

}  // namespace keel
