// A key-value store's write-ahead log on the node's disk, shared by the protocols that
// offer a `durability` option:
//
//   none    the put lives in memory only; a crash loses it
//   write   the record is written (to the disk's cache) before the put is acknowledged;
//           a crash before the cache reaches the disk loses it
//   fsync   the record is written and fsynced before the put is acknowledged
//
// When an fsync fails, `fsync_error` says what happens: `fail` answers the put with an
// error; `retry` fsyncs again, which succeeds because the kernel already dropped the dirty
// pages, so the put is acknowledged and lost at the next crash. (PostgreSQL retried like
// this until 2018.)
//
// Option `group_commit` (with durability fsync): a put whose record is written while an
// fsync is in flight does not fsync alone; it waits, with every other put written in the
// meantime, for ONE next fsync that covers them all (the batch), and is acknowledged only
// when that fsync succeeded; when it fails, every put of the batch fails (or, with
// fsync_error retry, the batch fsyncs again). Same durability, far fewer fsyncs: the disk
// serves one operation at a time, so a disk that fsyncs every put alone caps the put rate
// at 1/fsync time, while a batch costs one fsync however many puts it covers. Without it,
// each put fsyncs alone. Every fsync is counted as metrics.fsyncs.
//
// A record is 16 bytes (key, value, little-endian). Recovery reads the log back and
// replays it; a torn last record (a crash mid-fsync) is ignored.
#pragma once

#include <coroutine>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/context.h"

namespace scar::nodes {

enum class Durability : std::uint8_t { none, write, fsync };

Durability durability_from(std::string_view name);

class DurableLog {
 public:
  DurableLog(Durability durability, bool retry_failed_fsync, bool group_commit)
      : durability_(durability),
        retry_failed_fsync_(retry_failed_fsync),
        group_commit_(group_commit) {}

  Durability durability() const { return durability_; }

  // Makes (key, value) as durable as the option says. True when the put may be
  // acknowledged; false when the disk failed it (the caller answers with an error).
  sim::Task<bool> persist(sim::Context& ctx, std::uint64_t key, std::uint64_t value);

  // Reads the log back: the last value of each key, or null when the disk failed the read.
  sim::Task<std::optional<std::unordered_map<std::uint64_t, std::uint64_t>>> recover(
      sim::Context& ctx);

 private:
  // A put written to the log and waiting for the fsync that covers it. Lives in the
  // waiting coroutine's frame; a crash destroys the frames and this log together.
  struct FsyncWaiter {
    std::coroutine_handle<> handle;
    bool synced = false;
  };
  class BatchAwaiter;

  // One fsync (and, with fsync_error retry, a second after a failure): true on success.
  sim::Task<bool> sync(sim::Context& ctx);
  // Fsyncs batch after batch until no written put waits, then ends; at most one runs.
  sim::Task<> flush_batches(sim::Context& ctx);

  Durability durability_;
  bool retry_failed_fsync_;
  bool group_commit_;
  // Appends are numbered in submission order; the disk serves in order, so an fsync
  // covers every append submitted before it.
  std::uint64_t appends_submitted_ = 0;
  std::vector<FsyncWaiter*> in_flight_;  // covered by the fsync in flight
  std::uint64_t in_flight_covers_ = 0;   // appends numbered below this are covered by it
  std::vector<FsyncWaiter*> waiting_;    // for the next fsync; in write order
  bool flushing_ = false;                // flush_batches runs
};

// The `durability`, `fsync_error` and `group_commit` options, as protocols declare and
// read them, and the counter the log keeps (fsyncs).
struct OptionSpec;
struct MetricSpec;
class ProtocolOptions;
std::vector<OptionSpec> durable_log_options();
DurableLog durable_log_from(const ProtocolOptions& options);
std::vector<MetricSpec> durable_log_metrics();

}  // namespace scar::nodes
