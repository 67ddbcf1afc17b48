#include "crmd/scheduler/node_health.h"

#include "crmd/scheduler/settings.h"

namespace keel {
namespace {

struct HealthColors {
  Score red, yellow, green, base;
};

Score OptionScore(const Configuration& config, std::string_view name, Score fallback, int64_t now) {
  auto v = SchedulerOption(config, name, now);
  if (!v) return fallback;
  auto s = Score::Parse(*v);
  return s ? *s : fallback;
}

// What each color is worth under `strategy` (migrate-on-red and only-green fix them;
// progressive and custom read node-health-red / -yellow / -green, progressive also -base).
HealthColors ColorsFor(const Configuration& config, const std::string& strategy, int64_t now) {
  if (strategy == "migrate-on-red") return {Score::MinusInfinity(), Score(0), Score(0), Score(0)};
  if (strategy == "only-green") {
    return {Score::MinusInfinity(), Score::MinusInfinity(), Score(0), Score(0)};
  }
  HealthColors c{OptionScore(config, "node-health-red", Score::MinusInfinity(), now),
                 OptionScore(config, "node-health-yellow", Score(0), now),
                 OptionScore(config, "node-health-green", Score(0), now), Score(0)};
  if (strategy == "progressive") c.base = OptionScore(config, "node-health-base", Score(0), now);
  return c;
}

Score NodeHealth(const NodeInfo& node, const HealthColors& colors) {
  Score sum = colors.base;
  for (const auto& [name, value] : node.attrs) {
    if (!name.starts_with("#health")) continue;
    if (value == "red") {
      sum += colors.red;
    } else if (value == "yellow") {
      sum += colors.yellow;
    } else if (value == "green") {
      sum += colors.green;
    } else if (auto s = Score::Parse(value)) {
      sum += *s;
    }
  }
  return sum;
}

}  // namespace

void ApplyNodeHealth(WorkingSet& ws) {
  const std::string& strategy = ws.settings.node_health_strategy;
  if (strategy == "none") return;
  HealthColors colors = ColorsFor(ws.cib->configuration, strategy, ws.now.epoch_seconds);
  for (size_t n = 0; n < ws.nodes.size(); ++n) {
    Score health = NodeHealth(ws.nodes[n], colors);
    if (health.value() == 0) continue;
    for (RscInfo& rsc : ws.rscs) {
      if (health.value() < 0 && rsc.allow_unhealthy_nodes) continue;
      AddWeight(ws, rsc, static_cast<int>(n), health,
                "node-health-strategy " + strategy + ": node health " + health.ToString());
    }
  }
}

}  // namespace keel
