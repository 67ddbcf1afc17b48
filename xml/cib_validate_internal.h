#pragma once
// Internal to cib_validate*.cc: collects semantic problems on a model, each placed at
// "source:line (id)".

#include <string>
#include <string_view>
#include <vector>

#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel::cib_parse {

class Validator {
 public:
  explicit Validator(std::string_view source) : source_(source) {}

  // "source:line (id)"; the line or the id is left out when unknown.
  std::string Place(int line, std::string_view id) const;
  void Report(int line, std::string_view id, std::string message,
              ErrorCode code = ErrorCode::kInvalid);
  Errors TakeErrors() { return std::move(errors_); }

 private:
  std::string source_;
  Errors errors_;
};

void CheckClusterOptions(Validator& v, const std::vector<NvSet>& crm_config);
void CheckMetaAttributes(Validator& v, const std::vector<NvSet>& meta);
void CheckOpDefaults(Validator& v, const std::vector<NvSet>& op_defaults);

}  // namespace keel::cib_parse
