// The axes of scar's SVG charts: a scale from data to pixels, linear or logarithmic, and
// its ticks. Safe for any data: empty, one point, all equal, NaN, zero on a log scale all
// give a finite, non-empty range and a bounded number of ticks.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace scar::reports {

// A scale from data to pixels. Built by make_axis, so that min < max, both finite,
// and min > 0 on a log scale.
struct Axis {
  double min = 0, max = 1;
  bool log = false;
  double pixels_from = 0, pixels_to = 1;

  double map(double value) const {
    double a = value, lo = min, hi = max;
    if (log) {
      a = std::log10(std::max(value, min));
      lo = std::log10(min);
      hi = std::log10(max);
    }
    const double t = std::clamp((a - lo) / (hi - lo), -0.05, 1.05);
    return pixels_from + t * (pixels_to - pixels_from);
  }
};

// An axis holding [lo, hi]: a log axis from the power of ten at or below lo, at most 15
// decades; a linear one widened when lo == hi. Unusable bounds (NaN, infinite, reversed,
// not positive on a log axis) give a unit range.
Axis make_axis(double lo, double hi, bool log, double pixels_from, double pixels_to);

// Ticks at 1, 2, 5 x 10^k for linear axes; powers of ten for log axes (every second or
// third power on a wide range). At most 12.
std::vector<double> ticks(const Axis& axis);

}  // namespace scar::reports
