#include "reports/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "sim/assert.h"

namespace scar::reports {

template <int P>
std::uint64_t BasicLatencyHistogram<P>::index_of(std::uint64_t value) {
  constexpr std::uint64_t half = std::uint64_t{1} << P;
  constexpr std::uint64_t exact_below = 2 * half;
  if (value < exact_below) return value;
  const int shift = std::bit_width(value) - 1 - P;  // bucket width 2^shift
  return shift * half + (value >> shift);
}

template <int P>
std::uint64_t BasicLatencyHistogram<P>::width_of(std::uint64_t index) {
  constexpr std::uint64_t half = std::uint64_t{1} << P;
  constexpr std::uint64_t exact_below = 2 * half;
  if (index < exact_below) return 1;
  return std::uint64_t{1} << (index / half - 1);
}

template <int P>
std::uint64_t BasicLatencyHistogram<P>::lower_bound_of(std::uint64_t index) {
  constexpr std::uint64_t half = std::uint64_t{1} << P;
  constexpr std::uint64_t exact_below = 2 * half;
  if (index < exact_below) return index;
  const std::uint64_t shift = index / half - 1;
  return (index - shift * half) << shift;
}

template <int P>
void BasicLatencyHistogram<P>::record(sim::Duration latency) {
  const std::int64_t value = latency.count();
  SCAR_ASSERT(value >= 0);
  const std::uint64_t key = index_of(static_cast<std::uint64_t>(value)) << count_bits;
  // Latencies arrive in no order, but most land in a bucket that already holds values.
  const auto at = std::lower_bound(buckets_.begin(), buckets_.end(), key);
  if (at != buckets_.end() && index_part(*at) == index_part(key)) {
    SCAR_ASSERT(count_part(*at + 1) != 0);
    ++*at;
  } else {
    buckets_.insert(at, key | 1);
  }
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = std::max(max_, value);
  ++count_;
}

template <int P>
void BasicLatencyHistogram<P>::merge(const BasicLatencyHistogram& other) {
  if (other.count_ == 0) return;
  std::vector<std::uint64_t> merged;
  merged.reserve(buckets_.size() + other.buckets_.size());
  auto mine = buckets_.begin();
  auto theirs = other.buckets_.begin();
  while (mine != buckets_.end() || theirs != other.buckets_.end()) {
    if (theirs == other.buckets_.end() ||
        (mine != buckets_.end() && index_part(*mine) < index_part(*theirs))) {
      merged.push_back(*mine++);
    } else if (mine == buckets_.end() || index_part(*theirs) < index_part(*mine)) {
      merged.push_back(*theirs++);
    } else {
      SCAR_ASSERT(count_part(*mine) + count_part(*theirs) < (std::uint64_t{1} << count_bits));
      merged.push_back(*mine++ + count_part(*theirs++));
    }
  }
  buckets_ = std::move(merged);
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
}

template <int P>
sim::Duration BasicLatencyHistogram<P>::percentile(double quantile) const {
  SCAR_ASSERT(quantile >= 0 && quantile <= 1);
  if (count_ == 0) return sim::Duration{0};
  // ceil(quantile * count), forgiving the last-bit error of the product (0.07 * 100
  // is 7.000000000000001 in binary floating point; its rank is still 7).
  const double exact_rank = quantile * static_cast<double>(count_);
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(exact_rank - 1e-9 * std::max(1.0, exact_rank))));
  std::uint64_t seen = 0;
  for (const std::uint64_t bucket : buckets_) {
    seen += count_part(bucket);
    if (seen < rank) continue;
    const std::uint64_t index = index_part(bucket);
    const std::uint64_t middle = lower_bound_of(index) + width_of(index) / 2;
    return sim::Duration{std::clamp<std::int64_t>(static_cast<std::int64_t>(middle), min_, max_)};
  }
  return max();
}

template class BasicLatencyHistogram<10>;
template class BasicLatencyHistogram<6>;

}  // namespace scar::reports
