#include "bench/lab_report.h"

#include <cstdio>

#include "bench/lab_timeline.h"

namespace keel::bench {

void PrintTable(const std::string& title, const std::vector<ReportRow>& rows) {
  std::printf("\n## %s\n", title.c_str());
  std::printf("| %-52s | %3s | %9s | %9s | %9s | %s\n", "figure", "n", "median", "p90", "max",
              "target / reference |");
  std::printf("|%s|-----|-----------|-----------|-----------|---|\n", std::string(54, '-').c_str());
  for (const ReportRow& row : rows) {
    Figures f = Summarize(row.values);
    if (f.n == 0) {
      std::printf("| %-52s | %3d | %9s | %9s | %9s | %s |\n", row.figure.c_str(), 0, "-", "-", "-",
                  row.target.c_str());
      continue;
    }
    std::printf("| %-52s | %3zu | %6.1f %-2s | %6.1f %-2s | %6.1f %-2s | %s |\n",
                row.figure.c_str(), f.n, f.median, row.unit.c_str(), f.p90, row.unit.c_str(), f.max,
                row.unit.c_str(), row.target.c_str());
  }
  std::fflush(stdout);
}

}  // namespace keel::bench
