// A log-linear latency histogram in the manner of HdrHistogram, with 2^P sub-buckets per
// power of two: values below 2^(P+1) ns are counted exactly; above, each power-of-two
// range is split into 2^P equal buckets. A percentile is reported as the middle of its
// bucket, so it is within 2^-(P+1) relative error of the exact nearest-rank percentile.
// Min and max are kept exactly.
//
// LatencyHistogram (P = 10): error below 1/2048 (0.05%), better than three significant
// digits. WindowHistogram (P = 6): error below 1/128 (0.8%), for the per-window time
// series, where tens of thousands of histograms are kept.
//
// Only buckets that hold a value are stored, 8 bytes each, in index order: memory is at
// most min(values recorded, distinct buckets) x 8 bytes, so a phase or window of a few
// hundred operations costs a few KiB whatever its spread, and a whole run's histogram at
// most ~25k buckets (~200 KiB at P = 10 for values up to 10 s). Histograms merge by adding
// counts, so per-window or per-client histograms sum to the total.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace scar::reports {

template <int PrecisionBits>
class BasicLatencyHistogram {
 public:
  static constexpr int precision_bits = PrecisionBits;
  // Relative error bound of a reported percentile.
  static constexpr double relative_error = 1.0 / (2 << precision_bits);

  // REQUIRES: latency >= 0.
  void record(sim::Duration latency);
  void merge(const BasicLatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  sim::Duration min() const { return sim::Duration{count_ == 0 ? 0 : min_}; }
  sim::Duration max() const { return sim::Duration{max_}; }

  // The nearest-rank percentile: the smallest recorded value v such that at least
  // `quantile` of all values are <= v, within relative_error. Zero when empty.
  // REQUIRES: 0 <= quantile <= 1.
  sim::Duration percentile(double quantile) const;

 private:
  static std::uint64_t index_of(std::uint64_t value);
  static std::uint64_t lower_bound_of(std::uint64_t index);
  static std::uint64_t width_of(std::uint64_t index);

  // Each bucket as (index << count_bits | count), sorted by index. Indexes stay below
  // 2^(64 - count_bits) for any int64 value; counts below 2^count_bits (10^12).
  static constexpr int count_bits = 40;
  static std::uint64_t index_part(std::uint64_t bucket) { return bucket >> count_bits; }
  static std::uint64_t count_part(std::uint64_t bucket) {
    return bucket & ((std::uint64_t{1} << count_bits) - 1);
  }
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

using LatencyHistogram = BasicLatencyHistogram<10>;
using WindowHistogram = BasicLatencyHistogram<6>;

}  // namespace scar::reports
