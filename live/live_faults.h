// A scenario's scripted faults, done for real to a live cluster at their planned times
// (real time since start). Targets resolve when a fault starts, as in the simulator.
//
// Live mode does the kinds it can do for real (live_fault_kinds()); the others — a disk
// that lies or fails on command, a clock that drifts, a slow disk — would be simulations
// inside a real run, and are refused before it starts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "faults/injector.h"
#include "live/live_cluster.h"

namespace scar::live {

const std::vector<std::string_view>& live_fault_kinds();

class LiveFaults {
 public:
  LiveFaults(std::vector<faults::PlannedFault> plan, std::uint64_t seed)
      : plan_(std::move(plan)), seed_(seed) {}

  // REQUIRES: every planned kind is a live kind; cluster and this outlive the run.
  void schedule(LiveCluster& cluster);
  const std::vector<faults::FaultRecord>& timeline() const { return timeline_; }

 private:
  void start(std::size_t index, LiveCluster& cluster);

  std::vector<faults::PlannedFault> plan_;
  std::uint64_t seed_;
  std::vector<faults::FaultRecord> timeline_;
};

}  // namespace scar::live
