// libFuzzer target: any bytes -> ParseCib must not crash; whatever it accepts must serialize
// and parse back to the same model and the same text.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "xml/cib_parse.h"
#include "xml/cib_write.h"

namespace {

[[noreturn]] void Die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "cib_fuzz: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = keel::ParseCib(text, "fuzz.xml");
  if (!parsed) {
    for (const keel::Error& e : parsed.error()) {
      if (e.message.empty()) Die("an error without a message", e.where);
    }
    return 0;
  }
  const std::string written = keel::SerializeCib(parsed->cib);
  auto again = keel::ParseCib(written, "again.xml");
  if (!again) Die("serialized CIB does not parse", keel::JoinErrors(again.error()) + written);
  if (!(keel::WithoutSourceLines(again->cib) == keel::WithoutSourceLines(parsed->cib))) {
    Die("round trip changed the model", written);
  }
  if (keel::SerializeCib(again->cib) != written) Die("second serialization differs", written);
  return 0;
}
