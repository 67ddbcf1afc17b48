// libFuzzer target: any bytes -> ParseCib must not crash; whatever it accepts must serialize
// and parse back to the same model and the same text. On the way, Keel's XML reader is
// checked against tinyxml2: a document Keel accepts must give tinyxml2's tree.

#include <tinyxml2.h>

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

// White space in attribute values compares as ' ': tinyxml2 keeps literal line ends where
// XML (and Keel) turn them into spaces, and both turn &#10; into '\n'.
std::string Blurred(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

bool SameTree(const tinyxml2::XMLElement& theirs, const keel::XmlNode& ours) {
  if (ours.name != theirs.Name() || ours.line != theirs.GetLineNum()) return false;
  auto mine = ours.attributes.begin();
  for (const tinyxml2::XMLAttribute* a = theirs.FirstAttribute(); a; a = a->Next(), ++mine) {
    if (mine == ours.attributes.end() || (*mine).name != a->Name() ||
        Blurred((*mine).value) != Blurred(a->Value())) {
      return false;
    }
  }
  if (mine != ours.attributes.end()) return false;
  size_t j = 0;
  for (const tinyxml2::XMLElement* c = theirs.FirstChildElement(); c;
       c = c->NextSiblingElement(), ++j) {
    if (j >= ours.children.size() || !SameTree(*c, ours.children[j])) return false;
  }
  return j == ours.children.size();
}

void CheckAgainstTinyxml2(std::string_view text) {
  auto ours = keel::ParseXml(text, "fuzz.xml");
  if (!ours) return;  // Keel is stricter (entities, control characters, depth): fine
  if (text.find("<!DOCTYPE") != std::string_view::npos) return;  // tinyxml2 skips it loosely
  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  if (doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS) {
    Die("Keel's reader accepts what tinyxml2 refuses", std::string(doc.ErrorStr()));
  }
  if (!SameTree(*doc.RootElement(), *ours)) Die("trees differ", keel::SerializeXml(*ours));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckAgainstTinyxml2(text);
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
