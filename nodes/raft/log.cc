#include "nodes/raft/log.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::nodes::raft {

std::uint64_t RaftLog::term_at(std::uint64_t index) const {
  if (index == 0) return 0;
  return at(index).term;
}

const LogEntry& RaftLog::at(std::uint64_t index) const {
  SCAR_ASSERT(index >= 1);
  SCAR_ASSERT(index <= last_index());
  return entries_[index - 1];
}

void RaftLog::truncate_from(std::uint64_t index) {
  SCAR_ASSERT(index >= 1);
  if (index <= last_index()) entries_.resize(index - 1);
}

std::vector<LogEntry> RaftLog::slice(std::uint64_t from, std::size_t count_max) const {
  SCAR_ASSERT(from >= 1);
  if (from > last_index()) return {};
  const std::size_t begin = from - 1;
  const std::size_t end = std::min(entries_.size(), begin + count_max);
  return {entries_.begin() + static_cast<std::ptrdiff_t>(begin),
          entries_.begin() + static_cast<std::ptrdiff_t>(end)};
}

std::uint64_t RaftLog::first_index_of_term_at(std::uint64_t index) const {
  const std::uint64_t term = term_at(index);
  while (index > 1 && term_at(index - 1) == term) --index;
  return index;
}

}  // namespace scar::nodes::raft
