// What each fault kind does to the World, in one place. start_fault applies a fault to
// resolved nodes and returns what heals it; both run at simulated instants chosen by the
// injector. The semantics, kind by kind:
//
//   partition      groups: no message passes between nodes of different groups; target:
//                  the target cannot reach or be reached by anyone (isolate); from/to:
//                  messages from -> to are dropped, the reverse passes (oneway). Messages
//                  on the wire across the cut when it opens are dropped on arrival.
//   gc_pause       the targets freeze (World::pause): inboxes fill, timers and replies
//                  wait; at the end everything that came due runs, late.
//   slow_node      CPU service times x `factor` (default 10).
//   slow_disk      disk service times x `factor` (default 10), for operations started
//                  during the window.
//   disk_error     writes, appends, truncates and fsyncs complete with IoStatus::error.
//   lying_write    writes and fsyncs complete ok and persist nothing: the loss shows at
//                  the next crash.
//   fsync_failure  fsync completes with an error and drops the dirty blocks.
//   crash          the targets stop: volatile state, timers, tasks, queued messages and
//                  the disk cache are lost. No heal: see restart.
//   restart        crashed targets start again on their durable disk contents.
//   crash_restart  crash, then restart at the end of the window.
//   clock_skew     the targets' clocks run `offset_ms` ahead (negative: behind); at the
//                  end they jump back to true time.
//   clock_drift    the targets' clocks gain `ppm` parts per million from the start; at
//                  the end they jump back to true time.
//   packet_loss    messages from or to the targets are lost with extra `probability`
//                  (default 0.3).
//   duplicate      messages from or to the targets are duplicated with extra
//                  `probability` (default 0.3).
//   slow_link      latency of messages from -> to (or to and from the target) x `factor`
//                  (default 10).
#pragma once

#include <functional>
#include <vector>

#include "faults/fault.h"
#include "sim/world.h"

namespace scar::faults {

struct ResolvedFault {
  std::vector<sim::NodeId> targets;              // target, or the union of the groups
  std::vector<std::vector<sim::NodeId>> groups;  // partition groups
  std::vector<sim::NodeId> from, to;             // oneway partition, slow_link
};

// Applies `fault` now and returns the action that heals it (empty for crash and restart).
std::function<void()> start_fault(const FaultSpec& fault, const ResolvedFault& who, sim::World& world);

// The default of a numeric parameter when the scenario leaves it out.
double parameter_or_default(const FaultSpec& fault, const std::string& name);

}  // namespace scar::faults
