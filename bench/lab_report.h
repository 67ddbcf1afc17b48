// The failover bench's tables: one row per figure with n, median, p90, max (nearest rank) and
// the target it is held against.
#pragma once

#include <string>
#include <vector>

namespace keel::bench {

struct ReportRow {
  std::string figure;
  std::vector<double> values;  // milliseconds (or what unit says)
  std::string target;          // "" when there is none
  std::string unit = "ms";
};

void PrintTable(const std::string& title, const std::vector<ReportRow>& rows);

}  // namespace keel::bench
