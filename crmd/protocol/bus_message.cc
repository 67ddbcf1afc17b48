#include "crmd/protocol/bus_message.h"

#include <charconv>

namespace keel {

namespace {

Error Malformed(const std::string& what) {
  return Error{ErrorCode::kParse, "malformed bus message: " + what, ""};
}

// A newline would end the field and turn the rest into other fields (or the body): the lines
// of a value (an error list, say) are kept, joined by "; ".
std::string OneLine(const std::string& value) {
  if (value.find('\n') == std::string::npos) return value;
  std::string out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find('\n', start);
    if (end == std::string::npos) end = value.size();
    if (end > start) out += (out.empty() ? "" : "; ") + value.substr(start, end - start);
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string BusMessage::Field(const std::string& key) const {
  auto it = fields.find(key);
  return it == fields.end() ? "" : it->second;
}

namespace {

std::string HeaderLines(const BusMessage& message) {
  std::string out = message.type + "\n";
  for (const auto& [key, value] : message.fields) out += key + "=" + OneLine(value) + "\n";
  out += "\n";
  return out;
}

}  // namespace

std::string EncodeBusMessage(const BusMessage& message) {
  std::string out = HeaderLines(message);
  out += message.body;
  return out;
}

std::string EncodeBusMessage(BusMessage&& message) {
  std::string header = HeaderLines(message);
  if (message.body.capacity() - message.body.size() < header.size()) {
    header += message.body;
    return header;
  }
  message.body.insert(0, header);
  return std::move(message.body);
}

std::expected<BusMessage, Error> DecodeBusMessage(std::string_view bytes) {
  auto view = DecodeBusMessageView(bytes);
  if (!view) return std::unexpected(view.error());
  view->message.body = std::string(view->body);
  return std::move(view->message);
}

std::expected<BusMessageView, Error> DecodeBusMessageView(std::string_view bytes) {
  BusMessage message;
  size_t pos = bytes.find('\n');
  if (pos == std::string_view::npos || pos == 0) return std::unexpected(Malformed("no type line"));
  message.type = std::string(bytes.substr(0, pos));
  ++pos;
  while (true) {
    size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) return std::unexpected(Malformed("header not terminated"));
    if (end == pos) break;
    std::string_view line = bytes.substr(pos, end - pos);
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return std::unexpected(Malformed("bad field line '" + std::string(line) + "'"));
    }
    message.fields[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    pos = end + 1;
  }
  return BusMessageView{std::move(message), bytes.substr(pos + 1)};
}

std::expected<int, Error> MessageVersion(const BusMessage& message) {
  auto it = message.fields.find("proto");
  if (it == message.fields.end()) return 1;
  const std::string& text = it->second;
  int version = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (ec != std::errc() || end != text.data() + text.size() || version < 1) {
    return std::unexpected(
        Error{ErrorCode::kParse, "bad protocol version '" + text + "' in " + message.type, ""});
  }
  return version;
}

}  // namespace keel
