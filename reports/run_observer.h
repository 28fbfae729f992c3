// What the trace outputs (Perfetto, the message diagram) watch: the World's events
// (sim::Observer) plus what the runner knows, client operations and faults.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/observer.h"

namespace scar::reports {

class RunObserver : public sim::Observer {
 public:
  // A client operation from its intended start to its end.
  virtual void operation(sim::NodeId client, std::uint64_t id, const std::string& kind,
                         std::uint64_t key, sim::Time start, sim::Time end,
                         const std::string& outcome) = 0;
  virtual void fault(const std::string& kind, sim::Time start, sim::Time end,
                     const std::vector<sim::NodeId>& targets) = 0;
};

}  // namespace scar::reports
