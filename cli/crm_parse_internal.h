#pragma once
// Pieces shared by the crm statement parsers (internal to cli/).

#include <expected>
#include <optional>
#include <string>
#include <vector>

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
// crmsh's resource sets in a colocation or order (crm_parse_sets.cc), from the tokens
// after the score or kind up to the constraint's own options. `qualifier` is what RSC:X
// names: "role" (colocation) or "action" (order). Set ids are ID-0, ID-1, ...
std::expected<std::vector<ResourceSet>, Error> ParseResourceSets(
    const TokenCursor& c, const std::vector<CrmToken>& tokens, const std::string& id,
    const std::string& qualifier);

// location, colocation, order, rsc_ticket.
std::expected<CrmObject, Error> ParseConstraintStatement(const std::string& word, TokenCursor& c);

// After the word `date` in a rule (crm_parse_dates.cc): "lt DATE", "gt DATE",
// "in|in_range start=DATE end=DATE", "in start=DATE DURATION-FIELD=N ..." or
// "spec|date_spec FIELD=N|A-B ...". Ids are `id`, `id`-spec, `id`-duration.
std::expected<DateExpression, Error> ParseCrmDateExpression(TokenCursor& c, const CrmToken& date,
                                                            const std::string& id);

// alert (crm_parse_alert.cc).
std::expected<Alert, Error> ParseAlertStatement(TokenCursor& c);

const std::vector<std::string>& UnsupportedCrmWords();

// The operation names `op NAME` accepts (the OCF actions a resource agent may be asked for).
const std::vector<std::string>& CrmOpNames();

}  // namespace keel
