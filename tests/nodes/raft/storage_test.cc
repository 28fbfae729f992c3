// Raft's durable state as records in one file: replay gives the state the records say,
// and a torn or partial tail (a crash in the middle of an append) is cut off, the valid
// prefix kept.
#include "nodes/raft/storage.h"

#include <catch2/catch.hpp>

#include "tests/nodes/raft/entries.h"

using namespace scar::nodes;
using namespace scar::nodes::raft;
using scar::testing::put_entry;

TEST_CASE("raft storage replays votes, entries and truncations in order", "[raft]") {
  std::string file = RaftStorage::encode_vote(3, 2);
  file += RaftStorage::encode_entry(1, put_entry(1, 7, 70));
  file += RaftStorage::encode_entry(2, put_entry(1, 8, 80));
  file += RaftStorage::encode_entry(3, LogEntry{.term = 3});  // a no-op
  file += RaftStorage::encode_truncation(2);
  file += RaftStorage::encode_entry(2, put_entry(3, 9, 90));
  file += RaftStorage::encode_vote(4, std::nullopt);
  const HardState state = RaftStorage::decode(file);
  CHECK(state.term == 4);
  CHECK_FALSE(state.voted_for.has_value());
  REQUIRE(state.entries.size() == 2);
  CHECK(state.entries[0] == put_entry(1, 7, 70));
  CHECK(state.entries[1] == put_entry(3, 9, 90));
  CHECK(state.valid_bytes == file.size());
  CHECK(state.discarded_bytes == 0);
}

TEST_CASE("raft storage keeps the valid prefix of a file whose last record is partial", "[raft]") {
  const std::string whole =
      RaftStorage::encode_vote(1, 0) + RaftStorage::encode_entry(1, put_entry(1, 1, 10));
  const std::string next = RaftStorage::encode_entry(2, put_entry(1, 2, 20));
  for (std::size_t cut = 1; cut < next.size(); ++cut) {
    const HardState state = RaftStorage::decode(whole + next.substr(0, cut));
    CHECK(state.entries.size() == 1);
    CHECK(state.valid_bytes == whole.size());
    CHECK(state.discarded_bytes == cut);
  }
}

TEST_CASE("raft storage stops at a record whose checksum does not match", "[raft]") {
  const std::string first = RaftStorage::encode_entry(1, put_entry(1, 1, 10));
  std::string second = RaftStorage::encode_entry(2, put_entry(1, 2, 20));
  second[10] ^= 0x5a;  // a torn block: other bytes where the record's were
  const std::string third = RaftStorage::encode_entry(3, put_entry(1, 3, 30));
  const HardState state = RaftStorage::decode(first + second + third);
  CHECK(state.entries.size() == 1);
  CHECK(state.valid_bytes == first.size());
}

TEST_CASE("raft storage refuses an entry that would leave a gap in the log", "[raft]") {
  const std::string file = RaftStorage::encode_entry(1, put_entry(1, 1, 10)) +
                           RaftStorage::encode_entry(3, put_entry(1, 3, 30));
  CHECK(RaftStorage::decode(file).entries.size() == 1);
}
