#include "crmd/executor/load_throttle.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace keel {
namespace {

// The level whose band holds `per_core` for load-threshold `t`.
LoadLevel LevelOf(double per_core, double t) {
  if (per_core >= 3 * t) return LoadLevel::kHigh;
  if (per_core >= 2 * t) return LoadLevel::kMedium;
  if (per_core >= t) return LoadLevel::kLow;
  return LoadLevel::kNone;
}

// A decimal number filling all of `text`.
std::optional<double> ParseNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string copy(text);
  char* end = nullptr;
  double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string_view LoadLevelName(LoadLevel level) {
  switch (level) {
    case LoadLevel::kNone:
      return "none";
    case LoadLevel::kLow:
      return "low";
    case LoadLevel::kMedium:
      return "medium";
    case LoadLevel::kHigh:
      return "high";
  }
  return "none";
}

std::expected<LoadSample, Error> ParseLoadavg(std::string_view text) {
  auto bad = [&] {
    return std::unexpected(
        Error{ErrorCode::kParse, "not a load average line: '" + std::string(text) + "'", ""});
  };
  // "load1 load5 load15 runnable/total lastpid"
  size_t first_space = text.find(' ');
  if (first_space == std::string_view::npos) return bad();
  auto load1 = ParseNumber(text.substr(0, first_space));
  size_t slash = text.find('/');
  if (!load1 || *load1 < 0 || slash == std::string_view::npos) return bad();
  size_t runnable_start = text.rfind(' ', slash);
  if (runnable_start == std::string_view::npos) return bad();
  auto runnable = ParseNumber(text.substr(runnable_start + 1, slash - runnable_start - 1));
  if (!runnable || *runnable < 0) return bad();
  return LoadSample{*load1, static_cast<int>(*runnable)};
}

std::expected<double, Error> ParseLoadThreshold(std::string_view text) {
  std::string_view number = text;
  if (!number.empty() && number.back() == '%') number.remove_suffix(1);
  auto value = ParseNumber(number);
  if (!value || !(*value > 0) || *value > 10000) {
    return std::unexpected(
        Error{ErrorCode::kInvalid,
              "load-threshold: not a percentage in (0, 10000]: '" + std::string(text) + "'", ""});
  }
  return *value / 100;
}

std::string LoadThresholdText(double threshold) {
  char text[32];
  std::snprintf(text, sizeof text, "%g%%", threshold * 100);
  return text;
}

LoadThrottle::LoadThrottle(int cores) : cores_(std::max(1, cores)) {}

bool LoadThrottle::Add(LoadSample sample, double threshold) {
  runnable_.push_back(std::max(0, sample.runnable - 1));  // the reader counts itself
  if (runnable_.size() > kWindow) runnable_.pop_front();
  double sum = 0;
  for (int r : runnable_) sum += r;
  const double recent = sum / static_cast<double>(runnable_.size());
  per_core_ = std::max(recent, sample.load1) / cores_;
  // Up at once; down only to the level the signal would have 10% higher (hysteresis).
  const LoadLevel up = LevelOf(per_core_, threshold);
  const LoadLevel down = LevelOf(per_core_ / 0.9, threshold);
  const LoadLevel next = std::max(up, std::min(level_, down));
  const bool changed = next != level_;
  level_ = next;
  return changed;
}

int LoadThrottle::Allowed(LoadLevel level, int node_action_limit) {
  const int limit = std::max(1, node_action_limit);
  switch (level) {
    case LoadLevel::kNone:
      return limit;
    case LoadLevel::kLow:
      return std::max(1, limit / 2);
    case LoadLevel::kMedium:
      return std::max(1, limit / 4);
    case LoadLevel::kHigh:
      return 1;
  }
  return limit;
}

}  // namespace keel
