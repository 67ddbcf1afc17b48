#include "xml/base/ocf_rc.h"

#include <array>
#include <string_view>

namespace keel {

std::string RcName(int rc) {
  static constexpr std::array<std::string_view, 10> kNames = {"ok",
                                                              "generic error",
                                                              "invalid parameter",
                                                              "unimplemented feature",
                                                              "insufficient privileges",
                                                              "not installed",
                                                              "not configured",
                                                              "not running",
                                                              "running promoted",
                                                              "failed promoted"};
  if (rc >= 0 && rc < static_cast<int>(kNames.size())) return std::string(kNames[rc]);
  return "unknown (" + std::to_string(rc) + ")";
}

}  // namespace keel
