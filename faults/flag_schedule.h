// Feature flags on the run's timeline: a scenario's `{"kind": "flag", "at": "10s", "name":
// "read_new", "value": 0.05}` entries, which sit in its `faults` list (the run's schedule
// of events) but are not faults: they start no fault phase, change no availability
// figure, and no nemesis draws them. Each change is an engine event at its time: from then
// on every node's Context::flag(name) reads the value (0 before any change). Changes at the
// same instant apply in the scenario's order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"
#include "sim/world.h"

namespace scar::faults {

inline constexpr std::string_view flag_kind = "flag";

// What `scar list faults` says of the kind.
inline constexpr std::string_view flag_meaning =
    "not a fault: sets the feature flag `name` to `value` (any finite number; a fraction 0..1 "
    "for a ramp) at `at`. Node code reads it with ctx.flag(name), 0 until set. Drawn on the "
    "report's charts as a marker; no fault phase, no effect on availability figures.";

struct FlagChange {
  std::string name;  // non-empty
  sim::Duration at{};
  double value = 0;  // finite
};

// Schedules every change on `world`. REQUIRES: the run has not passed any change's time.
void schedule_flags(const std::vector<FlagChange>& changes, sim::World& world);

}  // namespace scar::faults
