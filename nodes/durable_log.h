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
// A record is 16 bytes (key, value, little-endian). Recovery reads the log back and
// replays it; a torn last record (a crash mid-fsync) is ignored.
#pragma once

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
  DurableLog(Durability durability, bool retry_failed_fsync)
      : durability_(durability), retry_failed_fsync_(retry_failed_fsync) {}

  Durability durability() const { return durability_; }

  // Makes (key, value) as durable as the option says. True when the put may be
  // acknowledged; false when the disk failed it (the caller answers with an error).
  sim::Task<bool> persist(sim::Context& ctx, std::uint64_t key, std::uint64_t value);

  // Reads the log back: the last value of each key, or null when the disk failed the read.
  sim::Task<std::optional<std::unordered_map<std::uint64_t, std::uint64_t>>> recover(
      sim::Context& ctx);

 private:
  Durability durability_;
  bool retry_failed_fsync_;
};

// The `durability` and `fsync_error` options, as protocols declare and read them.
struct OptionSpec;
class ProtocolOptions;
std::vector<OptionSpec> durable_log_options();
DurableLog durable_log_from(const ProtocolOptions& options);

}  // namespace scar::nodes
