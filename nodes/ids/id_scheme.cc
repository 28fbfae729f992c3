#include "nodes/ids/id_scheme.h"

#include <chrono>

#include "sim/assert.h"

namespace scar::nodes::ids {

IdScheme id_scheme_named(std::string_view name) {
  if (name == "counter") return IdScheme::counter;
  if (name == "timestamp") return IdScheme::timestamp;
  SCAR_ASSERT(name == "random");
  return IdScheme::random;
}

std::uint64_t timestamp_id(std::uint64_t millisecond, std::uint64_t server,
                           std::uint64_t sequence) {
  SCAR_ASSERT(millisecond <= TimestampLayout::millisecond_max);
  SCAR_ASSERT(server <= TimestampLayout::server_max);
  SCAR_ASSERT(sequence <= TimestampLayout::sequence_max);
  return millisecond << (TimestampLayout::server_bits + TimestampLayout::sequence_bits) |
         server << TimestampLayout::sequence_bits | sequence;
}

TimestampParts timestamp_parts(std::uint64_t id) {
  return {.millisecond = id >> (TimestampLayout::server_bits + TimestampLayout::sequence_bits),
          .server = id >> TimestampLayout::sequence_bits & TimestampLayout::server_max,
          .sequence = id & TimestampLayout::sequence_max};
}

IdMaker::IdMaker(IdScheme scheme, std::uint64_t server_index)
    : scheme_(scheme), server_index_(server_index) {
  SCAR_ASSERT(server_index <= TimestampLayout::server_max);
}

std::optional<std::uint64_t> IdMaker::next(sim::Time local_now, sim::Random& random) {
  switch (scheme_) {
    case IdScheme::counter:
      return ++counter_;
    case IdScheme::timestamp:
      return next_timestamp(local_now);
    case IdScheme::random:
      return random.next_u64();
  }
  SCAR_ASSERT(false);
  return std::nullopt;
}

// Deliberately naive about the clock, as a Snowflake without its "clock moved backwards"
// guard is: the sequence restarts whenever the millisecond differs from the last one, even
// when it is an earlier millisecond.
std::optional<std::uint64_t> IdMaker::next_timestamp(sim::Time local_now) {
  const auto since_zero =
      std::chrono::duration_cast<std::chrono::milliseconds>(local_now.time_since_epoch());
  const std::uint64_t millisecond =
      since_zero.count() < 0
          ? 0
          : static_cast<std::uint64_t>(since_zero.count()) & TimestampLayout::millisecond_max;
  if (millisecond != last_millisecond_) {
    last_millisecond_ = millisecond;
    sequence_ = 0;
  } else if (sequence_ == TimestampLayout::sequence_max) {
    return std::nullopt;
  } else {
    ++sequence_;
  }
  return timestamp_id(millisecond, server_index_, sequence_);
}

}  // namespace scar::nodes::ids
