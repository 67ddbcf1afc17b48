#include "xml/base/error.h"

namespace keel {

std::string JoinErrors(const Errors& errors) {
  std::string out;
  for (const Error& e : errors) {
    out += e.ToString();
    out += '\n';
  }
  return out;
}

}  // namespace keel
