#include "crmd/executor/action.h"

namespace keel {

std::string_view OpStatusName(OpStatus status) {
  switch (status) {
    case OpStatus::kDone:
      return "done";
    case OpStatus::kCancelled:
      return "cancelled";
    case OpStatus::kTimedOut:
      return "timed out";
    case OpStatus::kNotSupported:
      return "not supported";
    case OpStatus::kError:
      return "error";
    case OpStatus::kNotInstalled:
      return "not installed";
  }
  return "?";
}

std::string ActionResult::Summary() const {
  std::string out = rsc_id + "_" + action + "_" + std::to_string(interval_ms) +
                    " call=" + std::to_string(call_id) + ": " + RcName(rc) + " (" +
                    std::string(OpStatusName(op_status)) + ")";
  if (!exit_reason.empty()) out += " " + exit_reason;
  return out;
}

}  // namespace keel
