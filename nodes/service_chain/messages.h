// The `service-chain` protocol's messages: one request type travels every hop (client ->
// frontend -> backend -> database) and one reply type comes back, so a hop's caller is
// served the same way whether it is a client or the hop before.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "nodes/client_protocol.h"
#include "sim/time.h"

namespace scar::nodes::service_chain {

// Caller -> hop: do `request`. `remaining` is the caller's time left for it (its deadline as a
// duration, as gRPC sends it, so no two clocks need agree); none when deadlines are not
// propagated. The hop's deadline is its arrival plus `remaining` on its own clock.
struct ChainRequest {
  static constexpr std::string_view name = "chain_request";
  ClientRequest request;
  std::optional<sim::Duration> remaining;
};

enum class ChainOutcome : std::uint8_t {
  ok,                // done; `reply` holds the answer
  refused,           // shed before any work: the hop's queue was full (safe to retry)
  deadline_expired,  // the deadline passed before the hop could answer: nobody waits for it
  failed,            // the downstream call failed after the retries the hop allowed itself
};

// Hop -> caller.
struct ChainReply {
  static constexpr std::string_view name = "chain_reply";
  ChainOutcome outcome = ChainOutcome::ok;
  ClientReply reply;  // ok: what the database answered
};

}  // namespace scar::nodes::service_chain
