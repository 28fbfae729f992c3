// Distributions of durations, written here rather than taken from <random>: the standard
// library's distributions are allowed to differ between implementations, and a replay
// must not depend on which one a machine has.
//
// A `Distribution` is a small immutable value; `sample` draws from the given stream and
// returns whole nanoseconds, never negative (normal is clamped at 0).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/random.h"
#include "sim/time.h"

namespace scar::sim {

class Distribution {
 public:
  // A point of an empirical distribution: `quantile` in [0, 1] has value `value`.
  struct Point {
    double quantile;
    Duration value;
  };

  Distribution() = default;  // constant zero

  static Distribution constant(Duration value);
  // REQUIRES: min <= max.
  static Distribution uniform(Duration min, Duration max);
  static Distribution exponential(Duration mean);
  static Distribution normal(Duration mean, Duration stddev);
  // Log-normal fixed by its median and 99th percentile. REQUIRES: 0 < median <= p99.
  static Distribution lognormal_median_p99(Duration median, Duration p99);
  // Log-normal with parameters of the underlying normal, in log-nanoseconds.
  static Distribution lognormal(double mu, double sigma);
  // Pareto (type I): P(X > x) = (scale / x)^shape for x >= scale. REQUIRES: shape > 0.
  static Distribution pareto(Duration scale, double shape);
  // Piecewise linear between points sorted by quantile, from quantile 0 to quantile 1.
  // REQUIRES: at least two points, first at quantile 0, last at 1, values non-decreasing.
  static Distribution empirical(std::vector<Point> points);

  Duration sample(Random& random) const;

  // True when every sample is zero: lets hot paths skip drawing entirely.
  bool is_zero() const { return kind_ == Kind::constant && first_ == 0; }

  // The same shape with every sample multiplied by `factor` (slow node, slow disk).
  Distribution scaled(double factor) const;

  // "lognormal(median 500us, p99 5ms)": for messages and `scar check`.
  std::string describe() const;

 private:
  enum class Kind : std::uint8_t {
    constant,
    uniform,
    exponential,
    normal,
    lognormal,
    pareto,
    empirical
  };

  double draw_ns(Random& random) const;

  Kind kind_ = Kind::constant;
  double first_ = 0;   // constant value, uniform min, means, mu, pareto scale (ns or log-ns)
  double second_ = 0;  // uniform max, stddev, sigma, pareto shape
  double scale_ = 1;   // multiplier applied to each sample
  std::vector<Point> points_;
};

// Zipf over ranks 1..count: P(k) proportional to 1 / k^exponent. Sampled in constant
// expected time by rejection-inversion (Hoermann and Derflinger, 1996), so a million keys
// cost no table. Rank 1 is the most popular.
class Zipf {
 public:
  // REQUIRES: count >= 1, exponent > 0.
  Zipf(std::uint64_t count, double exponent);

  std::uint64_t sample(Random& random) const;  // in [1, count]

 private:
  double h(double x) const;
  double h_integral(double x) const;
  double h_integral_inverse(double x) const;

  std::uint64_t count_;
  double exponent_;
  double h_integral_x1_;
  double h_integral_count_;
  double s_;
};

}  // namespace scar::sim
