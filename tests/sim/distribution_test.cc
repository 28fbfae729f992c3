#include "sim/distribution.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace std::chrono_literals;
using scar::sim::Distribution;
using scar::sim::Duration;
using scar::sim::Random;

namespace {

constexpr int samples = 200'000;

std::vector<double> sample_ms(const Distribution& distribution, const char* stream = "dist") {
  Random random(11, stream);
  std::vector<double> values;
  values.reserve(samples);
  for (int i = 0; i < samples; ++i) values.push_back(distribution.sample(random).count() / 1e6);
  std::sort(values.begin(), values.end());
  return values;
}

double mean(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double stddev(const std::vector<double>& values) {
  const double m = mean(values);
  double sum = 0;
  for (double v : values) sum += (v - m) * (v - m);
  return std::sqrt(sum / static_cast<double>(values.size()));
}

double quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

}  // namespace

TEST_CASE("constant always gives its value", "[distribution]") {
  const auto values = sample_ms(Distribution::constant(3ms));
  CHECK(values.front() == 3.0);
  CHECK(values.back() == 3.0);
  CHECK(Distribution().is_zero());
  CHECK_FALSE(Distribution::constant(1ns).is_zero());
}

TEST_CASE("uniform stays within its bounds with the middle as mean", "[distribution]") {
  const auto values = sample_ms(Distribution::uniform(1ms, 3ms));
  CHECK(values.front() >= 1.0);
  CHECK(values.back() <= 3.0);
  CHECK(mean(values) == Approx(2.0).epsilon(0.01));
  CHECK(quantile(values, 0.25) == Approx(1.5).epsilon(0.02));
}

TEST_CASE("exponential has its mean and a median of mean times ln 2", "[distribution]") {
  const auto values = sample_ms(Distribution::exponential(1ms));
  CHECK(mean(values) == Approx(1.0).epsilon(0.02));
  CHECK(quantile(values, 0.5) == Approx(std::log(2.0)).epsilon(0.02));
  CHECK(quantile(values, 0.99) == Approx(std::log(100.0)).epsilon(0.03));
}

TEST_CASE("normal has its mean and standard deviation", "[distribution]") {
  const auto values = sample_ms(Distribution::normal(10ms, 2ms));
  CHECK(mean(values) == Approx(10.0).epsilon(0.01));
  CHECK(stddev(values) == Approx(2.0).epsilon(0.02));
}

TEST_CASE("normal is clamped at zero", "[distribution]") {
  const auto values = sample_ms(Distribution::normal(1ms, 2ms));
  CHECK(values.front() == 0.0);
}

TEST_CASE("lognormal from median and p99 has that median and p99", "[distribution]") {
  const auto values = sample_ms(Distribution::lognormal_median_p99(1ms, 10ms));
  CHECK(quantile(values, 0.5) == Approx(1.0).epsilon(0.03));
  CHECK(quantile(values, 0.99) == Approx(10.0).epsilon(0.05));
}

TEST_CASE("pareto has its scale as minimum and the right tail", "[distribution]") {
  const auto values = sample_ms(Distribution::pareto(1ms, 3.0));
  CHECK(values.front() >= 1.0);
  // P(X > 2 scale) = 2^-shape = 0.125; the median is scale * 2^(1/shape).
  const auto above = std::count_if(values.begin(), values.end(), [](double v) { return v > 2.0; });
  CHECK(static_cast<double>(above) / samples == Approx(0.125).epsilon(0.03));
  CHECK(quantile(values, 0.5) == Approx(std::pow(2.0, 1.0 / 3)).epsilon(0.02));
}

TEST_CASE("empirical passes through its given percentiles", "[distribution]") {
  const auto values = sample_ms(
      Distribution::empirical({{0, 0ms}, {0.5, 1ms}, {0.9, 5ms}, {0.99, 8ms}, {1, 10ms}}));
  CHECK(values.front() >= 0.0);
  CHECK(values.back() <= 10.0);
  CHECK(quantile(values, 0.5) == Approx(1.0).epsilon(0.03));
  CHECK(quantile(values, 0.9) == Approx(5.0).epsilon(0.03));
  CHECK(quantile(values, 0.99) == Approx(8.0).epsilon(0.03));
  CHECK(quantile(values, 0.7) == Approx(3.0).epsilon(0.03));  // linear between p50 and p90
}

TEST_CASE("scaled multiplies every sample", "[distribution]") {
  Random a(1, "s");
  Random b(1, "s");
  const Distribution base = Distribution::exponential(1ms);
  const Distribution doubled = base.scaled(2);
  for (int i = 0; i < 100; ++i) {
    const auto x = base.sample(a).count();
    const auto y = doubled.sample(b).count();
    CHECK(std::llabs(y - 2 * x) <= 1);
  }
}

TEST_CASE("zipf frequencies follow 1/k^s", "[distribution]") {
  const std::uint64_t count = 1000;
  const double exponent = 0.99;
  const scar::sim::Zipf zipf(count, exponent);
  Random random(5, "zipf");
  std::vector<int> hits(count + 1);
  for (int i = 0; i < samples; ++i) {
    const auto rank = zipf.sample(random);
    REQUIRE(rank >= 1);
    REQUIRE(rank <= count);
    ++hits[rank];
  }
  double normaliser = 0;
  for (std::uint64_t k = 1; k <= count; ++k)
    normaliser += std::pow(static_cast<double>(k), -exponent);
  for (std::uint64_t k = 1; k <= 5; ++k) {
    const double expected = std::pow(static_cast<double>(k), -exponent) / normaliser;
    CHECK(hits[k] / static_cast<double>(samples) == Approx(expected).epsilon(0.04));
  }
}

TEST_CASE("describe names the shape in words", "[distribution]") {
  CHECK(Distribution::constant(3ms).describe() == "3ms");
  CHECK(Distribution::exponential(1ms).describe() == "exponential(mean 1ms)");
  CHECK(Distribution::lognormal_median_p99(500us, 5ms).describe() ==
        "lognormal(median 500us, p99 5ms)");
}
