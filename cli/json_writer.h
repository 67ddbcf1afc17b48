#pragma once
// A small streaming JSON writer: objects, arrays, strings (escaped), numbers, booleans,
// null. Commas and nesting are tracked so callers cannot produce malformed output by
// forgetting a separator.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace keel {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);  // inside an object, before each value
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

 private:
  void BeforeValue();
  void WriteEscaped(std::string_view text);

  std::ostream& out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view text);

}  // namespace keel
