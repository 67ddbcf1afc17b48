#include "xml/xml_node.h"

#include <tinyxml2.h>

#include <algorithm>

namespace keel {

const std::string* XmlNode::Attr(std::string_view attr) const {
  for (const XmlAttribute& a : attributes) {
    if (a.name == attr) return &a.value;
  }
  return nullptr;
}

std::string XmlNode::AttrOr(std::string_view attr, std::string_view fallback) const {
  const std::string* value = Attr(attr);
  return value ? *value : std::string(fallback);
}

void XmlNode::SetAttr(std::string_view attr, std::string_view value) {
  for (XmlAttribute& a : attributes) {
    if (a.name == attr) {
      a.value = value;
      return;
    }
  }
  attributes.push_back({std::string(attr), std::string(value)});
}

bool XmlNode::RemoveAttr(std::string_view attr) {
  for (auto it = attributes.begin(); it != attributes.end(); ++it) {
    if (it->name == attr) {
      attributes.erase(it);
      return true;
    }
  }
  return false;
}

const XmlNode* XmlNode::Child(std::string_view child_name) const {
  for (const XmlNode& c : children) {
    if (c.name == child_name) return &c;
  }
  return nullptr;
}

XmlNode* XmlNode::Child(std::string_view child_name) {
  for (XmlNode& c : children) {
    if (c.name == child_name) return &c;
  }
  return nullptr;
}

XmlNode& XmlNode::AddChild(std::string_view child_name) {
  XmlNode child;
  child.name = std::string(child_name);
  children.push_back(std::move(child));
  return children.back();
}

std::string Where(std::string_view source, int line) {
  std::string out(source);
  if (line > 0) out += ":" + std::to_string(line);
  return out;
}

namespace {

constexpr int kMaxDepth = 64;  // CIBs are shallow; deeper input is hostile or broken

std::expected<XmlNode, Error> Convert(const tinyxml2::XMLElement& element,
                                      std::string_view source, int depth) {
  if (depth > kMaxDepth) {
    return std::unexpected(Error{ErrorCode::kParse, "elements nested too deeply",
                                 Where(source, element.GetLineNum())});
  }
  XmlNode node;
  node.name = element.Name();
  node.line = element.GetLineNum();
  for (const tinyxml2::XMLAttribute* a = element.FirstAttribute(); a; a = a->Next()) {
    node.attributes.push_back({a->Name(), a->Value()});
  }
  for (const tinyxml2::XMLElement* c = element.FirstChildElement(); c;
       c = c->NextSiblingElement()) {
    auto child = Convert(*c, source, depth + 1);
    if (!child) return std::unexpected(child.error());
    node.children.push_back(std::move(*child));
  }
  return node;
}

void Escape(std::string_view text, std::string& out) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default: out += c;
    }
  }
}

void Write(const XmlNode& node, bool pretty, int depth, std::string& out) {
  if (pretty) out.append(static_cast<size_t>(depth) * 2, ' ');
  out += '<';
  out += node.name;
  for (const XmlAttribute& a : node.attributes) {
    out += ' ';
    out += a.name;
    out += "=\"";
    Escape(a.value, out);
    out += '"';
  }
  if (node.children.empty()) {
    out += "/>";
  } else {
    out += '>';
    if (pretty) out += '\n';
    for (const XmlNode& c : node.children) Write(c, pretty, depth + 1, out);
    if (pretty) out.append(static_cast<size_t>(depth) * 2, ' ');
    out += "</";
    out += node.name;
    out += '>';
  }
  if (pretty) out += '\n';
}

// tinyxml2's error names, in words; its ErrorStr() repeats the id and the line.
std::string DescribeXmlError(const tinyxml2::XMLDocument& doc) {
  switch (doc.ErrorID()) {
    case tinyxml2::XML_ERROR_EMPTY_DOCUMENT: return "empty document";
    case tinyxml2::XML_ERROR_MISMATCHED_ELEMENT: return "mismatched or unclosed element";
    case tinyxml2::XML_ERROR_PARSING_ATTRIBUTE: return "bad or repeated attribute";
    case tinyxml2::XML_ERROR_PARSING_ELEMENT: return "bad element";
    case tinyxml2::XML_ERROR_PARSING_TEXT: return "bad text";
    case tinyxml2::XML_ERROR_PARSING_CDATA: return "bad CDATA section";
    case tinyxml2::XML_ERROR_PARSING_COMMENT: return "bad comment";
    case tinyxml2::XML_ERROR_PARSING_DECLARATION: return "bad declaration";
    case tinyxml2::XML_ERROR_PARSING_UNKNOWN: return "unknown markup";
    case tinyxml2::XML_ERROR_PARSING: return "syntax error";
    case tinyxml2::XML_ELEMENT_DEPTH_EXCEEDED: return "elements nested too deeply";
    default: return doc.ErrorName();
  }
}

}  // namespace

std::expected<XmlNode, Error> ParseXml(std::string_view text, std::string_view source) {
  tinyxml2::XMLDocument doc(true, tinyxml2::COLLAPSE_WHITESPACE);
  if (doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS) {
    return std::unexpected(Error{ErrorCode::kParse,
                                 "not well-formed XML: " + DescribeXmlError(doc),
                                 Where(source, std::max(1, doc.ErrorLineNum()))});
  }
  const tinyxml2::XMLElement* root = doc.RootElement();
  if (!root) {
    return std::unexpected(
        Error{ErrorCode::kParse, "not well-formed XML: no root element", Where(source, 1)});
  }
  if (const tinyxml2::XMLElement* extra = root->NextSiblingElement()) {
    return std::unexpected(Error{ErrorCode::kParse,
                                 "not well-formed XML: more than one root element",
                                 Where(source, extra->GetLineNum())});
  }
  return Convert(*root, source, 0);
}

std::string SerializeXml(const XmlNode& node, bool pretty) {
  std::string out;
  Write(node, pretty, 0, out);
  return out;
}

}  // namespace keel
