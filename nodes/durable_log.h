// A key-value store's write-ahead log on the node's disk, shared by the protocols that
// offer a `durability` option:
//
//   none    the put lives in memory only; a crash loses it
//   write   the record is written (to the disk's cache) before the put is acknowledged;
//           a crash before the cache reaches the disk loses it
//   fsync   the record is written and fsynced before the put is acknowledged
//
// A record is 16 bytes (key, value, little-endian). Recovery reads the log back and
// replays it; a torn last record (a crash mid-fsync) is ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "sim/context.h"

namespace scar::nodes {

enum class Durability : std::uint8_t { none, write, fsync };

Durability durability_from(std::string_view name);

class DurableLog {
 public:
  explicit DurableLog(Durability durability) : durability_(durability) {}

  Durability durability() const { return durability_; }

  // Makes (key, value) as durable as the option says. True when the put may be
  // acknowledged; false when the disk failed it (the caller answers with an error).
  sim::Task<bool> persist(sim::Context& ctx, std::uint64_t key, std::uint64_t value);

  // Reads the log back: the last value of each key, or null when the disk failed the read.
  sim::Task<std::optional<std::unordered_map<std::uint64_t, std::uint64_t>>> recover(sim::Context& ctx);

 private:
  Durability durability_;
};

}  // namespace scar::nodes
