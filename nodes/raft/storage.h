// What a Raft server keeps on its disk: currentTerm, votedFor and the log (the state
// Figure 2 calls persistent), as one append-only file of records.
//
// Every change is a record: the hard state (term, vote), an appended entry, or "the log
// is cut from index i" (a follower dropping a conflicting suffix). Changes are buffered in
// memory in the order the server made them; sync() writes the buffer and fsyncs it, and
// returns once everything buffered before the call is durable. Calls that overlap share
// one write and fsync (group commit). The server answers a vote or acknowledges entries
// only after sync(), and a leader counts itself towards a majority only after it.
//
// Each record is [u32 body length][body][u64 FNV-1a of the body], little-endian, so
// recovery can tell a whole record from the torn or partial tail a crash in the middle of
// an append leaves: it replays the longest valid prefix, cuts the file back to it and
// makes that durable before the server does anything else.
//
// Durability `fsync` is what Raft assumes. `write` skips the fsync (a crash loses what
// the disk cache held) and `none` keeps nothing: with either, a restarted server may
// forget a vote or an acknowledged entry, which Raft's safety argument does not allow.
// A write or fsync the disk fails leaves the log in an unknown state: storage stays
// failed (every later sync() is false) until the node restarts.
#pragma once

#include <coroutine>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nodes/durable_log.h"
#include "nodes/raft/messages.h"
#include "sim/context.h"

namespace scar::nodes::raft {

// What recovery found on the disk.
struct HardState {
  std::uint64_t term = 0;
  std::optional<std::uint32_t> voted_for;  // node id
  std::vector<LogEntry> entries;           // index 1 first
  std::uint64_t valid_bytes = 0;           // the valid prefix of the file
  std::uint64_t discarded_bytes = 0;       // the torn or partial tail cut off
};

class RaftStorage {
 public:
  static constexpr const char* file_name = "raft.log";

  explicit RaftStorage(Durability durability) : durability_(durability) {}

  // Buffer a change (nothing touches the disk until sync()).
  void save_vote(std::uint64_t term, std::optional<std::uint32_t> voted_for);
  void save_entry(std::uint64_t index, const LogEntry& entry);
  void save_truncation(std::uint64_t from_index);

  // Makes every change buffered so far durable (as the durability option says). False
  // when the disk failed a write or an fsync; then storage is failed for good.
  sim::Task<bool> sync(sim::Context& ctx);
  bool failed() const { return failed_; }

  // Reads the file back (the valid prefix), and cuts off a torn tail durably. Null when
  // the disk failed the read or the cut.
  sim::Task<std::optional<HardState>> recover(sim::Context& ctx);

  // The records' bytes, for tests that build a file by hand.
  static std::string encode_vote(std::uint64_t term, std::optional<std::uint32_t> voted_for);
  static std::string encode_entry(std::uint64_t index, const LogEntry& entry);
  static std::string encode_truncation(std::uint64_t from_index);
  // Replays `bytes`: the state of the longest valid prefix.
  static HardState decode(std::string_view bytes);

 private:
  class FlushDone;
  sim::Task<> flush(sim::Context& ctx);
  sim::Task<sim::IoResult> retry_busy(sim::Context& ctx, sim::IoRequest request);

  Durability durability_;
  std::string buffer_;          // records not yet handed to the disk
  std::uint64_t buffered_ = 0;  // records buffered, ever
  std::uint64_t durable_ = 0;   // records durable
  bool flushing_ = false;       // a write + fsync is under way
  bool failed_ = false;
  std::vector<std::coroutine_handle<>> waiting_;  // sync() calls waiting for a flush
};

}  // namespace scar::nodes::raft
