#pragma once
// XML -> CIB model, with validation. Every problem is reported in one pass, each naming
// "source:line (element id)". Unsupported elements (bundle, rsc_ticket, acls, templates,
// resource sets, ...) are errors ("not supported: bundle"). With validate-with="none" (no
// schema validation in Pacemaker) an unknown order kind is a warning and counts as Mandatory, as
// Pacemaker does. Malformed XML gives one error, "source:line: not well-formed XML: ...".

#include <expected>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"
#include "xml/cib.h"
#include "xml/xml_node.h"

namespace keel {

struct ParsedCib {
  Cib cib;
  Errors warnings;  // things skipped or doubtful; the CIB is usable
};

// Parses and validates a whole CIB document (<cib> root). `source` is the file name
// (or "<stdin>", "<input>") used in messages.
std::expected<ParsedCib, Errors> ParseCib(std::string_view text, std::string_view source);

// The same from an already parsed tree.
std::expected<ParsedCib, Errors> CibFromXml(const XmlNode& root, std::string_view source);

// CibFromXml without the resource history: every NodeState::lrm_resources is empty (read them
// through an XmlHistorySource of the same tree).
std::expected<ParsedCib, Errors> CibFromXmlWithoutHistory(const XmlNode& root,
                                                          std::string_view source);

// The <status> section alone, as CibFromXml reads it.
std::expected<Status, Errors> StatusFromXml(const XmlNode& status, std::string_view source);
// The same without the resource history (every NodeState::lrm_resources empty).
std::expected<Status, Errors> StatusFromXmlWithoutHistory(const XmlNode& status,
                                                          std::string_view source);

// The resource history of a <cib> tree's node_state elements, numbered as CibFromXml numbers
// them, parsed one lrm_resource at a time when the scheduler asks: CibFromXmlWithoutHistory
// plus this plans as CibFromXml would. The tree must outlive it and stay unchanged.
class XmlHistorySource final : public HistorySource {
 public:
  XmlHistorySource(const XmlNode& cib, std::string_view source);
  Errors ForEach(size_t index, const std::function<void(const LrmResource&)>& visit) const override;

 private:
  std::vector<const XmlNode*> node_states_;
  std::string source_;
};

// Semantic checks on a model (also run by ParseCib): duplicate ids, constraints naming
// unknown resources or nodes, bad option values, ... Empty when valid.
Errors ValidateCib(const Cib& cib, std::string_view source);

}  // namespace keel
