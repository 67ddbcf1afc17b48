#pragma once
// A plain XML element tree: the generic layer under the CIB model. Diffs, patches and
// persistence work on this; the typed model (cib.h) is built from it.

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"
#include "xml/xml_attributes.h"
#include "xml/xml_name.h"

namespace keel {

// One attribute held on its own (a patch's list of changes).
struct XmlAttribute {
  std::string name;
  std::string value;
  friend bool operator==(const XmlAttribute&, const XmlAttribute&) = default;
};

struct XmlNode {
  XmlName name;
  XmlAttributes attributes;              // in document order
  std::vector<XmlNode> children;         // elements only; text and comments are dropped
  int line = 0;                          // source line, 0 when built in memory

  // nullopt when absent; the view lasts until the attributes change.
  std::optional<std::string_view> Attr(std::string_view attr) const {
    return attributes.Find(attr);
  }
  std::string AttrOr(std::string_view attr, std::string_view fallback = "") const;
  bool HasAttr(std::string_view attr) const { return Attr(attr).has_value(); }
  // Replaces the value, or appends the attribute.
  void SetAttr(std::string_view attr, std::string_view value);
  bool RemoveAttr(std::string_view attr);

  // The first child element with this name, or nullptr.
  const XmlNode* Child(std::string_view child_name) const;
  XmlNode* Child(std::string_view child_name);
  XmlNode& AddChild(std::string_view child_name);

  // Structural equality: names, attributes (order matters), children; lines ignored.
  friend bool operator==(const XmlNode& a, const XmlNode& b) {
    return a.name == b.name && a.attributes == b.attributes && a.children == b.children;
  }
};

// Parses one document. `source` names it in errors ("cib.xml:12: ...").
std::expected<XmlNode, Error> ParseXml(std::string_view text, std::string_view source);

// Serializes with two-space indentation (pretty) or on one line, attributes escaped. The
// string has room for `spare` more bytes (what the caller appends, without a regrowth).
std::string SerializeXml(const XmlNode& node, bool pretty = true, size_t spare = 0);

// "source:line", or just source when the line is unknown.
std::string Where(std::string_view source, int line);

}  // namespace keel
