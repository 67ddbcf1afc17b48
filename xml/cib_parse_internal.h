#pragma once
// Internal to the CIB parser (cib_parse*.cc): a sink for problems found while turning an
// XmlNode tree into the model, typed attribute readers that report bad values, and the
// per-section parse functions. Parsing never stops at the first problem: a bad attribute is
// reported and the field keeps its default, so one pass reports everything.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "xml/base/error.h"
#include "xml/cib.h"
#include "xml/xml_node.h"

namespace keel::cib_parse {

// What parsing already reported, so that validation does not report it again in other words:
// resources left out of the model, and (element id, attribute) pairs whose value was bad
// (the model then holds no value, which validation would call missing).
struct ParseNotes {
  std::set<std::string> dropped_ids;
  std::set<std::pair<std::string, std::string>> bad_attributes;
};

class ParseContext {
 public:
  explicit ParseContext(std::string_view source) : source_(source) {}

  // "source:line (id)", "source:line" when the element has no id.
  std::string WhereOf(const XmlNode& node) const;

  void Fail(const XmlNode& node, std::string message, ErrorCode code = ErrorCode::kInvalid);
  // For problems found after the tree is read: "source:line (id)".
  void FailAt(int line, const std::string& id, std::string message);
  void Warn(const XmlNode& node, std::string message, ErrorCode code = ErrorCode::kInvalid);
  // kNotSupported, "not supported: WHAT".
  void Unsupported(const XmlNode& node, std::string_view what);
  void UnknownChild(const XmlNode& parent, const XmlNode& child);
  // Reports "not supported: id-ref" and returns true when the element uses id-ref.
  bool RefusesIdRef(const XmlNode& node);

  // Typed attribute readers: nullopt when absent or bad (bad values are reported).
  std::optional<Score> ScoreAttr(const XmlNode& node, std::string_view attr);
  std::optional<int64_t> DurationAttr(const XmlNode& node, std::string_view attr);
  std::optional<int64_t> IntAttr(const XmlNode& node, std::string_view attr);
  // IntAttr when the caller already looked `attr` up: `text` is its value or nullptr.
  std::optional<int64_t> IntValue(const XmlNode& node, std::string_view attr,
                                  std::optional<std::string_view> text);
  std::optional<bool> BoolAttr(const XmlNode& node, std::string_view attr);
  // The value when it is one of `allowed` (exact match); reported otherwise.
  std::optional<std::string> EnumAttr(const XmlNode& node, std::string_view attr,
                                      std::initializer_list<std::string_view> allowed);
  // Reports a missing attribute; returns "" then.
  std::string RequiredAttr(const XmlNode& node, std::string_view attr);

  const std::string& source() const { return source_; }
  // validate-with="none": schema-level value errors Pacemaker tolerates become warnings.
  bool lenient() const { return lenient_; }
  void set_lenient(bool lenient) { lenient_ = lenient; }

  void NoteDropped(const XmlNode& node) { notes_.dropped_ids.insert(node.AttrOr("id")); }
  // `attr` of `node` is accounted for by a problem already reported (a refusal): validation
  // must not call it missing.
  void NoteReported(const XmlNode& node, std::string_view attr) {
    notes_.bad_attributes.emplace(node.AttrOr("id"), attr);
  }
  const ParseNotes& notes() const { return notes_; }

  Errors TakeErrors() { return std::move(errors_); }
  Errors TakeWarnings() { return std::move(warnings_); }
  bool HasErrors() const { return !errors_.empty(); }

 private:
  std::string source_;
  bool lenient_ = false;
  Errors errors_;
  Errors warnings_;
  ParseNotes notes_;
};

// "a, b or c".
std::string JoinAlternatives(std::initializer_list<std::string_view> words);
std::string JoinAlternatives(const std::vector<std::string_view>& words);

// Rules and name/value sets (cib_parse_rules.cc). Where a rule stands decides which
// expressions it may hold: rsc_expression only in rsc_defaults and op_defaults, op_expression
// only in op_defaults (elsewhere refused as not supported).
enum class RuleScope { kLocation, kNvSet, kRscDefaults, kOpDefaults };
std::optional<NvSet> ParseNvSet(ParseContext& ctx, const XmlNode& node,
                                RuleScope scope = RuleScope::kNvSet);
std::optional<Rule> ParseRule(ParseContext& ctx, const XmlNode& node,
                              RuleScope scope = RuleScope::kLocation);
// All children named `set_name` (e.g. "meta_attributes") of `parent`.
std::vector<NvSet> ParseNvSets(ParseContext& ctx, const XmlNode& parent, std::string_view set_name,
                               RuleScope scope = RuleScope::kNvSet);

// id-ref on sets and rules (cib_parse_refs.cc): each reference gets a copy of what it names;
// a reference to nothing is reported with its place.
void ResolveReferences(ParseContext& ctx, Configuration& config);

// Resources (cib_parse_resources.cc): <resources> children in document order.
struct ParsedResources {
  std::vector<Resource> resources;
  std::vector<Primitive> templates;  // <template> children
};
ParsedResources ParseResources(ParseContext& ctx, const XmlNode& resources);

// Constraints and fencing topology (cib_parse_constraints.cc).
struct ParsedConstraints {
  std::vector<LocationConstraint> locations;
  std::vector<ColocationConstraint> colocations;
  std::vector<OrderConstraint> orders;
  std::vector<TicketConstraint> tickets;
};
ParsedConstraints ParseConstraints(ParseContext& ctx, const XmlNode& constraints);
std::vector<FencingLevel> ParseFencingTopology(ParseContext& ctx, const XmlNode& topology);
std::vector<Tag> ParseTags(ParseContext& ctx, const XmlNode& tags);

// <alerts> (cib_parse_alerts.cc).
std::vector<Alert> ParseAlerts(ParseContext& ctx, const XmlNode& alerts);
// <acls> (cib_parse_acls.cc).
Acls ParseAcls(ParseContext& ctx, const XmlNode& acls);

// ValidateCib, minus what `notes` says parsing already reported (cib_validate.cc).
Errors ValidateCibExcept(const Cib& cib, std::string_view source, const ParseNotes& notes);

// Status section (cib_parse_status.cc). The rvalue overload frees each node_state's subtree
// once read (ParseCib owns its tree): less peak memory.
// kSkip leaves every NodeState::lrm_resources empty (CibFromXmlWithoutHistory).
enum class History { kRead, kSkip };
Status ParseStatus(ParseContext& ctx, const XmlNode& status, History history = History::kRead);
Status ParseStatus(ParseContext& ctx, XmlNode&& status);
// The lrm_resource elements of one <node_state> (under lrm/lrm_resources), parsed one at a time
// and handed to `visit`, as ParseStatus would read them (XmlHistorySource).
void VisitLrmResources(ParseContext& ctx, const XmlNode& node_state,
                       const std::function<void(const LrmResource&)>& visit);

}  // namespace keel::cib_parse
