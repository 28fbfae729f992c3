// A log-linear latency histogram in the manner of HdrHistogram: values below 2048 ns are
// counted exactly; above, each power-of-two range is split into 1024 equal buckets. A
// percentile is reported as the middle of its bucket, so it is within 1/2048 (0.05%)
// relative error of the exact nearest-rank percentile: better than three significant
// digits. Min and max are kept exactly.
//
// Memory grows with the largest value recorded (about 8 KiB per power of two above
// 2 us: ~200 KiB for values up to 10 s), never with the number of values. Histograms
// merge by adding counts, so per-window or per-client histograms sum to the total.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace scar::reports {

class LatencyHistogram {
 public:
  static constexpr int precision_bits = 10;
  // Relative error bound of a reported percentile.
  static constexpr double relative_error = 1.0 / (2 << precision_bits);

  // REQUIRES: latency >= 0.
  void record(sim::Duration latency);
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  sim::Duration min() const { return sim::Duration{count_ == 0 ? 0 : min_}; }
  sim::Duration max() const { return sim::Duration{max_}; }

  // The nearest-rank percentile: the smallest recorded value v such that at least
  // `quantile` of all values are <= v, within relative_error. Zero when empty.
  // REQUIRES: 0 <= quantile <= 1.
  sim::Duration percentile(double quantile) const;

 private:
  static std::size_t index_of(std::uint64_t value);
  static std::uint64_t lower_bound_of(std::size_t index);
  static std::uint64_t width_of(std::size_t index);

  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace scar::reports
