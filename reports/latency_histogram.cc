#include "reports/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "sim/assert.h"

namespace scar::reports {

template <int P>
std::size_t BasicLatencyHistogram<P>::index_of(std::uint64_t value) {
  constexpr std::uint64_t half = std::uint64_t{1} << P;
  constexpr std::uint64_t exact_below = 2 * half;
  if (value < exact_below) return value;
  const int shift = std::bit_width(value) - 1 - P;  // bucket width 2^shift
  return shift * half + (value >> shift);
}

template <int P>
std::uint64_t BasicLatencyHistogram<P>::width_of(std::size_t index) {
  constexpr std::uint64_t half = std::uint64_t{1} << P;
  constexpr std::uint64_t exact_below = 2 * half;
  if (index < exact_below) return 1;
  return std::uint64_t{1} << (index / half - 1);
}

template <int P>
std::uint64_t BasicLatencyHistogram<P>::lower_bound_of(std::size_t index) {
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
  const std::size_t index = index_of(static_cast<std::uint64_t>(value));
  if (index >= counts_.size()) counts_.resize(index + 1);
  ++counts_[index];
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = std::max(max_, value);
  ++count_;
}

template <int P>
void BasicLatencyHistogram<P>::merge(const BasicLatencyHistogram& other) {
  if (other.count_ == 0) return;
  if (other.counts_.size() > counts_.size()) counts_.resize(other.counts_.size());
  for (std::size_t i = 0; i < other.counts_.size(); ++i) counts_[i] += other.counts_[i];
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
  for (std::size_t index = 0; index < counts_.size(); ++index) {
    seen += counts_[index];
    if (seen < rank) continue;
    const std::uint64_t middle = lower_bound_of(index) + width_of(index) / 2;
    return sim::Duration{std::clamp<std::int64_t>(static_cast<std::int64_t>(middle), min_, max_)};
  }
  return max();
}

template class BasicLatencyHistogram<10>;
template class BasicLatencyHistogram<6>;

}  // namespace scar::reports
