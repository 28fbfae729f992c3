// The replicated log as one server holds it in memory: entries 1..last_index(), each with
// the term it was created in. Pure data structure, no I/O: the server mirrors every change
// to storage (storage.h) itself. Index 0 is the empty prefix, of term 0.
#pragma once

#include <cstdint>
#include <vector>

#include "nodes/raft/messages.h"

namespace scar::nodes::raft {

class RaftLog {
 public:
  std::uint64_t last_index() const { return entries_.size(); }
  std::uint64_t last_term() const { return term_at(last_index()); }

  // The term of the entry at `index`; 0 for index 0. REQUIRES: index <= last_index().
  std::uint64_t term_at(std::uint64_t index) const;
  // REQUIRES: 1 <= index <= last_index().
  const LogEntry& at(std::uint64_t index) const;

  void append(LogEntry entry) { entries_.push_back(std::move(entry)); }
  // Removes the entry at `index` and every one after it. REQUIRES: index >= 1.
  void truncate_from(std::uint64_t index);

  // Whether this log holds an entry at `index` with term `term` (the consistency check
  // of AppendEntries, §5.3). True for index 0.
  bool matches(std::uint64_t index, std::uint64_t term) const {
    return index <= last_index() && term_at(index) == term;
  }

  // The election restriction (§5.4.1): a log ending in (last_log_index, last_log_term)
  // is at least as up-to-date as this one: a later last term, or the same term and at
  // least as long.
  bool is_behind(std::uint64_t last_log_index, std::uint64_t last_log_term) const {
    if (last_log_term != last_term()) return last_log_term > last_term();
    return last_log_index >= last_index();
  }

  // Up to `count_max` entries from `from` on. REQUIRES: from >= 1.
  std::vector<LogEntry> slice(std::uint64_t from, std::size_t count_max) const;

  // The first index of the run of entries that share the term of the entry at `index`.
  // REQUIRES: 1 <= index <= last_index().
  std::uint64_t first_index_of_term_at(std::uint64_t index) const;

 private:
  std::vector<LogEntry> entries_;  // entries_[i] is index i + 1
};

}  // namespace scar::nodes::raft
