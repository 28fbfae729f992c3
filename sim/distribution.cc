#include "sim/distribution.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/assert.h"

namespace scar::sim {
namespace {

constexpr double z_99 = 2.3263478740408408;  // the standard normal's 99th percentile

double ns(Duration duration) { return static_cast<double>(duration.count()); }

std::string ns_text(double value) { return format_duration(sim::scaled(Duration{1}, value)); }

}  // namespace

Distribution Distribution::constant(Duration value) {
  Distribution d;
  d.kind_ = Kind::constant;
  d.first_ = ns(value);
  return d;
}

Distribution Distribution::uniform(Duration min, Duration max) {
  SCAR_ASSERT(min <= max);
  Distribution d;
  d.kind_ = Kind::uniform;
  d.first_ = ns(min);
  d.second_ = ns(max);
  return d;
}

Distribution Distribution::exponential(Duration mean) {
  Distribution d;
  d.kind_ = Kind::exponential;
  d.first_ = ns(mean);
  return d;
}

Distribution Distribution::normal(Duration mean, Duration stddev) {
  Distribution d;
  d.kind_ = Kind::normal;
  d.first_ = ns(mean);
  d.second_ = ns(stddev);
  return d;
}

Distribution Distribution::lognormal_median_p99(Duration median, Duration p99) {
  SCAR_ASSERT(median.count() > 0);
  SCAR_ASSERT(median <= p99);
  const double mu = std::log(ns(median));
  return lognormal(mu, (std::log(ns(p99)) - mu) / z_99);
}

Distribution Distribution::lognormal(double mu, double sigma) {
  Distribution d;
  d.kind_ = Kind::lognormal;
  d.first_ = mu;
  d.second_ = sigma;
  return d;
}

Distribution Distribution::pareto(Duration scale, double shape) {
  SCAR_ASSERT(shape > 0);
  Distribution d;
  d.kind_ = Kind::pareto;
  d.first_ = ns(scale);
  d.second_ = shape;
  return d;
}

Distribution Distribution::empirical(std::vector<Point> points) {
  SCAR_ASSERT(points.size() >= 2);
  SCAR_ASSERT(points.front().quantile == 0);
  SCAR_ASSERT(points.back().quantile == 1);
  for (std::size_t i = 1; i < points.size(); ++i) {
    SCAR_ASSERT(points[i - 1].quantile < points[i].quantile);
    SCAR_ASSERT(points[i - 1].value <= points[i].value);
  }
  Distribution d;
  d.kind_ = Kind::empirical;
  d.points_ = std::move(points);
  return d;
}

Duration Distribution::sample(Random& random) const {
  return sim::scaled(Duration{1}, draw_ns(random) * scale_);
}

double Distribution::draw_ns(Random& random) const {
  switch (kind_) {
    case Kind::constant:
      return first_;
    case Kind::uniform:
      return first_ + (second_ - first_) * random.next_unit();
    case Kind::exponential:
      return -first_ * std::log1p(-random.next_unit());
    case Kind::normal:
      return first_ + second_ * random.next_normal();
    case Kind::lognormal:
      return std::exp(first_ + second_ * random.next_normal());
    case Kind::pareto:
      return first_ / std::pow(1 - random.next_unit(), 1 / second_);
    case Kind::empirical: {
      const double u = random.next_unit();
      auto upper = std::upper_bound(points_.begin(), points_.end(), u,
                                    [](double q, const Point& p) { return q < p.quantile; });
      const Point& high = *upper;  // exists: the last point's quantile is 1 > u
      const Point& low = *(upper - 1);
      const double fraction = (u - low.quantile) / (high.quantile - low.quantile);
      return ns(low.value) + fraction * (ns(high.value) - ns(low.value));
    }
  }
  SCAR_ASSERT(false);
}

Distribution Distribution::scaled(double factor) const {
  SCAR_ASSERT(factor >= 0);
  Distribution d = *this;
  d.scale_ *= factor;
  return d;
}

std::string Distribution::describe() const {
  std::string text;
  switch (kind_) {
    case Kind::constant:
      text = ns_text(first_);
      break;
    case Kind::uniform:
      text = fmt::format("uniform({}..{})", ns_text(first_), ns_text(second_));
      break;
    case Kind::exponential:
      text = fmt::format("exponential(mean {})", ns_text(first_));
      break;
    case Kind::normal:
      text = fmt::format("normal(mean {}, stddev {})", ns_text(first_), ns_text(second_));
      break;
    case Kind::lognormal:
      text = fmt::format("lognormal(median {}, p99 {})", ns_text(std::exp(first_)),
                         ns_text(std::exp(first_ + z_99 * second_)));
      break;
    case Kind::pareto:
      text = fmt::format("pareto(scale {}, shape {})", ns_text(first_), second_);
      break;
    case Kind::empirical:
      text = "empirical(";
      for (const Point& point : points_) {
        text += fmt::format("{}p{}={}", &point == &points_.front() ? "" : ", ",
                            point.quantile * 100, ns_text(ns(point.value)));
      }
      text += ")";
      break;
  }
  if (scale_ != 1) text += fmt::format(" x{}", scale_);
  return text;
}

namespace {

// log1p(x)/x and expm1(x)/x, accurate near zero.
double helper1(double x) {
  return std::abs(x) > 1e-8 ? std::log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
}
double helper2(double x) {
  return std::abs(x) > 1e-8 ? std::expm1(x) / x
                            : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x));
}

}  // namespace

Zipf::Zipf(std::uint64_t count, double exponent) : count_(count), exponent_(exponent) {
  SCAR_ASSERT(count >= 1);
  SCAR_ASSERT(exponent > 0);
  h_integral_x1_ = h_integral(1.5) - 1;
  h_integral_count_ = h_integral(static_cast<double>(count) + 0.5);
  s_ = 2 - h_integral_inverse(h_integral(2.5) - h(2));
}

double Zipf::h(double x) const { return std::exp(-exponent_ * std::log(x)); }

double Zipf::h_integral(double x) const {
  const double log_x = std::log(x);
  return helper2((1 - exponent_) * log_x) * log_x;
}

double Zipf::h_integral_inverse(double x) const {
  double t = x * (1 - exponent_);
  if (t < -1) t = -1;
  return std::exp(helper1(t) * x);
}

std::uint64_t Zipf::sample(Random& random) const {
  while (true) {
    const double u = h_integral_count_ + random.next_unit() * (h_integral_x1_ - h_integral_count_);
    const double x = h_integral_inverse(u);
    double k = std::floor(x + 0.5);
    k = std::clamp(k, 1.0, static_cast<double>(count_));
    if (k - x <= s_ || u >= h_integral(k + 0.5) - h(k)) return static_cast<std::uint64_t>(k);
  }
}

}  // namespace scar::sim
