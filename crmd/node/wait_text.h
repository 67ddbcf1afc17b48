#pragma once
// How the node's bounded waits say how long they waited: "5.0 s".

#include <cstdint>
#include <string>

namespace keel {

inline std::string SecondsText(int64_t ms) {
  return std::to_string(ms / 1000) + "." + std::to_string(ms % 1000 / 100) + " s";
}

}  // namespace keel
