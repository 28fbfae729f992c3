#include "reports/counter_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace scar::reports {

void CounterChecker::add_invoked(std::uint64_t key, sim::Time invoked) {
  keys_[key].invoked.push_back(invoked);
}

void CounterChecker::add_acknowledged(std::uint64_t key) { ++keys_[key].acknowledged; }

void CounterChecker::observed(std::uint64_t key, std::uint64_t value, sim::Time at) {
  keys_[key].observations.push_back({at, value});
}

CounterResult CounterChecker::finish(
    const std::optional<std::map<std::uint64_t, std::uint64_t>>& final_values, sim::Time end) {
  std::vector<std::pair<sim::Time, std::uint64_t>> increases;  // (when, by how much)
  std::set<std::uint64_t> ordered;
  for (const auto& [key, record] : keys_) ordered.insert(key);
  if (final_values) {
    for (const auto& [key, value] : *final_values) ordered.insert(key);
  }
  CounterResult result;
  result.keys = ordered.size();
  for (const std::uint64_t key : ordered) {
    Key& record = keys_[key];
    std::sort(record.invoked.begin(), record.invoked.end());
    std::stable_sort(record.observations.begin(), record.observations.end(),
                     [](const Observation& a, const Observation& b) { return a.at < b.at; });
    result.adds += record.invoked.size();
    // The largest excess over the adds invoked by the time of each observation.
    std::uint64_t excess = 0;
    std::string why;
    for (const Observation& seen : record.observations) {
      const auto invoked_by = static_cast<std::uint64_t>(
          std::upper_bound(record.invoked.begin(), record.invoked.end(), seen.at) -
          record.invoked.begin());
      if (seen.value <= invoked_by || seen.value - invoked_by <= excess) continue;
      increases.emplace_back(seen.at, seen.value - invoked_by - excess);
      excess = seen.value - invoked_by;
      why = fmt::format("key {} held {} at {}, when only {} adds had been invoked on it", key,
                        seen.value, sim::format_duration(seen.at - sim::time_zero), invoked_by);
    }
    std::uint64_t lost = 0;
    if (final_values) {
      const auto found = final_values->find(key);
      const std::uint64_t final_value = found == final_values->end() ? 0 : found->second;
      const std::uint64_t invoked = record.invoked.size();
      if (final_value > invoked && final_value - invoked > excess) {
        increases.emplace_back(end, final_value - invoked - excess);
        excess = final_value - invoked;
        why = fmt::format("key {} holds {} after the drain, though only {} adds were invoked on it",
                          key, final_value, invoked);
      }
      if (final_value < record.acknowledged) {
        lost = record.acknowledged - final_value;
        if (excess == 0)
          why = fmt::format("key {} holds {} after the drain, though {} adds were acknowledged",
                            key, final_value, record.acknowledged);
      }
    }
    result.double_counted += excess;
    result.lost_adds += lost;
    if (result.first_problem.empty() && (excess > 0 || lost > 0)) result.first_problem = why;
  }
  std::stable_sort(increases.begin(), increases.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::uint64_t total = 0;
  for (const auto& [at, by] : increases) {
    total += by;
    result.double_counted_over_time.emplace_back(at, total);
  }
  return result;
}

}  // namespace scar::reports
