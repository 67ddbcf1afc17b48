// ParseXml: a strict, single-pass XML 1.0 reader straight into XmlNode. Written for speed
// (a CIB with 16,000 operations is 7 MB) and for messages that name the line. Text, comments,
// processing instructions and the DOCTYPE are skipped; attribute values are decoded (the five
// predefined entities and character references) and whitespace-normalized as XML requires.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <utility>

#include "xml/xml_node.h"

namespace keel {

namespace {

constexpr int kMaxDepth = 64;  // CIBs are shallow; deeper input is hostile or broken

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Character classes, looked up in a table: names and attribute values are most of a CIB.
enum CharClass : uint8_t {
  kNameStart = 1,  // may start a name
  kNameChar = 2,   // may continue a name
  kValueStop = 4,  // ends the fast scan of an attribute value: '&', '<', controls
};

constexpr std::array<uint8_t, 256> kCharClasses = [] {
  std::array<uint8_t, 256> table{};
  for (int u = 0; u < 256; ++u) {
    const bool start = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' ||
                       u == ':' || u >= 0x80;
    const bool name = start || (u >= '0' && u <= '9') || u == '-' || u == '.';
    table[u] = static_cast<uint8_t>((start ? kNameStart : 0) | (name ? kNameChar : 0) |
                                    (u == '&' || u == '<' || u < 0x20 ? kValueStop : 0));
  }
  return table;
}();

bool Is(char c, CharClass cls) { return kCharClasses[static_cast<unsigned char>(c)] & cls; }
bool IsNameStart(char c) { return Is(c, kNameStart); }
bool IsNameChar(char c) { return Is(c, kNameChar); }

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Reader {
 public:
  Reader(std::string_view text, std::string_view source) : in_(text), source_(source) {}

  std::expected<XmlNode, Error> Document();

 private:
  bool AtEnd() const { return pos_ >= in_.size(); }
  char Peek() const { return AtEnd() ? '\0' : in_[pos_]; }
  bool StartsWith(std::string_view s) const { return in_.substr(pos_).starts_with(s); }

  // Moves to `to`, counting the lines passed.
  void AdvanceTo(size_t to) {
    line_ += static_cast<int>(std::count(in_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                         in_.begin() + static_cast<std::ptrdiff_t>(to), '\n'));
    pos_ = to;
  }
  void SkipSpace() {
    while (!AtEnd() && IsSpace(in_[pos_])) {
      if (in_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }
  std::unexpected<Error> Fail(std::string message) const { return FailAt(line_, message); }
  std::unexpected<Error> FailAt(int line, std::string_view message) const {
    return std::unexpected(Error{ErrorCode::kParse,
                                 "not well-formed XML: " + std::string(message),
                                 Where(source_, line)});
  }

  // Skips past `end`, or fails with `what` when it never comes.
  std::expected<void, Error> SkipPast(std::string_view end, std::string_view what);
  // Comments, processing instructions, DOCTYPE and whitespace outside the root element.
  std::expected<void, Error> Misc(bool allow_doctype);
  std::expected<void, Error> ProcessingInstruction();
  std::expected<std::string_view, Error> Name();  // a view into the input
  // An attribute of the start tag being read, as views into the input (or into decoded_).
  struct PendingAttribute {
    std::string_view name;
    std::string_view value;
    int decoded = -1;  // index into decoded_ when the value needed decoding
  };
  // Attribute `name`'s value: a view of the raw text when it needs no decoding (the usual
  // case), else the index of its decoded text, appended to decoded_.
  std::expected<PendingAttribute, Error> AttributeValue(std::string_view name);
  std::expected<void, Error> Reference(std::string& out, bool strict);
  std::expected<void, Error> Text();
  std::expected<void, Error> Element(XmlNode& node, int depth);
  std::expected<void, Error> Content(XmlNode& node, int depth);

  std::string_view in_;
  std::string_view source_;
  size_t pos_ = 0;
  int line_ = 1;
  // True when the start tag being read already has `name`: a linear scan for the usual few
  // attributes, a hash set beyond that (hostile input may have thousands).
  bool Repeated(std::string_view name) {
    if (scratch_.size() < 24) {
      for (const PendingAttribute& a : scratch_) {
        // The last character first: CIB names often share a prefix and a length.
        if (a.name.size() == name.size() && a.name.back() == name.back() && a.name == name) {
          return true;
        }
      }
      if (scratch_.size() < 23) return false;
      for (const PendingAttribute& a : scratch_) seen_.insert(a.name);
    }
    return !seen_.insert(name).second;
  }
  // Moves the start tag's attributes into `node`.
  void TakeAttributes(XmlNode& node);

  std::vector<PendingAttribute> scratch_;
  std::vector<std::string> decoded_;           // decoded values of the start tag being read
  std::unordered_set<std::string_view> seen_;  // their names, once there are many
};

std::expected<void, Error> Reader::SkipPast(std::string_view end, std::string_view what) {
  size_t found = in_.find(end, pos_);
  if (found == std::string_view::npos) return Fail("unterminated " + std::string(what));
  AdvanceTo(found + end.size());
  return {};
}

// "<?" Name ... "?>": the end is searched after the target, so "<?>" is no instruction.
std::expected<void, Error> Reader::ProcessingInstruction() {
  pos_ += 2;
  if (AtEnd() || !IsNameStart(in_[pos_])) return Fail("processing instruction without a target");
  return SkipPast("?>", "processing instruction");
}

std::expected<void, Error> Reader::Misc(bool allow_doctype) {
  while (true) {
    SkipSpace();
    if (StartsWith("<?")) {
      if (auto r = ProcessingInstruction(); !r) return r;
    } else if (StartsWith("<!--")) {
      pos_ += 4;
      if (auto r = SkipPast("-->", "comment"); !r) return r;
    } else if (StartsWith("<!DOCTYPE")) {
      if (!allow_doctype) return Fail("DOCTYPE after the root element");
      // Skip to the closing '>', past an internal subset in brackets.
      size_t close_bracket = in_.find(']', pos_);
      size_t gt = in_.find('>', pos_);
      size_t open_bracket = in_.find('[', pos_);
      if (open_bracket != std::string_view::npos && open_bracket < gt) {
        if (close_bracket == std::string_view::npos) return Fail("unterminated DOCTYPE");
        gt = in_.find('>', close_bracket);
      }
      if (gt == std::string_view::npos) return Fail("unterminated DOCTYPE");
      AdvanceTo(gt + 1);
    } else {
      return {};
    }
  }
}

std::expected<std::string_view, Error> Reader::Name() {
  size_t start = pos_;
  if (AtEnd() || !IsNameStart(in_[pos_])) return Fail("expected a name");
  while (!AtEnd() && IsNameChar(in_[pos_])) ++pos_;
  return in_.substr(start, pos_ - start);
}

// After '&': a predefined entity or a character reference, appended to `out`. Outside
// attributes (`strict` false) other entity names are accepted: the text is dropped anyway.
std::expected<void, Error> Reader::Reference(std::string& out, bool strict) {
  size_t semi = in_.find(';', pos_);
  if (semi == std::string_view::npos || semi - pos_ > 32) return Fail("'&' without ';'");
  std::string_view name = in_.substr(pos_, semi - pos_);
  pos_ = semi + 1;
  static constexpr std::pair<std::string_view, char> kPredefined[] = {
      {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
  for (const auto& [entity, c] : kPredefined) {
    if (name == entity) {
      out += c;
      return {};
    }
  }
  if (name.starts_with('#')) {
    const bool hex = name.size() > 1 && name[1] == 'x';
    std::string_view digits = name.substr(hex ? 2 : 1);
    uint32_t cp = 0;
    if (digits.empty() || digits.size() > 8) return Fail("bad character reference");
    for (char c : digits) {
      int d = (c >= '0' && c <= '9') ? c - '0'
              : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) return Fail("bad character reference");
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
    }
    const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!allowed) return Fail("character reference to a character XML does not allow");
    AppendUtf8(cp, out);
    return {};
  }
  if (strict) return Fail("unknown entity '&" + std::string(name) + ";'");
  return {};
}

std::expected<Reader::PendingAttribute, Error> Reader::AttributeValue(std::string_view name) {
  const char quote = Peek();
  if (quote != '"' && quote != '\'') return Fail("attribute value without quotes");
  ++pos_;
  // Fast path, one scan: up to the closing quote with nothing to decode or normalize.
  size_t scan = pos_;
  while (scan < in_.size() && in_[scan] != quote && !Is(in_[scan], kValueStop)) ++scan;
  if (scan < in_.size() && in_[scan] == quote) {
    std::string_view raw = in_.substr(pos_, scan - pos_);
    pos_ = scan + 1;
    return PendingAttribute{name, raw};
  }
  size_t end = in_.find(quote, scan);
  if (end == std::string_view::npos) return Fail("unterminated attribute value");
  std::string_view raw = in_.substr(pos_, end - pos_);
  std::string out;
  out.reserve(raw.size());
  while (pos_ < end) {
    const char c = in_[pos_];
    if (c == '<') return Fail("'<' in an attribute value");
    if (c == '&') {
      ++pos_;
      if (auto r = Reference(out, true); !r) return std::unexpected(r.error());
      if (pos_ > end) return Fail("'&' without ';'");
      continue;
    }
    if (IsSpace(c)) {
      if (c == '\n') ++line_;
      // Line ends become one '\n' (XML 1.0, 2.11), then every white space a ' ' (3.3.3).
      if (c == '\r' && pos_ + 1 < end && in_[pos_ + 1] == '\n') ++pos_, ++line_;
      out += ' ';
    } else if (static_cast<unsigned char>(c) < 0x20) {
      return Fail("control character in an attribute value");
    } else {
      out += c;
    }
    ++pos_;
  }
  if (pos_ != end) return Fail("'&' without ';'");
  pos_ = end + 1;
  decoded_.push_back(std::move(out));
  return PendingAttribute{name, {}, static_cast<int>(decoded_.size()) - 1};
}

void Reader::TakeAttributes(XmlNode& node) {
  auto value = [&](const PendingAttribute& a) -> std::string_view {
    return a.decoded < 0 ? a.value : decoded_[static_cast<size_t>(a.decoded)];
  };
  size_t bytes = 0;
  for (const PendingAttribute& a : scratch_) bytes += XmlAttributes::EncodedSize(a.name, value(a));
  node.attributes.Reserve(bytes);
  for (const PendingAttribute& a : scratch_) node.attributes.Append(a.name, value(a));
  scratch_.clear();
  decoded_.clear();
  seen_.clear();
}

std::expected<void, Error> Reader::Text() {
  std::string ignored;
  while (!AtEnd() && in_[pos_] != '<') {
    const char c = in_[pos_];
    if (c == '&') {
      ++pos_;
      if (auto r = Reference(ignored, false); !r) return r;
      ignored.clear();
      continue;
    }
    if (c == '\n') {
      ++line_;
    } else if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\r') {
      return Fail("control character in text");
    }
    ++pos_;
  }
  return {};
}

// At '<' of a start tag.
std::expected<void, Error> Reader::Element(XmlNode& node, int depth) {
  if (depth > kMaxDepth) return Fail("elements nested too deeply");
  node.line = line_;
  ++pos_;
  auto name = Name();
  if (!name) return std::unexpected(name.error());
  node.name = std::string(*name);
  while (true) {
    const size_t before = pos_;
    SkipSpace();
    if (AtEnd()) return Fail("unterminated start tag <" + node.name + ">");
    if (StartsWith("/>") || Peek() == '>') {
      TakeAttributes(node);
      if (Peek() == '/') {
        pos_ += 2;
        return {};
      }
      ++pos_;
      return Content(node, depth);
    }
    if (pos_ == before) return Fail("expected whitespace, '>' or '/>' in <" + node.name + ">");
    auto attr = Name();
    if (!attr) return std::unexpected(attr.error());
    SkipSpace();
    if (Peek() != '=') return Fail("expected '=' after attribute '" + std::string(*attr) + "'");
    ++pos_;
    SkipSpace();
    auto value = AttributeValue(*attr);
    if (!value) return std::unexpected(value.error());
    if (Repeated(*attr)) return Fail("attribute '" + std::string(*attr) + "' repeated");
    scratch_.push_back(*value);
  }
}

// After the '>' of a start tag: children, text, comments, up to the matching end tag.
std::expected<void, Error> Reader::Content(XmlNode& node, int depth) {
  while (true) {
    if (auto r = Text(); !r) return r;
    if (AtEnd()) return FailAt(node.line, "<" + node.name + "> is not closed");
    if (StartsWith("</")) {
      pos_ += 2;
      auto name = Name();
      if (!name) return std::unexpected(name.error());
      if (*name != node.name) {  // named where the unclosed element starts
        return FailAt(node.line, "<" + node.name + "> is not closed (found </" +
                                     std::string(*name) + "> on line " + std::to_string(line_) +
                                     ")");
      }
      SkipSpace();
      if (Peek() != '>') return Fail("expected '>' after </" + node.name);
      ++pos_;
      return {};
    }
    if (StartsWith("<!--")) {
      pos_ += 4;
      if (auto r = SkipPast("-->", "comment"); !r) return r;
    } else if (StartsWith("<![CDATA[")) {
      if (auto r = SkipPast("]]>", "CDATA section"); !r) return r;
    } else if (StartsWith("<?")) {
      if (auto r = ProcessingInstruction(); !r) return r;
    } else if (StartsWith("<!")) {
      return Fail("unexpected markup '<!' in <" + node.name + ">");
    } else {
      XmlNode& child = node.children.emplace_back();
      if (auto r = Element(child, depth + 1); !r) return r;
    }
  }
}

std::expected<XmlNode, Error> Reader::Document() {
  if (StartsWith("\xEF\xBB\xBF")) pos_ += 3;  // UTF-8 byte order mark
  if (auto r = Misc(true); !r) return std::unexpected(r.error());
  if (AtEnd()) {
    const bool blank = std::all_of(in_.begin(), in_.end(), [](char c) { return IsSpace(c); });
    return Fail(blank ? "empty document" : "no root element");
  }
  if (Peek() != '<' || StartsWith("<!")) return Fail("expected the root element");
  XmlNode root;
  if (auto r = Element(root, 0); !r) return std::unexpected(r.error());
  if (auto r = Misc(false); !r) return std::unexpected(r.error());
  if (!AtEnd()) {
    return Fail(Peek() == '<' ? "more than one root element" : "text after the root element");
  }
  return root;
}

}  // namespace

std::expected<XmlNode, Error> ParseXml(std::string_view text, std::string_view source) {
  return Reader(text, source).Document();
}

}  // namespace keel
