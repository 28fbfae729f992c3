// The timestamp a quorum register orders writes by: last writer wins, and "last" means the
// greatest Version, compared as (counter, node, value).
//
// `counter` is what the coordinator's clock said: the nanoseconds on its own clock
// (`clock: wall`, so a skewed clock orders writes wrongly) or one more than the highest
// counter a read quorum reported (`clock: logical`). Equal counters (two coordinators, one
// instant) tie-break by the coordinator's node id. The value breaks the last tie, so that
// two distinct writes never share a version: otherwise two replicas could keep different
// values under one timestamp and never agree. Values are unique per write (see
// client_protocol.h), so the order is total.
#pragma once

#include <compare>
#include <cstdint>

namespace scar::nodes {

struct Version {
  std::int64_t counter = 0;  // wall: nanoseconds on the coordinator's clock (may be < 0)
  std::uint32_t node = 0;    // the coordinator's node id, 0-based
  std::uint64_t value = 0;   // the value written: every write's own

  friend auto operator<=>(const Version&, const Version&) = default;
};

}  // namespace scar::nodes
