// A retry budget (Finagle's RetryBudget, gRPC's retry throttling): a caller's retries may be
// at most `ratio` of its requests over a recent window, e.g. 10 % over the last second.
// Retries then add at most 10 % to the load a healthy callee sees, and when the callee is
// overloaded and every call fails, the caller stops multiplying its load by the attempt count.
//
// The window slides in tenths of `window`: a request or retry counts until the tenth it was
// made in leaves the window, nine to ten tenths after it was made. Nothing is deposited in advance,
// so a caller that has made no requests lately may not retry at all. Time is the caller's clock; a
// clock that steps back counts as standing still. Deterministic: no randomness, fixed memory.
#pragma once

#include <array>
#include <cstdint>

#include "sim/time.h"

namespace scar::nodes::service_chain {

class RetryBudget {
 public:
  // REQUIRES: ratio >= 0; window > 0.
  RetryBudget(double ratio, sim::Duration window);

  // A first attempt was made at `now`.
  void record_request(sim::Time now);
  // Whether a retry may be made at `now`: if the retries in the window would still be at most
  // `ratio` of the requests in it, counts the retry and says yes.
  bool try_retry(sim::Time now);

 private:
  static constexpr std::size_t slices = 10;
  struct Slice {
    std::uint64_t requests = 0;
    std::uint64_t retries = 0;
  };

  // Moves the window to the tenth that holds `now`, forgetting the tenths it leaves behind.
  Slice& slice_at(sim::Time now);

  double ratio_;
  sim::Duration slice_length_;
  std::array<Slice, slices> window_{};
  std::int64_t current_slice_ = 0;  // tenths since the start: the newest slice in the window
};

}  // namespace scar::nodes::service_chain
