// `crm status [--json] | --watch [--interval SECONDS]`: the cluster as the local crmd sees it
// (or, with CIB_file, as that file's status section says); --watch redraws it like crm_mon.

#include <unistd.h>

#include <charconv>
#include <csignal>
#include <ctime>

#include "cli/command.h"
#include "cli/fence_view.h"
#include "cli/status_source.h"
#include "cli/status_view.h"

namespace keel {

namespace {

constexpr const char* kUsage =
    "usage: crm status [--json] | crm status --watch [--interval SECONDS]\n";

volatile sig_atomic_t g_stop_watch = 0;
void OnWatchInterrupt(int) { g_stop_watch = 1; }

// The status as text or JSON, from the local crmd or the offline file.
std::expected<std::string, Error> RenderStatus(bool json) {
  auto snapshot = LoadStatusSnapshot();
  if (!snapshot) return std::unexpected(snapshot.error());
  const ClusterStatusView& view = snapshot->view;
  const std::string& cib = snapshot->cib_xml;
  std::vector<std::string> nodes;
  for (const StatusNode& n : view.nodes) nodes.push_back(n.name);
  auto devices = FenceDevicesFromCibText(cib, nodes);
  auto history = FenceHistoryFromCibText(cib, "").value_or(std::vector<FenceRecord>{});
  if (!json) return RenderStatusText(view) + RenderFencingStatus(devices, history);
  // The fencing members join the status object: its closing brace is the last one.
  std::string text = RenderStatusJson(view);
  size_t brace = text.rfind('}');
  return text.substr(0, brace) + "," + FencingStatusJsonMembers(devices, history) +
         text.substr(brace);
}

// Redraws the status every `seconds` until Ctrl-C (exit 0). A failed read is shown in place of
// the status and tried again at the next refresh, as crm_mon does when crmd goes away.
int Watch(int seconds, std::ostream& out) {
  g_stop_watch = 0;
  struct sigaction stop {};
  stop.sa_handler = OnWatchInterrupt;
  sigemptyset(&stop.sa_mask);
  sigaction(SIGINT, &stop, nullptr);
  sigaction(SIGTERM, &stop, nullptr);
  const bool terminal = isatty(STDOUT_FILENO) == 1;
  while (!g_stop_watch) {
    auto text = RenderStatus(false);
    std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%F %T", std::localtime(&now));
    if (terminal) out << "\033[H\033[2J";  // home, clear: one screen per refresh
    out << "Every " << seconds << "s: crm status (" << stamp << "; Ctrl-C quits)\n\n"
        << (text ? *text : "ERROR: " + text.error().ToString() + "\n") << std::flush;
    // sleep() returns early when Ctrl-C arrives.
    for (int left = seconds; left > 0 && !g_stop_watch;) left = static_cast<int>(sleep(left));
  }
  out << "\n";
  return 0;
}

}  // namespace

int RunStatusCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  bool json = false, watch = false;
  int interval = 2;
  bool interval_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--watch" || a == "-w") {
      watch = true;
    } else if (a == "--interval" && i + 1 < args.size()) {
      const std::string& v = args[++i];
      interval_given = true;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), interval);
      if (ec != std::errc() || end != v.data() + v.size() || interval < 1 || interval > 3600) {
        err << "crm status: --interval wants 1-3600 seconds, not '" << v << "'\n" << kUsage;
        return 2;
      }
    } else {
      err << "crm status: unknown argument '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  if (interval_given && !watch) {
    err << "crm status: --interval goes with --watch\n" << kUsage;
    return 2;
  }
  if (watch && json) {
    err << "crm status: --watch redraws text for a terminal; leave out --json\n" << kUsage;
    return 2;
  }
  if (watch) return Watch(interval, out);
  auto text = RenderStatus(json);
  if (!text) {
    err << "crm status: " << text.error().ToString() << "\n";
    return 1;
  }
  out << *text;
  return 0;
}

}  // namespace keel
