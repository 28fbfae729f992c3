#include "reports/latency_histogram.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "sim/distribution.h"

using namespace std::chrono_literals;
using scar::reports::LatencyHistogram;
using scar::sim::Duration;

namespace {

constexpr double quantiles[] = {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1.0};

// The exact nearest-rank percentile of sorted values.
std::int64_t exact(const std::vector<std::int64_t>& sorted, double quantile) {
  const auto rank = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(quantile * static_cast<double>(sorted.size()) - 1e-9)));
  return sorted[rank - 1];
}

// Every reported percentile is within the stated relative error of the exact one.
template <class Histogram = LatencyHistogram>
void check_against_exact(std::vector<std::int64_t> values) {
  Histogram histogram;
  for (auto value : values) histogram.record(Duration{value});
  std::sort(values.begin(), values.end());
  for (double q : quantiles) {
    const double truth = static_cast<double>(exact(values, q));
    const double reported = static_cast<double>(histogram.percentile(q).count());
    INFO("quantile " << q << " exact " << truth << " reported " << reported);
    CHECK(std::abs(reported - truth) <= truth * Histogram::relative_error + 0.5);
  }
  CHECK(histogram.count() == values.size());
  CHECK(histogram.min().count() == values.front());
  CHECK(histogram.max().count() == values.back());
}

std::vector<std::int64_t> draw(const scar::sim::Distribution& distribution, int count) {
  scar::sim::Random random(3, "histogram");
  std::vector<std::int64_t> values;
  for (int i = 0; i < count; ++i) values.push_back(distribution.sample(random).count());
  return values;
}

}  // namespace

TEST_CASE("the stated error bound is better than three significant digits", "[histogram]") {
  CHECK(LatencyHistogram::relative_error < 0.001);
}

TEST_CASE("percentiles of exponential latencies are within the error bound", "[histogram]") {
  check_against_exact(draw(scar::sim::Distribution::exponential(1ms), 100'000));
}

TEST_CASE("percentiles of a wide lognormal are within the error bound", "[histogram]") {
  check_against_exact(draw(scar::sim::Distribution::lognormal_median_p99(100us, 2s), 100'000));
}

TEST_CASE("the window histogram keeps its coarser stated bound", "[histogram]") {
  CHECK(scar::reports::WindowHistogram::relative_error < 0.01);
  check_against_exact<scar::reports::WindowHistogram>(
      draw(scar::sim::Distribution::lognormal_median_p99(100us, 2s), 50'000));
}

TEST_CASE("all-equal values report that value at every percentile", "[histogram]") {
  check_against_exact(std::vector<std::int64_t>(1000, 123'456'789));
  LatencyHistogram histogram;
  for (int i = 0; i < 1000; ++i) histogram.record(7ms);
  for (double q : quantiles) CHECK(histogram.percentile(q) == 7ms);
}

TEST_CASE("two far-apart modes keep both, with the boundary in the right place", "[histogram]") {
  std::vector<std::int64_t> values(9000, 1'000);      // 1 us
  values.insert(values.end(), 1000, 10'000'000'000);  // 10 s
  check_against_exact(values);
  LatencyHistogram histogram;
  for (auto value : values) histogram.record(Duration{value});
  CHECK(histogram.percentile(0.9) == 1us);
  CHECK(histogram.percentile(0.9001) >= Duration{9'990'000'000});
}

TEST_CASE("a single huge outlier shows at max and the top percentile only", "[histogram]") {
  // The classic check: 10,000 requests of 1 ms, then one 100 s stall.
  std::vector<std::int64_t> values(10'000, 1'000'000);
  values.push_back(100'000'000'000);
  check_against_exact(values);
  LatencyHistogram histogram;
  for (auto value : values) histogram.record(Duration{value});
  CHECK(histogram.max() == 100s);
  CHECK(histogram.percentile(0.9999).count() ==
        Approx(1e6).epsilon(LatencyHistogram::relative_error));
  CHECK(histogram.percentile(1.0) == 100s);
}

TEST_CASE("small values are exact", "[histogram]") {
  std::vector<std::int64_t> values;
  for (int i = 0; i < 2048; ++i) values.push_back(i);
  LatencyHistogram histogram;
  for (auto value : values) histogram.record(Duration{value});
  CHECK(histogram.percentile(0.5).count() == exact(values, 0.5));
  CHECK(histogram.percentile(0.25).count() == exact(values, 0.25));
}

TEST_CASE("merged histograms equal one histogram of all the values", "[histogram]") {
  const auto values = draw(scar::sim::Distribution::exponential(5ms), 20'000);
  LatencyHistogram whole, first, second;
  for (std::size_t i = 0; i < values.size(); ++i) {
    whole.record(Duration{values[i]});
    (i % 3 == 0 ? first : second).record(Duration{values[i]});
  }
  first.merge(second);
  CHECK(first.count() == whole.count());
  CHECK(first.min() == whole.min());
  CHECK(first.max() == whole.max());
  for (double q : quantiles) CHECK(first.percentile(q) == whole.percentile(q));
}

TEST_CASE("an empty histogram reports zeros", "[histogram]") {
  LatencyHistogram histogram;
  CHECK(histogram.count() == 0);
  CHECK(histogram.percentile(0.99) == 0ns);
  CHECK(histogram.max() == 0ns);
}
