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
  // Contiguous sorted copies: the searches below then touch memory in order.
  struct Written {
    std::uint64_t value;
    sim::Time completed;
  };
  struct Acknowledged {
    std::uint64_t key;
    sim::Time completed;
    sim::Time invoked;
    std::uint64_t value;
  };
  std::vector<Written> written;            // every put by value (values are unique)
  std::vector<Acknowledged> acknowledged;  // by key, then completion
  written.reserve(puts_.size());
  for (const HistoryOperation& put : puts_) {
    written.push_back({put.value, put.completed});
    if (put.ok) acknowledged.push_back({put.key, put.completed, put.invoked, put.value});
  }
  std::sort(written.begin(), written.end(),
            [](const auto& a, const auto& b) { return a.value < b.value; });
  std::sort(acknowledged.begin(), acknowledged.end(), [](const auto& a, const auto& b) {
    return std::tie(a.key, a.completed, a.value) < std::tie(b.key, b.completed, b.value);
  });
  std::sort(gets_.begin(), gets_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.key, a.invoked) < std::tie(b.key, b.invoked);
  });
  std::vector<bool> lost(acknowledged.size(), false);
  for (const HistoryOperation& get : gets_) {
    // The write the get saw, if any, and when it completed.
    sim::Time seen_completed = sim::Time::min();
    if (get.read) {
      auto writer = std::lower_bound(
          written.begin(), written.end(), *get.read,
          [](const Written& put, std::uint64_t value) { return put.value < value; });
      if (writer == written.end() || writer->value != *get.read) continue;  // no put wrote it
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
      if (it->invoked > seen_completed && it->value != get.read)
        lost[it - acknowledged.begin()] = true;
    }
  }
  return static_cast<std::uint64_t>(std::count(lost.begin(), lost.end(), true));
}

}  // namespace scar::reports
