#include "xml/xml_node.h"

#include <algorithm>

#include "xml/xml_chunked_write.h"

namespace keel {

std::string XmlNode::AttrOr(std::string_view attr, std::string_view fallback) const {
  return std::string(Attr(attr).value_or(fallback));
}

void XmlNode::SetAttr(std::string_view attr, std::string_view value) {
  attributes.Set(attr, value);
}

bool XmlNode::RemoveAttr(std::string_view attr) { return attributes.Remove(attr); }

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

// The text's escape when `c` needs one, else empty.
std::string_view EscapeOf(char c) {
  switch (c) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\n':
      return "&#10;";
    case '\r':
      return "&#13;";
    case '\t':
      return "&#9;";
    default:
      return {};
  }
}

// Appends runs without anything to escape whole: most values have none. `Out` is a std::string
// or a ChunkBuffer: SerializeXml and SerializeXmlChunked share this writer.
template <typename Out>
void Escape(std::string_view text, Out& out) {
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    std::string_view escape = EscapeOf(text[i]);
    if (escape.empty()) continue;
    out.append(text.substr(run, i - run));
    out.append(escape);
    run = i + 1;
  }
  out.append(text.substr(run));
}

size_t EscapedSize(std::string_view text) {
  size_t size = text.size();
  for (char c : text) {
    if (std::string_view escape = EscapeOf(c); !escape.empty()) size += escape.size() - 1;
  }
  return size;
}

// What Write appends, to the byte: a whole CIB (megabytes) is then written without regrowing.
size_t WrittenSize(const XmlNode& node, bool pretty, int depth) {
  const size_t indent = pretty ? static_cast<size_t>(depth) * 2 : 0;
  size_t size = indent + 1 + node.name.size();
  for (const XmlAttributeView a : node.attributes) size += a.name.size() + 4 + EscapedSize(a.value);
  if (node.children.empty()) {
    size += 2;
  } else {
    size += 1 + (pretty ? 1 : 0) + indent + 3 + node.name.size();
    for (const XmlNode& c : node.children) size += WrittenSize(c, pretty, depth + 1);
  }
  return size + (pretty ? 1 : 0);
}

template <typename Out>
void Write(const XmlNode& node, bool pretty, int depth, Out& out) {
  if (pretty) out.append(static_cast<size_t>(depth) * 2, ' ');
  out.push_back('<');
  out.append(node.name);
  for (const XmlAttributeView a : node.attributes) {
    out.push_back(' ');
    out.append(a.name);
    out.append("=\"");
    Escape(a.value, out);
    out.push_back('"');
  }
  if (node.children.empty()) {
    out.append("/>");
  } else {
    out.push_back('>');
    if (pretty) out.push_back('\n');
    for (const XmlNode& c : node.children) Write(c, pretty, depth + 1, out);
    if (pretty) out.append(static_cast<size_t>(depth) * 2, ' ');
    out.append("</");
    out.append(node.name);
    out.push_back('>');
  }
  if (pretty) out.push_back('\n');
}

// Collects Write's output in pieces of `chunk` bytes, each handed to the sink when full.
class ChunkBuffer {
 public:
  ChunkBuffer(size_t chunk, const std::function<void(std::string_view)>& sink)
      : chunk_(std::max<size_t>(chunk, 1)), sink_(sink) {
    buffer_.reserve(chunk_);
  }
  void append(std::string_view text) {
    while (buffer_.size() + text.size() > chunk_) {
      size_t room = chunk_ - buffer_.size();
      buffer_.append(text.substr(0, room));
      text.remove_prefix(room);
      Hand();
    }
    buffer_.append(text);
  }
  void append(size_t count, char c) {
    while (buffer_.size() + count > chunk_) {
      size_t room = chunk_ - buffer_.size();
      buffer_.append(room, c);
      count -= room;
      Hand();
    }
    buffer_.append(count, c);
  }
  void push_back(char c) {
    if (buffer_.size() == chunk_) Hand();
    buffer_.push_back(c);
  }
  // Hands what is left.
  void Finish() {
    if (!buffer_.empty()) Hand();
  }

 private:
  void Hand() {
    sink_(buffer_);
    buffer_.clear();
  }

  size_t chunk_;
  const std::function<void(std::string_view)>& sink_;
  std::string buffer_;
};

}  // namespace

// ParseXml is in xml_parse.cc.

std::string SerializeXml(const XmlNode& node, bool pretty, size_t spare) {
  std::string out;
  out.reserve(WrittenSize(node, pretty, 0) + spare);
  Write(node, pretty, 0, out);
  return out;
}

void SerializeXmlChunked(const XmlNode& node, bool pretty, std::size_t chunk_bytes,
                         const std::function<void(std::string_view)>& sink) {
  ChunkBuffer out(chunk_bytes, sink);
  Write(node, pretty, 0, out);
  out.Finish();
}

}  // namespace keel
