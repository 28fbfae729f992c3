// Capacity: the highest open-loop rate (workload.rate, operations per second) at which a
// scenario meets a service-level objective (SLO), an expectation such as
// "get.latency.p99 < 20ms".
//
// Model: every run is the scenario as loaded (its seed, faults and nemesis kept, so the
// capacity is the capacity under those faults) with workload.rate set and its expectations
// replaced by the SLO; history checks are dropped unless the SLO's metric is measured by one.
// A run that hits a run limit counts as missing the SLO.
//
// The search assumes the SLO holds at low rates and stops holding past one rate, as it
// does when the metric grows with load (latency, timeouts). First a grid of
// capacity_grid_points rates, evenly spaced from `low` to `high` (both included), maps the
// latency-against-load curve and brackets the capacity: the answer is the highest rate
// that held below the lowest rate that failed. Then each round runs capacity_round_points
// rates evenly spaced inside the bracket and narrows it, until it is at most
// capacity_precision of the answer wide, or one rate step (0.1/s) wide, or `runs_max` runs
// were made. When the metric is not monotone in the rate (a rate held above one that
// failed), the answer stays below the lowest failing rate and the result says so
// (`monotone` false): a noisy metric near the SLO, or a system that does better under more
// load, can hide a higher rate that also holds.
//
// Deterministic: the rates tried depend only on the runs' outcomes, never on the number of
// threads; each run is a deterministic run of its own; rates are rounded to 0.1/s, so a
// printed rate replays exactly with --set workload.rate=R.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/expectation.h"
#include "tools/scenario.h"

namespace scar::tools {

struct CapacityRequest {
  Scenario scenario;         // REQUIRES: an open-loop workload
  reports::Expectation slo;  // parsed against the scenario's operations
  double low = 0;            // operations per second; REQUIRES: 0 < low < high
  double high = 0;
  std::uint32_t runs_max = 30;  // REQUIRES: >= 2
  unsigned jobs = 1;            // threads; the result does not depend on it
};

inline constexpr std::uint32_t capacity_grid_points = 8;
inline constexpr std::uint32_t capacity_round_points = 3;
inline constexpr double capacity_precision = 0.005;  // of the found rate
inline constexpr double capacity_rate_step = 0.1;    // operations per second (capacity_rate)
// The knee: the lowest rate whose SLO metric is at least this many times its value at the
// lowest rate measured.
inline constexpr double capacity_knee_factor = 2.0;

// One run of the curve.
struct CapacityPoint {
  double rate = 0;     // operations per second
  double value = 0;    // the SLO metric's value; NaN when the run has none
  bool held = false;   // the SLO held (and no run limit was hit)
  bool limit = false;  // the run hit a run limit
};

struct CapacityResult {
  std::vector<CapacityPoint> points;  // every rate run, by rate
  std::optional<double> max_rate;     // highest held rate below failed_rate; none: low failed
  std::optional<double> failed_rate;  // lowest failing rate; none: every rate held
  std::optional<double> knee_rate;    // see capacity_knee_factor; none: no such rate
  bool monotone = true;               // no rate held above failed_rate
  bool budget_spent = false;          // runs_max ended the search before the precision
  std::string internal_error;         // an exception escaped a run (a bug): its message
};

// Runs the search. REQUIRES: the request's preconditions (the command checks them).
CapacityResult find_capacity(const CapacityRequest& request);

// Sets max_rate, failed_rate, monotone and knee_rate from result.points.
// REQUIRES: the points are sorted by rate.
void summarize_capacity(CapacityResult& result);

// `rate` rounded to capacity_rate_step.
double capacity_rate(double rate);

}  // namespace scar::tools
