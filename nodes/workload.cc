#include "nodes/workload.h"

#include <algorithm>

namespace scar::nodes {

bool RetryOptions::allows_another(std::uint32_t attempts_made) const {
  return policy != RetryPolicy::none && attempts_made < attempts;
}

sim::Duration RetryOptions::backoff(std::uint32_t attempts_made, sim::Random& random) const {
  if (policy != RetryPolicy::exponential) return sim::Duration{0};
  sim::Duration ceiling = base;
  for (std::uint32_t i = 1; i < attempts_made && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  if (jitter == Jitter::none) return ceiling;
  return sim::Duration{static_cast<std::int64_t>(random.next_below(ceiling.count() + 1))};
}

double WorkloadOptions::rate_at(sim::Duration elapsed) const {
  double rate = rate_per_second;
  for (const RateChange& change : rate_changes) {
    if (change.at > elapsed) break;
    rate = change.rate_per_second;
  }
  return rate;
}

std::optional<sim::Duration> WorkloadOptions::rate_change_in(sim::Duration after,
                                                             sim::Duration up_to) const {
  for (const RateChange& change : rate_changes) {
    if (change.at > up_to) break;
    if (change.at > after) return change.at;
  }
  return std::nullopt;
}

}  // namespace scar::nodes
