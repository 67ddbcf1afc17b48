// `crm simulate --xml-file FILE [--json] [--scores] [--explain RSC] [--now EPOCH]`: runs the
// scheduler on a CIB file and prints its plan. Nothing reaches stdout unless the whole
// answer was computed.

#include <charconv>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>

#include "cli/command.h"
#include "cli/simulate_json.h"
#include "cli/simulate_text.h"
#include "crmd/scheduler/scheduler.h"
#include "xml/cib_parse.h"
#include "xml/xml_node.h"

namespace keel {
namespace {

struct SimulateArgs {
  std::string xml_file;
  bool json = false;
  bool scores = false;
  std::string explain;
  std::optional<int64_t> now;
};

constexpr const char* kUsage =
    "usage: crm simulate --xml-file FILE [--json] [--scores] [--explain RSC] [--now EPOCH]\n";

std::expected<SimulateArgs, std::string> ParseArgs(const CommandArgs& args) {
  SimulateArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::expected<std::string, std::string> {
      if (i + 1 >= args.size()) return std::unexpected(a + " needs a value");
      return args[++i];
    };
    if (a == "--xml-file" || a == "-x") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      out.xml_file = *v;
    } else if (a == "--json") {
      out.json = true;
    } else if (a == "--scores" || a == "-s") {
      out.scores = true;
    } else if (a == "--explain") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      out.explain = *v;
    } else if (a == "--now") {
      auto v = value();
      if (!v) return std::unexpected(v.error());
      int64_t n = 0;
      auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
      if (ec != std::errc() || ptr != v->data() + v->size()) {
        return std::unexpected("--now wants seconds since the epoch, not '" + *v + "'");
      }
      out.now = n;
    } else {
      return std::unexpected("unknown option '" + a + "'");
    }
  }
  if (out.xml_file.empty()) return std::unexpected("--xml-file is required");
  return out;
}

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
    if (const std::string* date = root->Attr("execution-date")) {
      int64_t n = 0;
      auto [ptr, ec] = std::from_chars(date->data(), date->data() + date->size(), n);
      if (ec == std::errc() && ptr == date->data() + date->size()) return TimePoint{n};
    }
  }
  auto now = std::chrono::system_clock::now();
  return TimePoint{std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()};
}

}  // namespace

int RunSimulateCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  auto parsed_args = ParseArgs(args);
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
    SimulateTextOptions text_options{a.scores, a.explain};
    WriteSimulateText(cib->cib, view, *transition, text_options, buffer);
  }
  out << buffer.str();
  return out ? 0 : 1;
}

}  // namespace keel
