// What each fault kind does to the World. start_fault applies a fault to resolved nodes
// and returns what heals it; both run at simulated instants chosen by the injector. The
// semantics of each kind are stated once, in fault_kinds() (fault.cc), which `scar list
// faults` and the README print; tests/faults/effects_test.cc pins each of them.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "faults/fault.h"
#include "sim/world.h"

namespace scar::faults {

struct ResolvedFault {
  std::vector<sim::NodeId> targets;              // target, or the union of the groups
  std::vector<std::vector<sim::NodeId>> groups;  // partition groups
  std::vector<sim::NodeId> from, to;             // oneway partition, slow_link
};

// Whom a scripted fault hits: its groups, from, to and target, each name resolved by
// `resolve` (the runtime's target resolution, at the fault's start); `targets` is then the
// union of them all, in id order.
ResolvedFault resolve_scripted(
    const FaultSpec& fault,
    const std::function<std::vector<sim::NodeId>(std::string_view)>& resolve);

// Applies `fault` now and returns the action that heals it (empty for crash and restart).
std::function<void()> start_fault(const FaultSpec& fault, const ResolvedFault& who,
                                  sim::World& world);

// The default of a numeric parameter when the scenario leaves it out.
double parameter_or_default(const FaultSpec& fault, const std::string& name);

}  // namespace scar::faults
