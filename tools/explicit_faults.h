// Making a run's fault schedule explicit: every fault that happened, as a scripted fault on
// fixed node names, so that a nemesis run replays without the nemesis (and each fault can
// be removed or shortened on its own).
//
// The nemesis fixes its plan (kinds and windows) from the seed before the run but picks
// its targets when each fault starts, from its stream and from which servers are down
// then; scripted targets such as `leader` or `random` are also resolved at the start. The
// run's fault timeline records what each resolved to, and that is what is written here:
//   - a nemesis fault: its kind and window, on the nodes it hit;
//   - a scripted fault whose target depends on the moment (leader, random, minority,
//     random_minority, majority, a protocol's role such as holder): the same, on the nodes
//     it hit;
//   - any other scripted fault: as written (names, globs, zones, groups resolve the same
//     way in every run).
// Nodes hit are written as `all` when they are every server, as the one name, as a
// partition's groups (the hit nodes against everything else) for an isolating partition,
// and otherwise as one fault per node. A fault that hit no node, or never started (the run
// stopped first), did nothing and is left out.
#pragma once

#include <cstdint>
#include <vector>

#include "faults/fault.h"
#include "faults/injector.h"
#include "reports/run_report.h"

namespace scar::tools {

// REQUIRES: `timeline` is the fault timeline of a run of `plan` (FaultInjector::plan()):
// timeline[i] records plan[i], and it may end early. `servers` is the cluster's size
// (servers n1..nN; clients are c1..cM).
std::vector<faults::FaultSpec> explicit_faults(const std::vector<faults::PlannedFault>& plan,
                                               const std::vector<reports::FaultSummary>& timeline,
                                               std::uint32_t servers);

}  // namespace scar::tools
