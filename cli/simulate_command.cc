// `crm simulate --xml-file FILE ...` (simulate_options.h): runs the scheduler on a CIB file,
// after the what-if changes asked for, and prints its plan; --save writes the CIB as it would
// be once the plan has run. Nothing reaches stdout unless the whole answer was computed.

#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>
#include <tuple>

#include "cli/command.h"
#include "cli/simulate_inject.h"
#include "cli/simulate_json.h"
#include "cli/simulate_options.h"
#include "cli/simulate_text.h"
#include "crmd/scheduler/scheduler.h"
#include "xml/cib_parse.h"
#include "xml/cib_write.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

constexpr const char* kUsage =
    "usage: crm simulate --xml-file FILE [--json] [--scores] [--explain RSC] [--now TIME]\n"
    "         [--node-up NODE] [--node-down NODE] [--node-fail NODE] [--op-fail RSC:NODE:OP:RC]\n"
    "         [--save FILE]\n";

std::expected<std::string, std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::unexpected(path + ": read error");
  return text.str();
}

// The CIB's own execution-date (as crm_simulate uses it), else the clock.
TimePoint ChooseNow(const SimulateArgs& args, std::string_view text, std::string_view path) {
  if (args.now) return TimePoint{*args.now};
  if (auto root = ParseXml(text, path)) {
    if (const auto date = root->Attr("execution-date")) {
      int64_t n = 0;
      auto [ptr, ec] = std::from_chars(date->data(), date->data() + date->size(), n);
      if (ec == std::errc() && ptr == date->data() + date->size()) return TimePoint{n};
    }
  }
  auto now = std::chrono::system_clock::now();
  return TimePoint{std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()};
}

// The node events, then the operation results, in the order given.
std::expected<void, std::string> ApplyWhatIf(const SimulateArgs& a, TimePoint now, Cib& cib) {
  for (auto [option, nodes, event] : {std::tuple{"--node-up", &a.node_up, NodeEvent::kUp},
                                      std::tuple{"--node-down", &a.node_down, NodeEvent::kDown},
                                      std::tuple{"--node-fail", &a.node_fail, NodeEvent::kFail}}) {
    for (const std::string& node : *nodes) {
      auto done = InjectNodeEvent(cib, node, event);
      if (!done) return std::unexpected(std::string(option) + ": " + done.error());
    }
  }
  for (const OpInjection& op : a.op_results) {
    auto done = InjectOpResult(cib, op, now);
    if (!done) return std::unexpected("--op-fail: " + done.error());
  }
  return {};
}

std::vector<std::string> DescribeWhatIf(const SimulateArgs& a) {
  std::vector<std::string> lines;
  for (const std::string& n : a.node_up) lines.push_back("Bringing node " + n + " online");
  for (const std::string& n : a.node_down) lines.push_back("Taking node " + n + " offline");
  for (const std::string& n : a.node_fail) lines.push_back("Failing node " + n);
  for (const OpInjection& op : a.op_results) {
    std::string interval = op.interval_ms ? "_" + std::to_string(*op.interval_ms) : "";
    lines.push_back("Recording " + op.resource + " " + op.operation + interval + " on " + op.node +
                    " with exit code " + std::to_string(op.rc));
  }
  return lines;
}

std::expected<void, std::string> SaveCib(const Cib& cib, const std::string& path) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return std::unexpected(path + ": cannot write");
  file << SerializeCib(cib);
  file.close();
  if (!file) return std::unexpected(path + ": write error");
  return {};
}

}  // namespace

int RunSimulateCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  auto parsed_args = ParseSimulateArgs(args);
  if (!parsed_args) {
    err << "crm simulate: " << parsed_args.error() << "\n" << kUsage;
    return 2;
  }
  const SimulateArgs& a = *parsed_args;
  auto text = ReadFile(a.xml_file);
  if (!text) {
    err << "crm simulate: " << text.error() << "\n";
    return 1;
  }
  auto cib = ParseCib(*text, a.xml_file);
  if (!cib) {
    err << "crm simulate: the CIB is not valid:\n" << JoinErrors(cib.error()) << "\n";
    return 1;
  }
  const TimePoint now = ChooseNow(a, *text, a.xml_file);
  if (auto changed = ApplyWhatIf(a, now, cib->cib); !changed) {
    err << "crm simulate: " << changed.error() << "\n";
    return 1;
  }
  ClusterView view = DeriveClusterView(cib->cib, now);
  ScheduleOptions options;
  options.explain = a.scores || !a.explain.empty();
  options.source = a.xml_file;
  auto transition = Schedule(cib->cib, view, now, options);
  if (!transition) {
    err << "crm simulate: cannot schedule:\n" << JoinErrors(transition.error()) << "\n";
    return 1;
  }
  if (!a.explain.empty()) {
    bool known = false;
    for (const Placement& p : transition->placements) known |= p.resource == a.explain;
    if (!known) {
      err << "crm simulate: --explain: no primitive '" << a.explain << "' in " << a.xml_file
          << "\n";
      return 1;
    }
  }
  std::ostringstream buffer;
  if (a.json) {
    WriteTransitionJson(*transition, buffer);
  } else {
    SimulateTextOptions text_options{a.scores, a.explain, DescribeWhatIf(a)};
    WriteSimulateText(cib->cib, view, *transition, text_options, buffer);
  }
  if (!a.save.empty()) {
    Cib after = cib->cib;
    ApplyTransition(after, *transition, now);
    if (auto saved = SaveCib(after, a.save); !saved) {
      err << "crm simulate: " << saved.error() << "\n";
      return 1;
    }
  }
  out << buffer.str();
  return out ? 0 : 1;
}

}  // namespace keel
