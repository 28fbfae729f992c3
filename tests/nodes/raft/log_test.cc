// The in-memory Raft log: the consistency check's question (does the log hold this index
// with this term?), the election restriction's comparison, and cutting a suffix.
#include "nodes/raft/log.h"

#include <catch2/catch.hpp>

using namespace scar::nodes::raft;

namespace {

RaftLog log_of_terms(std::initializer_list<std::uint64_t> terms) {
  RaftLog log;
  for (std::uint64_t term : terms) log.append(LogEntry{.term = term});
  return log;
}

}  // namespace

TEST_CASE("an empty raft log matches only index 0 of term 0", "[raft]") {
  const RaftLog log;
  CHECK(log.last_index() == 0);
  CHECK(log.last_term() == 0);
  CHECK(log.matches(0, 0));
  CHECK_FALSE(log.matches(1, 1));
}

TEST_CASE("a raft log matches an index only with the term of its entry there", "[raft]") {
  const RaftLog log = log_of_terms({1, 1, 2});
  CHECK(log.matches(2, 1));
  CHECK(log.matches(3, 2));
  CHECK_FALSE(log.matches(3, 1));
  CHECK_FALSE(log.matches(4, 2));
}

TEST_CASE("truncating a raft log removes the index and everything after it", "[raft]") {
  RaftLog log = log_of_terms({1, 1, 2, 2});
  log.truncate_from(3);
  CHECK(log.last_index() == 2);
  CHECK(log.last_term() == 1);
  log.truncate_from(5);  // past the end: nothing to cut
  CHECK(log.last_index() == 2);
}

TEST_CASE("a candidate's log is up to date by last term first, then by length", "[raft]") {
  const RaftLog log = log_of_terms({1, 2, 2});
  CHECK(log.is_behind(3, 2));        // the same
  CHECK(log.is_behind(5, 2));        // longer, same term
  CHECK(log.is_behind(1, 3));        // shorter but a later term
  CHECK_FALSE(log.is_behind(2, 2));  // shorter, same term
  CHECK_FALSE(log.is_behind(9, 1));  // longer but an earlier term
}

TEST_CASE("a conflicting term's first index is where its run of entries starts", "[raft]") {
  const RaftLog log = log_of_terms({1, 2, 2, 2, 3});
  CHECK(log.first_index_of_term_at(4) == 2);
  CHECK(log.first_index_of_term_at(1) == 1);
  CHECK(log.first_index_of_term_at(5) == 5);
}

TEST_CASE("a slice of a raft log is bounded by its count and the log's end", "[raft]") {
  const RaftLog log = log_of_terms({1, 2, 3, 4});
  CHECK(log.slice(2, 2).size() == 2);
  CHECK(log.slice(2, 2)[0].term == 2);
  CHECK(log.slice(3, 10).size() == 2);
  CHECK(log.slice(5, 10).empty());
}
