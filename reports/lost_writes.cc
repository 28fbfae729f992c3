#include "reports/lost_writes.h"

#include <algorithm>
#include <tuple>
#include <vector>

namespace scar::reports {

void LostWriteChecker::add(const HistoryOperation& operation) {
  if (abandoned_) return;
  if (operation.is_put) {
    written_.push_back({operation.value, operation.completed});
    if (operation.ok) {
      acknowledged_.push_back(
          {operation.key, operation.completed, operation.invoked, operation.value});
    }
  } else if (operation.ok) {
    reads_.push_back(
        {operation.key, operation.invoked, operation.read.value_or(0), operation.read.has_value()});
  }
}

void LostWriteChecker::abandon() {
  abandoned_ = true;
  written_ = {};
  acknowledged_ = {};
  reads_ = {};
}

std::uint64_t LostWriteChecker::lost_acknowledged_writes() {
  // Sorted, the searches below touch memory in order.
  std::sort(written_.begin(), written_.end(),
            [](const auto& a, const auto& b) { return a.value < b.value; });
  std::sort(acknowledged_.begin(), acknowledged_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.key, a.completed, a.value) < std::tie(b.key, b.completed, b.value);
  });
  std::sort(reads_.begin(), reads_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.key, a.invoked) < std::tie(b.key, b.invoked);
  });
  const auto& written = written_;
  const auto& acknowledged = acknowledged_;
  std::vector<bool> lost(acknowledged.size(), false);
  for (const Read& get : reads_) {
    // The write the get saw, if any, and when it completed.
    sim::Time seen_completed = sim::Time::min();
    if (get.found) {
      auto writer = std::lower_bound(
          written.begin(), written.end(), get.value,
          [](const Written& put, std::uint64_t value) { return put.value < value; });
      if (writer == written.end() || writer->value != get.value) continue;  // no put wrote it
      seen_completed = writer->completed;
    }
    // Puts to the key acknowledged after that write completed and before the get started,
    // and started after that write completed: the get should have seen one of them.
    auto it = std::upper_bound(acknowledged.begin(), acknowledged.end(),
                               std::pair{get.key, seen_completed},
                               [](const auto& bound, const Acknowledged& put) {
                                 return bound < std::pair{put.key, put.completed};
                               });
    for (; it != acknowledged.end() && it->key == get.key && it->completed < get.invoked; ++it) {
      if (it->invoked > seen_completed && !(get.found && it->value == get.value))
        lost[it - acknowledged.begin()] = true;
    }
  }
  return static_cast<std::uint64_t>(std::count(lost.begin(), lost.end(), true));
}

}  // namespace scar::reports
