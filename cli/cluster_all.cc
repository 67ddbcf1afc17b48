#include "cli/cluster_all.h"

#include <algorithm>

namespace keel {

std::expected<std::vector<std::string>, std::string> OtherNodes(
    const std::vector<std::string>& nodelist, const std::string& local) {
  if (std::find(nodelist.begin(), nodelist.end(), local) == nodelist.end()) {
    std::string names;
    for (const std::string& n : nodelist) names += (names.empty() ? "" : ", ") + n;
    return std::unexpected("this node (" + local + ") is not in corosync.conf's nodelist (" +
                           (names.empty() ? std::string("empty") : names) + ")");
  }
  std::vector<std::string> others;
  for (const std::string& n : nodelist) {
    if (n != local) others.push_back(n);
  }
  return others;
}

bool RunOnNodes(RemoteRunner& runner, const std::vector<std::string>& nodes,
                const std::string& action, int timeout_ms, std::ostream& out, std::ostream& err,
                const std::vector<std::string>& options) {
  std::vector<std::string> argv{"crm", "cluster", action};
  argv.insert(argv.end(), options.begin(), options.end());
  bool all_ok = true;
  for (const std::string& node : nodes) {
    auto r = runner.Run(node, argv, timeout_ms);
    if (r && r->exit_code == 0) {
      out << node << ": " << action << " done\n";
      continue;
    }
    all_ok = false;
    std::string why = !r ? r.error().message : "exit " + std::to_string(r->exit_code);
    std::string output = r ? r->output : "";
    while (!output.empty() && output.back() == '\n') output.pop_back();
    err << "crm cluster: " << node << ": " << action << " FAILED (" << why << ")"
        << (output.empty() ? "" : ": " + output) << "\n";
  }
  return all_ok;
}

int StopOnAllNodes(const std::function<int()>& stop_here, RemoteRunner& runner,
                   const std::vector<std::string>& others, int timeout_s, std::ostream& out,
                   std::ostream& err) {
  int rc = stop_here();
  // The bound covers their wait for crmd and corosync's own stop.
  if (!RunOnNodes(runner, others, "stop", (timeout_s + 60) * 1000, out, err,
                  {"--timeout", std::to_string(timeout_s)})) {
    rc = 1;
  }
  return rc;
}

}  // namespace keel
