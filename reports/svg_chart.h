// A small SVG line-chart renderer for the HTML report: axes with units and "nice" ticks,
// linear or logarithmic scales, a legend, shaded bands (fault windows, the drain) with a
// colour key, and horizontal bars (the fault timeline). Output is plain SVG text: no
// scripts, no fonts to fetch, deterministic for the same input.
//
// Any data renders, in bounded size: no points, one point, all-equal values, NaN or
// infinite values, zeros and negatives on a log scale. Values that cannot be placed are
// left out (NaN y leaves a gap in a line); a chart with nothing to draw says
// `Chart::empty_text` in the middle of its frame. An axis has at most a dozen or so ticks.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace scar::reports {

enum class Unit { count, per_second, nanoseconds, ratio, seconds };

struct ChartSeries {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y); NaN y leaves a gap
  bool dashed = false;
  std::string color;  // a CSS colour; empty: the palette colour of the series' index
};

// A shaded span of x. The label shows as a tooltip, and above the plot when every band's
// label fits there in one row; otherwise the tags show, where they fit on two rows.
struct ChartBand {
  double from = 0;
  double to = 0;
  std::string label;
  std::string color = "#f4a582";
  std::string tag;  // a short name for crowded charts ("#3"); empty: the label
};

// An instant worth seeing on a time axis (a feature flag change): a dashed vertical line
// with its label inside the top of the plot (labels take turns on three rows) and as a
// tooltip.
struct ChartMarker {
  double at = 0;
  std::string label;
  std::string color = "#6a3d9a";
};

// A legend entry for band colours ("gc_pause", "drain").
struct ChartKey {
  std::string name;
  std::string color;
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
  std::vector<ChartKey> band_key;
  std::vector<ChartMarker> markers;
  std::string empty_text = "no data";  // shown when no series has a value to draw
  int width = 760;
  int height = 280;
};

std::string render_svg(const Chart& chart);

// Bars on a time axis from 0 to `x_max` seconds, one row per label: bars with the same
// label share a row (a server's roles one after another), in order of first appearance.
struct TimelineBar {
  std::string label;
  double from = 0;
  double to = 0;
  std::string color = "#d6604d";
  std::string detail;  // added to the bar's tooltip ("holder")
};
// What each colour means, drawn under the title; empty: no key.
struct TimelineKey {
  std::string label;
  std::string color;
};
std::string render_timeline_svg(const std::string& title, const std::vector<TimelineBar>& bars,
                                double x_max, int width = 760,
                                const std::vector<TimelineKey>& key = {});

// "&amp;", "&lt;", ...: text safe inside SVG and HTML.
std::string escape_xml(const std::string& text);

// Formats a value in a unit for axes and labels: "3.5ms", "1.2k/s", "45%"; "-" for NaN.
std::string format_value(double value, Unit unit);

}  // namespace scar::reports
