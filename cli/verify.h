#pragma once
// `crm configure verify` (alias `crm lint`): the CIB's validation errors plus warnings about
// split-brain risks. Pure: the configuration and corosync's quorum settings are inputs.
//
// Warnings (each names the element id it is about):
//   - fencing disabled (fencing-enabled / stonith-enabled = false), and worse with two_node;
//   - fencing enabled but no fence device configured;
//   - no-quorum-policy=ignore without a quorum device;
//   - a two-node cluster without two_node or a quorum device;
//   - a fence device that can fence no configured node (static host list or map);
//   - a resource allowed on an arbiter node (a <node> with instance attribute arbiter=true):
//     neither banned there by a -INFINITY rsc_location nor kept off by an opt-in cluster;
//   - a clone: crm simulate plans it, but a running cluster refuses to commit it until the
//     controller runs clone instances (crmd/scheduler/live_support.h).
//   - what the scheduler refuses to plan ("not supported: ...", crmd/scheduler/
//     scheduler_refusals.h): crm simulate and the DC's controller refuse it the same way.
// Exit codes: 0 clean, 1 warnings only, 2 errors (with or without warnings).

#include <expected>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/verify_corosync.h"
#include "xml/base/error.h"
#include "xml/cib.h"

namespace keel {

struct VerifyReport {
  Errors errors;    // the configuration is invalid (ValidateCib and friends)
  Errors warnings;  // valid, but risky
  std::vector<std::string> notes;  // what was not checked, and why
};

// The split-brain warnings for `config`. `corosync` is absent when corosync.conf could not be
// read: the node count then comes from the CIB's <nodes>, and the two-node check says so.
Errors SplitBrainWarnings(const Configuration& config, const std::optional<CorosyncQuorum>& corosync);

// The whole report: `validation` (ValidateCib's errors on the staged CIB), fence device errors,
// the split-brain warnings; a note when corosync.conf could not be read.
VerifyReport BuildVerifyReport(const Configuration& config, Errors validation,
                               const std::expected<CorosyncQuorum, Error>& corosync);

// The nodes of `config` marked as arbiters (instance attribute arbiter=true), by uname.
std::vector<std::string> ArbiterNodes(const Configuration& config);

// 0 clean, 1 warnings only, 2 errors.
int VerifyExitCode(const VerifyReport& report);

// "ERROR: where: message", "WARNING: where: message", "NOTE: ...", then a summary line on
// `out`: "configuration is valid", or "N error(s), M warning(s)".
void PrintVerifyReport(const VerifyReport& report, std::ostream& out, std::ostream& err);

}  // namespace keel
