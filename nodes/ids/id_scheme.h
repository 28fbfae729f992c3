// How an `ids` server makes an id, by scheme (the protocol's option `scheme`):
// - counter: the next number of one counter, 1, 2, 3, ... Unique and ordered, but only
//   because one node (n1) issues them all.
// - timestamp: a Snowflake-style 64-bit id, most significant first:
//     [63..22] milliseconds of the issuing node's own clock (42 bits, about 139 years)
//     [21..12] the issuing server's index, 0..1023 (10 bits)
//     [11..0]  a sequence number within that millisecond, 0..4095 (12 bits)
//   k-sortable (ids from different servers order by their clocks' milliseconds) and unique
//   across servers by construction (the server bits differ). Its promises lean on the clock:
//   a clock stepped back makes a server issue ids below its earlier ones, and re-use
//   milliseconds it has used already, so it issues the same ids again. (Drop the server
//   bits and two servers collide whenever they share a millisecond and a sequence.)
// - random: 64 bits from the node's random stream. A real system would take 128 (a UUIDv4
//   has 122 random bits) so that collisions never happen in practice; a ClientReply value
//   is 64 bits, so these are the 64-bit version: a collision is likely only after about
//   2^32 ids. Unique in practice, never sortable.
// Deterministic: every input (clock, server index, random stream) comes from the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/random.h"
#include "sim/time.h"

namespace scar::nodes::ids {

enum class IdScheme : std::uint8_t { counter, timestamp, random };

// REQUIRES: `name` is one of "counter", "timestamp", "random" (the option's choices).
IdScheme id_scheme_named(std::string_view name);

struct TimestampLayout {
  static constexpr unsigned sequence_bits = 12;
  static constexpr unsigned server_bits = 10;
  static constexpr unsigned millisecond_bits = 64 - server_bits - sequence_bits;
  static constexpr std::uint64_t sequence_max = (std::uint64_t{1} << sequence_bits) - 1;
  static constexpr std::uint64_t server_max = (std::uint64_t{1} << server_bits) - 1;
  static constexpr std::uint64_t millisecond_max = (std::uint64_t{1} << millisecond_bits) - 1;
};

// REQUIRES: millisecond <= millisecond_max, server <= server_max, sequence <= sequence_max.
std::uint64_t timestamp_id(std::uint64_t millisecond, std::uint64_t server, std::uint64_t sequence);

struct TimestampParts {
  std::uint64_t millisecond = 0;
  std::uint64_t server = 0;
  std::uint64_t sequence = 0;
  bool operator==(const TimestampParts&) const = default;
};
TimestampParts timestamp_parts(std::uint64_t id);

// One server's id maker: the scheme's state (the counter, or the last millisecond and its
// sequence). Volatile: a restarted server starts a new one (a counter from 1 again).
class IdMaker {
 public:
  // REQUIRES: server_index <= TimestampLayout::server_max.
  IdMaker(IdScheme scheme, std::uint64_t server_index);

  // The next id, given the node's own clock `local_now` (its milliseconds since the clock's
  // zero; a clock before zero counts as 0 and one past millisecond_max wraps); nothing
  // when the timestamp scheme has issued all 4096 ids of this millisecond already.
  std::optional<std::uint64_t> next(sim::Time local_now, sim::Random& random);

 private:
  std::optional<std::uint64_t> next_timestamp(sim::Time local_now);

  IdScheme scheme_;
  std::uint64_t server_index_;
  std::uint64_t counter_ = 0;
  std::optional<std::uint64_t> last_millisecond_;
  std::uint64_t sequence_ = 0;  // the last sequence number issued in last_millisecond_
};

}  // namespace scar::nodes::ids
