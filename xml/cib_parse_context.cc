#include <charconv>

#include "xml/cib_parse_internal.h"
#include "xml/cluster_options.h"
#include "xml/duration.h"

namespace keel::cib_parse {

std::string JoinAlternatives(std::initializer_list<std::string_view> words) {
  return JoinAlternatives(std::vector<std::string_view>(words));
}

std::string JoinAlternatives(const std::vector<std::string_view>& words) {
  std::string out;
  size_t i = 0;
  for (std::string_view w : words) {
    if (i > 0) out += (i + 1 == words.size()) ? " or " : ", ";
    out += w;
    ++i;
  }
  return out;
}

std::string ParseContext::WhereOf(const XmlNode& node) const {
  std::string out = Where(source_, node.line);
  if (const auto id = node.Attr("id"); id && !id->empty()) out += " (" + std::string(*id) + ")";
  return out;
}

void ParseContext::Fail(const XmlNode& node, std::string message, ErrorCode code) {
  errors_.push_back(Error{code, std::move(message), WhereOf(node)});
}

void ParseContext::FailAt(int line, const std::string& id, std::string message) {
  errors_.push_back(Error{ErrorCode::kInvalid, std::move(message),
                          Where(source_, line) + (id.empty() ? "" : " (" + id + ")")});
}

void ParseContext::Warn(const XmlNode& node, std::string message, ErrorCode code) {
  warnings_.push_back(Error{code, std::move(message), WhereOf(node)});
}

void ParseContext::Unsupported(const XmlNode& node, std::string_view what) {
  Fail(node, "not supported: " + std::string(what), ErrorCode::kNotSupported);
}

void ParseContext::UnknownChild(const XmlNode& parent, const XmlNode& child) {
  Fail(child, "unknown element <" + child.name + "> in <" + parent.name + ">");
}

bool ParseContext::RefusesIdRef(const XmlNode& node) {
  if (!node.HasAttr("id-ref")) return false;
  Unsupported(node, "id-ref");
  return true;
}

std::optional<Score> ParseContext::ScoreAttr(const XmlNode& node, std::string_view attr) {
  const auto text = node.Attr(attr);
  if (!text) return std::nullopt;
  auto score = Score::Parse(*text);
  if (!score) {
    Fail(node, "attribute '" + std::string(attr) + "': " + score.error());
    notes_.bad_attributes.emplace(node.AttrOr("id"), attr);
    return std::nullopt;
  }
  return *score;
}

std::optional<int64_t> ParseContext::DurationAttr(const XmlNode& node, std::string_view attr) {
  const auto text = node.Attr(attr);
  if (!text) return std::nullopt;
  auto ms = ParseDurationMs(*text);
  if (!ms) {
    Fail(node, "attribute '" + std::string(attr) + "': " + ms.error());
    return std::nullopt;
  }
  return *ms;
}

std::optional<int64_t> ParseContext::IntAttr(const XmlNode& node, std::string_view attr) {
  return IntValue(node, attr, node.Attr(attr));
}

std::optional<int64_t> ParseContext::IntValue(const XmlNode& node, std::string_view attr,
                                              std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  int64_t value = 0;
  const char* begin = text->data();
  const char* end = begin + text->size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) {
    Fail(node,
         "attribute '" + std::string(attr) + "': not an integer: '" + std::string(*text) + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ParseContext::BoolAttr(const XmlNode& node, std::string_view attr) {
  const auto text = node.Attr(attr);
  if (!text) return std::nullopt;
  std::optional<bool> value = ParseBool(*text);
  if (!value) {
    Fail(node,
         "attribute '" + std::string(attr) + "': not a boolean: '" + std::string(*text) + "'");
  }
  return value;
}

std::optional<std::string> ParseContext::EnumAttr(
    const XmlNode& node, std::string_view attr, std::initializer_list<std::string_view> allowed) {
  const auto text = node.Attr(attr);
  if (!text) return std::nullopt;
  for (std::string_view a : allowed) {
    if (*text == a) return std::string(*text);
  }
  Fail(node, "attribute '" + std::string(attr) + "': unknown value '" + std::string(*text) +
                 "' (expected " + JoinAlternatives(allowed) + ")");
  return std::nullopt;
}

std::string ParseContext::RequiredAttr(const XmlNode& node, std::string_view attr) {
  const auto text = node.Attr(attr);
  if (!text) {
    Fail(node, "<" + node.name + "> is missing required attribute '" + std::string(attr) + "'");
    return "";
  }
  return std::string(*text);
}

}  // namespace keel::cib_parse
