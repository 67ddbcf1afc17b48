#pragma once
// crm configure syntax -> commands on the CIB model. Pure: no I/O.
// ParseCrm turns text into commands (each object as the model type it defines);
// ApplyCrm (crm_apply.h) applies them to a Configuration.

#include <expected>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cli/crm_lexer.h"
#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

// `group ID RSC...`: the group's own attributes; members are resolved by ApplyCrm.
struct GroupDef {
  Group group;  // primitives empty
  std::vector<CrmToken> members;
};

// `clone ID RSC`: the child is resolved by ApplyCrm.
struct CloneDef {
  Clone clone;  // child unset
  CrmToken child;
  std::string old_word;  // "ms" or "master" when written so: applying it says what it became
};

enum class NvSetTarget { kProperty, kRscDefaults, kOpDefaults };

// `property`, `rsc_defaults`, `op_defaults`: pairs merged into the set `set.id`.
struct NvSetDef {
  NvSetTarget target = NvSetTarget::kProperty;
  NvSet set;
  bool named = false;  // the statement named its set ($id=ID or "ID:")
};

// `fencing_topology`: replaces all fencing levels.
struct FencingDef {
  std::vector<FencingLevel> levels;
  std::vector<CrmToken> devices;  // for reference checks
};

// `rsc_template ID AGENT ...`: a <template>, written like a primitive.
struct TemplateDef {
  Primitive body;
};

// Tags come after resources and before constraints: the order commands are applied in.
using CrmObject = std::variant<Node, TemplateDef, Primitive, GroupDef, CloneDef, Tag,
                               LocationConstraint, ColocationConstraint, OrderConstraint, NvSetDef,
                               FencingDef, TicketConstraint, Alert>;

struct CrmDelete {
  std::vector<CrmToken> ids;
};

struct CrmCommand {
  std::variant<CrmObject, CrmDelete> what;
  CrmToken keyword;  // the command word, for positions
};

// The words that start a configure statement (for completion and suggestions).
const std::vector<std::string>& CrmConfigureWords();

// Parses every statement; reports every error found (each "line L:C: ...").
std::expected<std::vector<CrmCommand>, Errors> ParseCrm(std::string_view text);

// Parses one lexed statement.
std::expected<CrmCommand, Errors> ParseCrmStatement(const CrmStatement& statement);

// `ms` and <master> in crm syntax: a clone with meta promotable=true (set in its first meta
// set, created with the default id when it has none).
void MarkPromotable(Clone& clone);

// Default ids, as crmsh makes them.
std::string NvSetDefaultId(const std::string& owner, std::string_view kind, size_t index);
std::string OpDefaultId(const std::string& rsc, const std::string& name,
                        const std::string& interval_text);
std::string RuleDefaultId(const std::string& owner, size_t index);
std::string ExpressionDefaultId(const std::string& rule_id, size_t index);
std::string FencingLevelDefaultId(const std::string& target, int index);
// An alert's recipients (index from 0) and select_attributes names, as Keel names them.
std::string AlertRecipientDefaultId(const std::string& alert, size_t index);
std::string AlertAttributeNameDefaultId(const std::string& alert, size_t index);
// The nvset id property/rsc_defaults/op_defaults use when none is given.
std::string DefaultNvSetDefId(NvSetTarget target);

}  // namespace keel
