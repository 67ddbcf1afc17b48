#pragma once
// The command line of `crm simulate`: which CIB file, what to print, and the what-if
// changes to make to its status before scheduling (nodes joining, leaving or failing,
// operation results, the time).

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace keel {

// One injected operation result: `--op-fail RSC:NODE:OP:RC`.
struct OpInjection {
  std::string resource;  // as the status records it: "vip", "web:0"
  std::string node;
  std::string operation;               // start, stop, monitor, promote, demote, ...
  std::optional<int64_t> interval_ms;  // unset: "monitor" alone, the configured monitor's
  int rc = 0;                          // OCF exit code
};

struct SimulateArgs {
  std::string xml_file;
  bool json = false;
  bool scores = false;
  std::string explain;
  std::optional<int64_t> now;  // epoch seconds
  std::vector<std::string> node_up;
  std::vector<std::string> node_down;
  std::vector<std::string> node_fail;
  std::vector<OpInjection> op_results;
  std::string save;  // write the CIB after the transition here
};

std::expected<SimulateArgs, std::string> ParseSimulateArgs(const std::vector<std::string>& args);

// Seconds since the epoch, or an ISO 8601 date and time in UTC: "2026-12-05",
// "2026-12-05T06:30", "2026-12-05 06:30:15Z".
std::expected<int64_t, std::string> ParseSimulateTime(std::string_view text);

// "RSC:NODE:OP:RC", OP being a name ("monitor") or a name and an interval ("monitor_10000",
// "monitor_10s"). Read from the right: a clone instance "web:0" keeps its colon.
std::expected<OpInjection, std::string> ParseOpInjection(std::string_view text);

}  // namespace keel
