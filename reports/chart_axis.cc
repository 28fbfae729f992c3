#include "reports/chart_axis.h"

namespace scar::reports {
namespace {
constexpr int ticks_max = 12;
constexpr double log_floor = 1e-12;  // the smallest value a log axis shows
constexpr double log_decades_max = 15;
}  // namespace

Axis make_axis(double lo, double hi, bool log, double pixels_from, double pixels_to) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi < lo || !std::isfinite(hi - lo)) {
    lo = log ? 1 : 0;
    hi = log ? 10 : 1;
  }
  if (log) {
    hi = std::max(hi, log_floor);
    lo = std::clamp(lo, hi / std::pow(10, log_decades_max), hi);
    lo = std::max(std::pow(10, std::floor(std::log10(std::max(lo, log_floor)))), log_floor);
    if (hi <= lo * 1.0001) hi = lo * 10;
  } else if (hi - lo <= std::abs(hi) * 1e-12) {
    const double pad = lo == 0 ? 1 : std::abs(lo) / 2;
    lo -= pad;
    hi += pad;
  }
  return {lo, hi, log, pixels_from, pixels_to};
}

std::vector<double> ticks(const Axis& axis) {
  std::vector<double> result;
  if (axis.log) {
    const int first = static_cast<int>(std::ceil(std::log10(axis.min) - 1e-9));
    const int last = static_cast<int>(std::floor(std::log10(axis.max) + 1e-9));
    const int stride = 1 + (last - first) / ticks_max;
    for (int exponent = first; exponent <= last; exponent += stride) {
      result.push_back(std::pow(10, exponent));
    }
    return result;
  }
  const double span = axis.max - axis.min;
  const double magnitude = std::pow(10, std::floor(std::log10(span / 5)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (span / step <= 8) break;
  }
  const double first = std::ceil(axis.min / step - 1e-9);
  const double last = std::floor(axis.max / step + 1e-9);
  for (double k = first; k <= last && result.size() < ticks_max; ++k) {
    result.push_back(k == 0 ? 0 : k * step);
  }
  return result;
}

}  // namespace scar::reports
