#include "reports/lost_writes.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::reports {

void LostWriteChecker::add(const HistoryOperation& operation) {
  SCAR_ASSERT(operation.completed >= last_completed_);
  last_completed_ = operation.completed;
  if (operation.is_put) {
    // Only an acknowledged put's completion bounds when it took effect: one that timed out
    // or failed uncertainly may take effect later (a delayed message), so a read of its
    // value proves nothing.
    if (!operation.ok) return;
    written_.emplace(operation.value, operation.completed);
    acknowledged_[operation.key].push_back(
        {operation.completed, operation.invoked, operation.value, false});
  } else if (operation.ok) {
    check_read(operation);
  }
}

void LostWriteChecker::check_read(const HistoryOperation& get) {
  // The write the get saw, if any, and when it completed. A value no acknowledged put wrote
  // (its put still running, unacknowledged, or none) proves nothing.
  sim::Time seen_completed = sim::Time::min();
  if (get.read) {
    const auto writer = written_.find(*get.read);
    if (writer == written_.end()) return;
    seen_completed = writer->second;
  }
  const auto puts = acknowledged_.find(get.key);
  if (puts == acknowledged_.end()) return;
  // Puts to the key acknowledged after that write completed and before the get started,
  // and started after that write completed: the get should have seen one of them.
  std::vector<Acknowledged>& list = puts->second;
  auto it = std::upper_bound(
      list.begin(), list.end(), seen_completed,
      [](sim::Time bound, const Acknowledged& put) { return bound < put.completed; });
  bool stale = false;
  for (; it != list.end() && it->completed < get.invoked; ++it) {
    if (it->invoked <= seen_completed || it->value == get.read) continue;
    if (!stale && !first_stale_read_) first_stale_read_ = StaleRead{get, it->value, it->completed};
    stale = true;
    if (!it->lost) {
      it->lost = true;
      ++lost_;
    }
  }
  if (stale) ++stale_reads_;
}

}  // namespace scar::reports
