#pragma once
// OCF exit codes (OCF 1.1, plus Pacemaker's "failed promoted"): the one definition for the
// agents (which return them), the executor (which maps every agent class onto them), the
// controller and the scheduler (which read them back from rc-code in the CIB status).

#include <string>
#include <utility>

namespace keel {

enum class OcfRc : int {
  kOk = 0,
  kErrGeneric = 1,
  kErrArgs = 2,
  kErrUnimplemented = 3,
  kErrPerm = 4,
  kErrInstalled = 5,
  kErrConfigured = 6,
  kNotRunning = 7,
  kRunningPromoted = 8,
  kFailedPromoted = 9,
};

// The same codes as plain ints, for rc values read from agents' exits and the CIB.
namespace ocf_rc {
inline constexpr int kOk = std::to_underlying(OcfRc::kOk);
inline constexpr int kErrGeneric = std::to_underlying(OcfRc::kErrGeneric);
inline constexpr int kErrArgs = std::to_underlying(OcfRc::kErrArgs);
inline constexpr int kErrUnimplemented = std::to_underlying(OcfRc::kErrUnimplemented);
inline constexpr int kErrPerm = std::to_underlying(OcfRc::kErrPerm);
inline constexpr int kErrInstalled = std::to_underlying(OcfRc::kErrInstalled);
inline constexpr int kErrConfigured = std::to_underlying(OcfRc::kErrConfigured);
inline constexpr int kNotRunning = std::to_underlying(OcfRc::kNotRunning);
inline constexpr int kRunningPromoted = std::to_underlying(OcfRc::kRunningPromoted);
inline constexpr int kFailedPromoted = std::to_underlying(OcfRc::kFailedPromoted);
}  // namespace ocf_rc

// "ok", "generic error", ..., "failed promoted"; "unknown (N)" outside 0-9.
std::string RcName(int rc);

}  // namespace keel
