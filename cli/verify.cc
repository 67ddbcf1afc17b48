#include "cli/verify.h"

#include <algorithm>

#include "crmd/scheduler/live_support.h"
#include "crmd/scheduler/scheduler_refusals.h"
#include "fencing/fence_device.h"

namespace keel {

namespace {

bool IsTrue(std::string_view v) {
  return v == "true" || v == "yes" || v == "on" || v == "1" || v == "y";
}
bool IsFalse(std::string_view v) {
  return v == "false" || v == "no" || v == "off" || v == "0" || v == "n";
}

// The first rule-less nvpair called `name` in `sets` (the one that applies without rules).
const NvPair* FindPair(const std::vector<NvSet>& sets, std::string_view name) {
  for (const NvSet& set : sets) {
    if (set.rule) continue;
    for (const NvPair& pair : set.pairs) {
      if (pair.name == name) return &pair;
    }
  }
  return nullptr;
}

Error Warn(std::string where, std::string message) {
  return Error{ErrorCode::kInvalid, std::move(message), std::move(where)};
}

// Cluster nodes by name: the CIB's member nodes plus corosync's nodelist.
std::vector<std::string> NodeNames(const Configuration& config,
                                   const std::optional<CorosyncQuorum>& corosync) {
  std::vector<std::string> names;
  auto add = [&](const std::string& n) {
    if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  if (corosync) {
    for (const std::string& n : corosync->node_names) add(n);
  }
  for (const Node& node : config.nodes) {
    if (node.type.empty() || node.type == "member") add(node.uname);
  }
  return names;
}

bool IsStonith(const Resource& resource) {
  const auto* p = std::get_if<Primitive>(&resource);
  return p != nullptr && p->resource_class == "stonith";
}

// Whether a location constraint on `rsc` scores `node` as `pred` says.
template <typename Pred>
bool HasLocation(const Configuration& config, const std::string& rsc, const std::string& node,
                 Pred pred) {
  return std::any_of(config.locations.begin(), config.locations.end(),
                     [&](const LocationConstraint& c) {
                       return c.rsc == rsc && c.node == node && c.score && pred(*c.score);
                     });
}

void FencingWarnings(const Configuration& config, const std::optional<CorosyncQuorum>& corosync,
                     Errors& out) {
  const NvPair* enabled = FindPair(config.crm_config, "fencing-enabled");
  if (enabled == nullptr) enabled = FindPair(config.crm_config, "stonith-enabled");
  bool two_node = corosync && corosync->two_node;
  if (enabled != nullptr && IsFalse(enabled->value)) {
    out.push_back(Warn(enabled->id, enabled->name + "=" + enabled->value +
                                        ": nodes that are lost are never fenced; after a split "
                                        "both sides may run the same resources"));
    if (two_node) {
      out.push_back(Warn(enabled->id, "two_node without fencing (" + corosync->source +
                                          "): a split leaves both nodes quorate, both run "
                                          "everything"));
    }
    return;
  }
  bool any_device = std::any_of(config.resources.begin(), config.resources.end(), IsStonith);
  if (!any_device) {
    out.push_back(Warn(enabled != nullptr ? enabled->id : "crm_config",
                       "fencing is enabled but no fence device (class stonith) is configured: "
                       "recovery of a lost node's resources waits for a fence that cannot happen"));
  }
}

void QuorumWarnings(const Configuration& config, const std::optional<CorosyncQuorum>& corosync,
                    Errors& out) {
  const NvPair* policy = FindPair(config.crm_config, "no-quorum-policy");
  bool qdevice = corosync && corosync->qdevice;
  if (policy != nullptr && policy->value == "ignore" && !qdevice) {
    out.push_back(Warn(policy->id,
                       "no-quorum-policy=ignore without a quorum device: a partition without "
                       "quorum keeps running and recovering resources (split brain)"));
  }
  size_t nodes = NodeNames(config, corosync).size();
  if (nodes != 2) return;
  if (!corosync) {
    out.push_back(Warn("nodes", "two-node cluster (from the CIB); corosync.conf not read, so "
                                "two_node and a quorum device could not be checked"));
  } else if (!corosync->two_node && !corosync->qdevice) {
    out.push_back(Warn(corosync->source,
                       "two-node cluster without two_node or a quorum device: losing either "
                       "node loses quorum everywhere"));
  }
}

void ArbiterWarnings(const Configuration& config, Errors& out) {
  std::vector<std::string> arbiters = ArbiterNodes(config);
  const NvPair* symmetric = FindPair(config.crm_config, "symmetric-cluster");
  bool opt_in = symmetric != nullptr && IsFalse(symmetric->value);
  for (const std::string& arbiter : arbiters) {
    for (const Resource& resource : config.resources) {
      if (IsStonith(resource)) continue;
      const std::string& id = ResourceId(resource);
      bool banned = HasLocation(config, id, arbiter, [](Score s) { return s.IsMinusInfinite(); });
      bool invited = HasLocation(config, id, arbiter, [](Score s) { return s.value() >= 0; });
      if (banned || (opt_in && !invited)) continue;
      out.push_back(Warn(id, "resource " + id + " may run on the arbiter " + arbiter +
                                 " (add: location " + id + "-not-on-" + arbiter + " " + id +
                                 " -inf: " + arbiter + ")"));
    }
  }
}

}  // namespace

std::vector<std::string> ArbiterNodes(const Configuration& config) {
  std::vector<std::string> arbiters;
  for (const Node& node : config.nodes) {
    const NvPair* mark = FindPair(node.instance_attributes, "arbiter");
    if (mark != nullptr && IsTrue(mark->value)) arbiters.push_back(node.uname);
  }
  return arbiters;
}

Errors SplitBrainWarnings(const Configuration& config,
                          const std::optional<CorosyncQuorum>& corosync) {
  Errors warnings;
  FencingWarnings(config, corosync, warnings);
  QuorumWarnings(config, corosync, warnings);
  if (auto devices = FenceDevicesFromConfig(config, "CIB")) {
    for (Error& e : DevicesThatFenceNothing(*devices, NodeNames(config, corosync))) {
      warnings.push_back(std::move(e));
    }
  }
  ArbiterWarnings(config, warnings);
  return warnings;
}

VerifyReport BuildVerifyReport(const Configuration& config, Errors validation,
                               const std::expected<CorosyncQuorum, Error>& corosync) {
  VerifyReport report;
  report.errors = std::move(validation);
  if (auto devices = FenceDevicesFromConfig(config, "CIB"); !devices) {
    for (Error& e : devices.error()) report.errors.push_back(std::move(e));
  }
  std::optional<CorosyncQuorum> quorum;
  if (corosync) {
    quorum = *corosync;
  } else {
    report.notes.push_back("corosync.conf not checked (" + corosync.error().ToString() +
                           "); set COROSYNC_MAIN_CONFIG_FILE to check another file");
  }
  report.warnings = SplitBrainWarnings(config, quorum);
  // Valid, and crm simulate plans it, but a running cluster refuses to commit it.
  for (Error& e : LiveClusterRefusals(config)) report.warnings.push_back(std::move(e));
  // What the scheduler does not plan (crm simulate and the DC refuse it by the same words).
  for (Error& e : SchedulerRefusals(config)) report.warnings.push_back(std::move(e));
  return report;
}

int VerifyExitCode(const VerifyReport& report) {
  if (!report.errors.empty()) return 2;
  return report.warnings.empty() ? 0 : 1;
}

void PrintVerifyReport(const VerifyReport& report, std::ostream& out, std::ostream& err) {
  for (const Error& e : report.errors) err << "ERROR: " << e.ToString() << "\n";
  for (const Error& e : report.warnings) err << "WARNING: " << e.ToString() << "\n";
  for (const std::string& note : report.notes) err << "NOTE: " << note << "\n";
  if (report.errors.empty() && report.warnings.empty()) {
    out << "configuration is valid\n";
  } else {
    out << report.errors.size() << " error(s), " << report.warnings.size() << " warning(s)\n";
  }
}

}  // namespace keel
