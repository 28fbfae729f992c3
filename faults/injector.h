// Puts a run's faults on the World's timeline: the scenario's scripted faults and the
// nemesis's random ones. The whole plan (kinds and windows) is fixed before the run, from
// the scenario and the nemesis's own stream ("nemesis"), so reports can split the run into
// phases up front; targets are resolved when each fault starts, from the fault's own
// stream ("fault/<n>"), since `leader` or `random` mean whatever they mean then.
//
// Every window ends by the end of the workload: faults heal before the drain, so a run can
// show recovery.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "faults/fault.h"
#include "sim/random.h"
#include "sim/world.h"

namespace scar::faults {

struct PlannedFault {
  FaultSpec spec;
  sim::Time start;
  sim::Time end;  // == start for instantaneous kinds (crash, restart)
  bool from_nemesis = false;
};

// A fault as it happened: the report's timeline.
struct FaultRecord {
  std::string kind;
  sim::Time start;
  sim::Time end;
  std::vector<std::string> targets;  // resolved node names, id order
  bool from_nemesis = false;
};

class FaultInjector {
 public:
  FaultInjector(std::vector<FaultSpec> scripted, std::optional<NemesisSpec> nemesis,
                sim::Duration workload, std::uint64_t seed);

  const std::vector<PlannedFault>& plan() const { return plan_; }

  // Schedules every planned fault on `world`. REQUIRES: world outlives the run, and this
  // injector outlives the world's run.
  void schedule(sim::World& world);

  // Faults that started, in start order (a fault whose target resolved to no node is
  // recorded with no targets).
  const std::vector<FaultRecord>& timeline() const { return timeline_; }

 private:
  void start(std::size_t index, sim::World& world);
  std::vector<sim::NodeId> nemesis_targets(const PlannedFault& fault, sim::World& world);

  std::vector<PlannedFault> plan_;
  std::optional<NemesisSpec> nemesis_;
  std::uint64_t seed_;
  sim::Random nemesis_random_;
  // Servers a nemesis fault took down (or cut off), until when.
  std::vector<std::pair<sim::NodeId, sim::Time>> nemesis_down_;
  std::vector<FaultRecord> timeline_;
};

}  // namespace scar::faults
