#include "crmd/protocol/batch_message.h"

#include <charconv>

namespace keel {
namespace {

Error Bad(std::string message) {
  return Error{ErrorCode::kInvalid, "batch: " + std::move(message), "bus"};
}

std::string At(size_t item, size_t byte) {
  return "item " + std::to_string(item) + " (body byte " + std::to_string(byte) + "): ";
}

}  // namespace

size_t BatchItemSize(std::string_view payload) {
  return std::to_string(payload.size()).size() + 1 + payload.size();
}

BusMessage BatchMessage::ToBus() const {
  BusMessage m{std::string(kType),
               {{"proto", std::to_string(kProtocol)}, {"count", std::to_string(payloads.size())}},
               ""};
  size_t size = 0;
  for (const std::string& p : payloads) size += BatchItemSize(p);
  m.body.reserve(size);
  for (const std::string& p : payloads) {
    m.body += std::to_string(p.size());
    m.body += '\n';
    m.body += p;
  }
  return m;
}

std::expected<BatchMessage, Error> BatchMessage::FromBus(const BusMessage& m) {
  const std::string count_text = m.Field("count");
  size_t count = 0;
  auto [count_end, count_ec] =
      std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
  if (count_text.empty() || count_ec != std::errc() ||
      count_end != count_text.data() + count_text.size()) {
    return std::unexpected(Bad("bad count '" + count_text + "'"));
  }
  std::string_view body = m.body;
  BatchMessage batch;
  size_t pos = 0;
  while (pos < body.size()) {
    const size_t item = batch.payloads.size() + 1;
    if (item > count) {
      return std::unexpected(Bad(At(item, pos) + "more items than count " + count_text));
    }
    size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) return std::unexpected(Bad(At(item, pos) + "no length"));
    std::string_view length_text = body.substr(pos, nl - pos);
    size_t length = 0;
    auto [end, ec] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (length_text.empty() || ec != std::errc() ||
        end != length_text.data() + length_text.size()) {
      return std::unexpected(Bad(At(item, pos) + "bad length '" + std::string(length_text) + "'"));
    }
    if (length == 0) return std::unexpected(Bad(At(item, pos) + "empty item"));
    if (length > body.size() - (nl + 1)) {
      return std::unexpected(Bad(At(item, pos) + "length " + std::string(length_text) +
                                 " runs past the end (" + std::to_string(body.size() - nl - 1) +
                                 " bytes left)"));
    }
    std::string_view payload = body.substr(nl + 1, length);
    if (payload.substr(0, payload.find('\n')) == kType) {
      return std::unexpected(Bad(At(item, pos) + "an item is itself a batch"));
    }
    batch.payloads.emplace_back(payload);
    pos = nl + 1 + length;
  }
  if (batch.payloads.size() != count) {
    return std::unexpected(Bad("count " + count_text + " but the body holds " +
                               std::to_string(batch.payloads.size()) + " items"));
  }
  return batch;
}

}  // namespace keel
