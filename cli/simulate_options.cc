#include "cli/simulate_options.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "xml/duration.h"

namespace keel {
namespace {

std::optional<int64_t> WholeNumber(std::string_view text) {
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return n;
}

// `count` digits at `at` of `text` as a number within [low, high].
std::optional<int> Field(std::string_view text, size_t at, size_t count, int low, int high) {
  if (at + count > text.size()) return std::nullopt;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  auto n = WholeNumber(text.substr(at, count));
  if (!n || *n < low || *n > high) return std::nullopt;
  return static_cast<int>(*n);
}

}  // namespace

std::expected<int64_t, std::string> ParseSimulateTime(std::string_view text) {
  if (auto n = WholeNumber(text)) return *n;
  auto bad = [&] {
    return std::unexpected("'" + std::string(text) +
                           "' is neither seconds since the epoch nor an ISO 8601 date and time "
                           "(2026-12-05T06:30:00Z)");
  };
  if (!text.empty() && text.back() == 'Z') text.remove_suffix(1);
  auto year = Field(text, 0, 4, 1970, 9999);
  auto month = Field(text, 5, 2, 1, 12);
  auto day = Field(text, 8, 2, 1, 31);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return bad();
  std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(*month),
                                   std::chrono::day(*day)};
  if (!date.ok()) return bad();
  int hour = 0, minute = 0, second = 0;
  if (text.size() > 10) {
    if (text[10] != 'T' && text[10] != ' ') return bad();
    auto h = Field(text, 11, 2, 0, 23);
    auto m = Field(text, 14, 2, 0, 59);
    if (!h || !m || text[13] != ':') return bad();
    hour = *h;
    minute = *m;
    if (text.size() > 16) {
      auto s = Field(text, 17, 2, 0, 60);
      if (!s || text[16] != ':' || text.size() != 19) return bad();
      second = *s;
    } else if (text.size() != 16) {
      return bad();
    }
  }
  auto days = std::chrono::sys_days(date).time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(days).count() + hour * 3600 +
         minute * 60 + second;
}

std::expected<OpInjection, std::string> ParseOpInjection(std::string_view text) {
  auto bad = [&](std::string why) {
    return std::unexpected("--op-fail '" + std::string(text) + "': " + why);
  };
  std::vector<std::string_view> parts;
  for (size_t from = 0;;) {
    size_t colon = text.find(':', from);
    parts.push_back(text.substr(from, colon == std::string_view::npos ? colon : colon - from));
    if (colon == std::string_view::npos) break;
    from = colon + 1;
  }
  if (parts.size() < 4) return bad("expected RSC:NODE:OP:RC");
  const size_t n = parts.size();
  OpInjection out;
  out.resource = text.substr(
      0, text.size() - parts[n - 3].size() - parts[n - 2].size() - parts[n - 1].size() - 3);
  out.node = parts[n - 3];
  std::string_view op = parts[n - 2];
  auto rc = WholeNumber(parts[n - 1]);
  if (out.resource.empty()) return bad("expected RSC:NODE:OP:RC");
  if (out.node.empty() || op.empty()) return bad("expected RSC:NODE:OP:RC");
  if (!rc || *rc < 0 || *rc > 255) return bad("RC must be an exit code from 0 to 255");
  out.rc = static_cast<int>(*rc);
  if (size_t under = op.find('_'); under != std::string_view::npos) {
    auto ms = WholeNumber(op.substr(under + 1));
    if (!ms) {
      auto duration = ParseDurationMs(op.substr(under + 1));
      if (!duration) return bad("interval: " + duration.error());
      ms = *duration;
    }
    out.interval_ms = *ms;
    op = op.substr(0, under);
  }
  out.operation = op;
  return out;
}

std::expected<SimulateArgs, std::string> ParseSimulateArgs(const std::vector<std::string>& args) {
  SimulateArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::expected<std::string, std::string> {
      if (i + 1 >= args.size()) return std::unexpected(a + " needs a value");
      return args[++i];
    };
    if (a == "--json") {
      out.json = true;
      continue;
    }
    if (a == "--scores" || a == "-s") {
      out.scores = true;
      continue;
    }
    static constexpr std::string_view kWithValue[] = {"--xml-file",  "-x",        "--explain",
                                                      "--now",       "--node-up", "--node-down",
                                                      "--node-fail", "--op-fail", "--save"};
    if (std::find(std::begin(kWithValue), std::end(kWithValue), a) == std::end(kWithValue)) {
      return std::unexpected("unknown option '" + a + "'");
    }
    auto v = value();
    if (!v) return std::unexpected(v.error());
    if (a == "--xml-file" || a == "-x") {
      out.xml_file = *v;
    } else if (a == "--explain") {
      out.explain = *v;
    } else if (a == "--now") {
      auto now = ParseSimulateTime(*v);
      if (!now) return std::unexpected("--now: " + now.error());
      out.now = *now;
    } else if (a == "--node-up") {
      out.node_up.push_back(*v);
    } else if (a == "--node-down") {
      out.node_down.push_back(*v);
    } else if (a == "--node-fail") {
      out.node_fail.push_back(*v);
    } else if (a == "--op-fail") {
      auto op = ParseOpInjection(*v);
      if (!op) return std::unexpected(op.error());
      out.op_results.push_back(std::move(*op));
    } else {
      out.save = *v;
    }
  }
  if (out.xml_file.empty()) return std::unexpected("--xml-file is required");
  return out;
}

}  // namespace keel
