#include "reports/lost_writes.h"

#include <algorithm>
#include <set>

namespace scar::reports {

void LostWriteChecker::add(const HistoryOperation& operation) {
  if (operation.is_put) {
    const Put put{operation.invoked, operation.completed, operation.ok};
    puts_by_value_[operation.value] = put;
    if (operation.ok) keys_[operation.key].acknowledged.emplace_back(put, operation.value);
    return;
  }
  if (operation.ok) keys_[operation.key].gets.push_back(operation);
}

std::uint64_t LostWriteChecker::lost_acknowledged_writes() {
  std::uint64_t lost = 0;
  for (auto& [key, history] : keys_) {  // the total does not depend on the order
    auto& puts = history.acknowledged;
    std::sort(puts.begin(), puts.end(), [](const auto& a, const auto& b) {
      return a.first.completed < b.first.completed || (a.first.completed == b.first.completed && a.second < b.second);
    });
    std::set<std::uint64_t> lost_values;
    for (const HistoryOperation& get : history.gets) {
      // Puts acknowledged before the get started...
      const auto end = std::lower_bound(puts.begin(), puts.end(), get.invoked,
                                        [](const auto& put, sim::Time t) { return put.first.completed < t; });
      // ...that started after the write the get saw had completed.
      sim::Time seen_completed = sim::Time::min();
      if (get.read) {
        auto writer = puts_by_value_.find(*get.read);
        if (writer == puts_by_value_.end()) continue;  // a value no put wrote: not ours to judge
        seen_completed = writer->second.completed;
      }
      auto begin = std::upper_bound(puts.begin(), end, seen_completed,
                                    [](sim::Time t, const auto& put) { return t < put.first.completed; });
      for (auto it = begin; it < end; ++it) {
        if (it->first.invoked > seen_completed && it->second != get.read) lost_values.insert(it->second);
      }
    }
    lost += lost_values.size();
  }
  return lost;
}

}  // namespace scar::reports
