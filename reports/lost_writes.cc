#include "reports/lost_writes.h"

#include <algorithm>
#include <tuple>

namespace scar::reports {

void LostWriteChecker::add(const HistoryOperation& operation) {
  if (operation.is_put) {
    puts_.push_back(operation);
  } else if (operation.ok) {
    gets_.push_back(operation);
  }
}

std::uint64_t LostWriteChecker::lost_acknowledged_writes() {
  // Every put by value (values are unique), to find the write a get saw.
  std::vector<const HistoryOperation*> by_value;
  by_value.reserve(puts_.size());
  for (const HistoryOperation& put : puts_) by_value.push_back(&put);
  std::sort(by_value.begin(), by_value.end(), [](auto* a, auto* b) { return a->value < b->value; });
  // Acknowledged puts by key, then by completion.
  std::vector<const HistoryOperation*> acknowledged;
  for (const HistoryOperation& put : puts_) {
    if (put.ok) acknowledged.push_back(&put);
  }
  std::sort(acknowledged.begin(), acknowledged.end(), [](auto* a, auto* b) {
    return std::tie(a->key, a->completed, a->value) < std::tie(b->key, b->completed, b->value);
  });
  std::vector<bool> lost(acknowledged.size(), false);
  for (const HistoryOperation& get : gets_) {
    // The write the get saw, if any, and when it completed.
    sim::Time seen_completed = sim::Time::min();
    if (get.read) {
      auto writer = std::lower_bound(by_value.begin(), by_value.end(), *get.read,
                                     [](auto* put, std::uint64_t value) { return put->value < value; });
      if (writer == by_value.end() || (*writer)->value != *get.read) continue;  // not a put's value
      seen_completed = (*writer)->completed;
    }
    // Puts to the key acknowledged after that write completed and before the get started,
    // which started after that write completed: the get should have seen one of them.
    auto begin = std::upper_bound(acknowledged.begin(), acknowledged.end(), std::pair{get.key, seen_completed},
                                  [](const auto& bound, auto* put) {
                                    return bound < std::pair{put->key, put->completed};
                                  });
    for (auto it = begin; it != acknowledged.end() && (*it)->key == get.key && (*it)->completed < get.invoked; ++it) {
      if ((*it)->invoked > seen_completed && (*it)->value != get.read) lost[it - acknowledged.begin()] = true;
    }
  }
  return static_cast<std::uint64_t>(std::count(lost.begin(), lost.end(), true));
}

}  // namespace scar::reports
