#pragma once
// Pieces shared by the crm statement parsers (internal to cli/).

#include <expected>
#include <optional>
#include <string>

#include "cli/crm_cursor.h"
#include "cli/crm_syntax.h"

namespace keel {

// Pacemaker truth values (true/false/yes/no/on/off/1/0, any case).
std::optional<bool> ParseCrmBool(std::string_view text);

// Checks a role name (Started, Stopped, Promoted, Unpromoted, Master, Slave).
std::expected<void, Error> CheckRole(const CrmToken& token, const std::string& role);

// The next token, which must be a valid XML id.
std::expected<CrmToken, Error> ExpectId(TokenCursor& c, const std::string& what);

// An optional "$id=X" then k=v tokens up to the first token without '='. `keyword` is the
// section word, for messages.
std::expected<NvSet, Error> ReadNvSet(TokenCursor& c, const std::string& default_id,
                                      const CrmToken& keyword);

// primitive, group, clone.
std::expected<CrmObject, Error> ParseResourceStatement(const std::string& word, TokenCursor& c);
// location, colocation, order.
std::expected<CrmObject, Error> ParseConstraintStatement(const std::string& word, TokenCursor& c);

// alert (crm_parse_alert.cc).
std::expected<Alert, Error> ParseAlertStatement(TokenCursor& c);

const std::vector<std::string>& UnsupportedCrmWords();

// The operation names `op NAME` accepts (the OCF actions a resource agent may be asked for).
const std::vector<std::string>& CrmOpNames();

}  // namespace keel
