// A small SVG line-chart renderer for the HTML report: axes with units and "nice" ticks,
// linear or logarithmic scales, a legend, shaded and labelled bands (fault windows), and
// horizontal bars (the fault timeline). Output is plain SVG text: no scripts, no fonts to
// fetch, deterministic for the same input.
#pragma once

#include <string>
#include <vector>

namespace scar::reports {

enum class Unit { count, per_second, nanoseconds, ratio, seconds };

struct ChartSeries {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y); NaN y leaves a gap
  bool dashed = false;
};

struct ChartBand {
  double from = 0;
  double to = 0;
  std::string label;
};

struct Chart {
  std::string title;
  std::string x_label;
  Unit x_unit = Unit::seconds;
  bool x_log = false;
  bool x_is_percentile = false;  // x = 1/(1-q): ticks read "99%", "99.9%", ...
  std::string y_label;
  Unit y_unit = Unit::count;
  bool y_log = false;
  std::vector<ChartSeries> series;
  std::vector<ChartBand> bands;
  int width = 760;
  int height = 280;
};

std::string render_svg(const Chart& chart);

// One bar per row: (label, from, to), on a time axis from 0 to `x_max` seconds.
struct TimelineBar {
  std::string label;
  double from = 0;
  double to = 0;
};
std::string render_timeline_svg(const std::string& title, const std::vector<TimelineBar>& bars,
                                double x_max, int width = 760);

// "&amp;", "&lt;", ...: text safe inside SVG and HTML.
std::string escape_xml(const std::string& text);

// Formats a value in a unit for axes and labels: "3.5ms", "1.2k/s", "45%".
std::string format_value(double value, Unit unit);

}  // namespace scar::reports
