#pragma once
// `crm configure show --json`: the configuration as a list of objects, each with its kind, id
// and its crm text as `show` prints it. Pure.

#include <expected>
#include <string>
#include <string_view>

#include "xml/base/error.h"

namespace keel {

// {"objects":[{"kind":"primitive","id":"vip","crm":"primitive vip ..."}, ...]} on one line,
// from crm text as the writer produces it. A node's id is its name; property, rsc_defaults,
// op_defaults and fencing_topology have id null unless they carry $id=.
std::expected<std::string, Error> CrmTextToJson(std::string_view crm);

}  // namespace keel
