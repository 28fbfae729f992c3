#include "faults/flag_schedule.h"

namespace scar::faults {

void schedule_flags(const std::vector<FlagChange>& changes, sim::World& world) {
  for (const FlagChange& change : changes) {
    world.schedule(sim::at(change.at),
                   [&world, change] { world.set_flag(change.name, change.value); });
  }
}

}  // namespace scar::faults
