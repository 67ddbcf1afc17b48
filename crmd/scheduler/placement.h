#pragma once
// Placement: node weights per primitive (symmetric-cluster, locations and rules,
// stickiness, fail counts), then assignment in Pacemaker's order (priority, then score on
// the current node, then best scores), each primitive placing the resources it is
// colocated with first and weighing in the preferences of those colocated with it.
// Internal to the scheduler.

#include "crmd/scheduler/working_set.h"

namespace keel {

// Weights before colocation: base, locations, stickiness, failures.
void InitWeights(WorkingSet& ws);

// Assigns every primitive a target node (or none), setting RscInfo::target.
void AssignAll(WorkingSet& ws);

// ---- building blocks, shared with clone placement (clone_placement.cc) ----------------

using Weights = std::vector<Score>;

// Online, joined, not standby / maintenance / shutting down / being fenced.
bool Available(const WorkingSet& ws, int node);

// -INFINITY where h's fail count reached migration-threshold or a hard error was seen.
void ApplyFailures(WorkingSet& ws, RscInfo& rsc, const NodeHistory& h);

// `work` plus rsc's weights scaled by factor, following colocations forward (primaries)
// or backward (dependents); unchanged when nothing could run afterwards.
Weights Merge(WorkingSet& ws, int r, const Weights& work, double factor, bool forward,
              const std::string& attr);

// Nodes where the colocation's primary (a primitive, or a clone's instances) is placed.
std::vector<int> PrimaryNodes(const WorkingSet& ws, const Colocation& col);

// Places the primary of col (primitive or clone) if it is not placed yet.
void AssignPrimary(WorkingSet& ws, const Colocation& col);

// The dependent follows (or avoids) its placed primary.
void ApplyColocation(WorkingSet& ws, RscInfo& dep, const Colocation& col);

// Places each primary of r, then applies r's colocations with them.
void FollowPrimaries(WorkingSet& ws, int r);

// Merges the preferences of col's dependent into r's weights.
void MergeDependent(WorkingSet& ws, int r, const Colocation& col);

// MergeDependent for each of `colocations` (r's as_primary, or a clone's); the instances of
// a dependent clone count once, with the clone's preferences (without their stickiness).
void MergeDependents(WorkingSet& ws, int r, const std::vector<int>& colocations);

// MergeDependent for a clone's colocation (col.dependent is one of its instances): the
// clone's preferences, without that instance's stickiness.
void MergeCloneDependent(WorkingSet& ws, int r, const Colocation& col);

// Takes `merged` preferences into `scores` as Pacemaker merges them into a clone's: a node
// the merge would take below zero keeps 0, or 1 when it was positive.
void MergePositive(Weights& scores, const Weights& merged);

// Counts rsc as placed on node (for ties) and takes its utilization from the node's capacity.
void TakeNode(WorkingSet& ws, const RscInfo& rsc, int node);

// Picks r's node from its weights (the primitive rule: highest score, fewest resources,
// current node, name; with placement-strategy balanced the most capacity left comes before
// fewest resources, with minimal only the name breaks ties); sets target or stop_reason.
// Other strategies than default first ban the nodes without capacity for it.
void Choose(WorkingSet& ws, RscInfo& rsc);

// Places primitive r (and first what it is colocated with).
void Assign(WorkingSet& ws, int r);

// Clone placement (clone_placement.cc): failures of one instance keep every instance off
// that node; instances are placed where they run first, then on the best nodes, one per
// node, up to clone-max.
void ApplyCloneFailures(WorkingSet& ws);
void AssignClone(WorkingSet& ws, int clone);

}  // namespace keel
