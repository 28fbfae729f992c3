#include "nodes/service_chain/retry_budget.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::nodes::service_chain {

RetryBudget::RetryBudget(double ratio, sim::Duration window)
    : ratio_(ratio), slice_length_((window + sim::Duration{slices - 1}) / slices) {
  SCAR_ASSERT(ratio >= 0);
  SCAR_ASSERT(window > sim::Duration{0});
}

RetryBudget::Slice& RetryBudget::slice_at(sim::Time now) {
  const std::int64_t slice = (now - sim::time_zero) / slice_length_;
  const std::int64_t stale = std::min<std::int64_t>(slice - current_slice_, slices);
  for (std::int64_t i = 1; i <= stale; ++i) window_[(current_slice_ + i) % slices] = Slice{};
  current_slice_ = std::max(current_slice_, slice);
  return window_[current_slice_ % slices];
}

void RetryBudget::record_request(sim::Time now) { ++slice_at(now).requests; }

bool RetryBudget::try_retry(sim::Time now) {
  Slice& current = slice_at(now);
  std::uint64_t requests = 0;
  std::uint64_t retries = 0;
  for (const Slice& slice : window_) {
    requests += slice.requests;
    retries += slice.retries;
  }
  if (static_cast<double>(retries + 1) > ratio_ * static_cast<double>(requests)) return false;
  ++current.retries;
  return true;
}

}  // namespace scar::nodes::service_chain
