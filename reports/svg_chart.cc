#include "reports/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <utility>

#include "reports/chart_axis.h"

namespace scar::reports {
namespace {

constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                   "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
constexpr int margin_left = 70, margin_right = 160, margin_top = 48, margin_bottom = 42;
constexpr int legend_row = 14;

std::string percentile_label(double x) {  // x = 1/(1-q)
  if (x <= 1) return "0%";
  const double q = 100 * (1 - 1 / x);
  return fmt::format("{:.{}f}%", q,
                     q < 99 ? 0 : std::min(6, static_cast<int>(std::lround(-std::log10(100 - q)))));
}

}  // namespace

std::string escape_xml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// Three significant digits, no exponent below a million: 1234 -> "1.23k" with its prefix.
std::string scaled(double value, std::initializer_list<std::pair<double, const char*>> prefixes,
                   const char* unit) {
  const double magnitude = std::abs(value);
  const double rounded =
      magnitude == 0
          ? 0
          : magnitude -
                std::remainder(magnitude, std::pow(10, std::floor(std::log10(magnitude)) - 2));
  for (auto [factor, prefix] : prefixes) {
    if (rounded >= factor * 0.9999) return fmt::format("{:.3g}{}{}", value / factor, prefix, unit);
  }
  return fmt::format("{:.3g}{}", value, unit);
}

}  // namespace

std::string format_value(double value, Unit unit) {
  if (!std::isfinite(value)) return "-";
  switch (unit) {
    case Unit::nanoseconds:
      return scaled(value / 1e9, {{1, ""}, {1e-3, "m"}, {1e-6, "u"}, {1e-9, "n"}}, "s");
    case Unit::seconds:
      return scaled(value, {{1, ""}, {1e-3, "m"}, {1e-6, "u"}}, "s");
    case Unit::ratio:
      return fmt::format("{:.3g}%", 100 * value);
    case Unit::per_second:
      return scaled(value, {{1e6, "M"}, {1e3, "k"}}, "/s");
    case Unit::count:
      return scaled(value, {{1e6, "M"}, {1e3, "k"}}, "");
  }
  return fmt::format("{}", value);
}

namespace {

// Where a chart's plot goes and the scales of its axes.
struct Frame {
  Axis x, y;
  bool empty = false;    // no point to draw: no y ticks
  bool x_known = false;  // some point or band has an x: x ticks
  double plot_left = 0, plot_right = 0, plot_top = 0, plot_bottom = 0;
};

bool drawable(const Chart& chart, double x, double y) {
  return std::isfinite(x) && std::isfinite(y) && (!chart.x_log || x > 0) && (!chart.y_log || y > 0);
}

// Scales that hold every drawable point; the x scale also holds the x of points without a
// value (a time axis stays a time axis when nothing succeeded), every band, and on a linear
// scale 0.
Frame frame_for(const Chart& chart) {
  constexpr double infinity = std::numeric_limits<double>::infinity();
  double x_lo = infinity, x_hi = -infinity, y_lo = infinity, y_hi = -infinity;
  for (const ChartSeries& series : chart.series) {
    for (auto [x, y] : series.points) {
      if (std::isfinite(x) && (!chart.x_log || x > 0))
        x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
      if (!drawable(chart, x, y)) continue;
      y_lo = std::min(y_lo, y);
      y_hi = std::max(y_hi, y);
    }
  }
  if (!chart.x_log) {
    for (const ChartBand& band : chart.bands) {
      if (!std::isfinite(band.from) || !std::isfinite(band.to)) continue;
      x_lo = std::min(x_lo, band.from);
      x_hi = std::max(x_hi, band.to);
    }
  }
  Frame frame;
  frame.empty = !(y_lo <= y_hi);
  frame.plot_left = margin_left;
  frame.plot_right = chart.width - margin_right;
  frame.plot_top = margin_top;
  frame.plot_bottom = chart.height - margin_bottom;
  frame.x_known = x_lo <= x_hi;
  if (frame.empty) y_lo = y_hi = chart.y_log ? 1 : 0;
  if (chart.y_log) {
    y_hi *= 1.2;
  } else {
    y_lo = std::min(0.0, y_lo);
    y_hi = std::max(0.0, y_hi);
    y_hi += (y_hi - y_lo) * 0.05;
  }
  if (chart.x_log) x_lo = std::max(x_lo, 1.0);
  if (!chart.x_log && frame.x_known) x_lo = std::min(x_lo, 0.0);  // time runs from 0
  frame.x = make_axis(x_lo, x_hi, chart.x_log, frame.plot_left, frame.plot_right);
  frame.y = make_axis(y_lo, y_hi, chart.y_log, frame.plot_bottom, frame.plot_top);
  return frame;
}

constexpr int label_rows = 2, label_row_height = 11;
constexpr double label_char_width = 5.6;  // font-size 10, sans-serif, on average

// The row of each label above the plot, -1 for none: greedily, each on the first row where
// it clears the label before it.
std::vector<int> label_rows_of(const std::vector<double>& starts,
                               const std::vector<std::string>& labels, int rows, double right) {
  std::vector<double> row_end(static_cast<std::size_t>(rows), -1e9);
  std::vector<int> result;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const double end = starts[i] + label_char_width * static_cast<double>(labels[i].size());
    int chosen = -1;
    for (int row = 0; row < rows && !labels[i].empty() && end <= right; ++row) {
      if (starts[i] < row_end[static_cast<std::size_t>(row)]) continue;
      row_end[static_cast<std::size_t>(row)] = end + 5;
      chosen = row;
      break;
    }
    result.push_back(chosen);
  }
  return result;
}

// Shaded bands, clipped to the plot, each with its label as a tooltip. Above the plot: the
// labels when they all fit in one row, else the tags on up to label_rows rows where they
// fit.
void draw_bands(std::string& svg, const Chart& chart, const Frame& frame) {
  std::vector<double> starts;
  std::vector<std::string> labels, tags;
  for (const ChartBand& band : chart.bands) {
    if (!std::isfinite(band.from) || !std::isfinite(band.to)) continue;
    const double from = std::clamp(frame.x.map(band.from), frame.plot_left, frame.plot_right);
    const double to = std::clamp(frame.x.map(band.to), from, frame.plot_right);
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" fill-opacity="0.35"><title>{}</title></rect>)"
        "\n",
        from, frame.plot_top, std::max(to - from, 1.5), frame.plot_bottom - frame.plot_top,
        escape_xml(band.color), escape_xml(band.label));
    starts.push_back(from);
    labels.push_back(band.label);
    tags.push_back(band.tag.empty() ? band.label : band.tag);
  }
  const double right = chart.width - 4;
  std::vector<int> rows = label_rows_of(starts, labels, 1, right);
  if (std::find(rows.begin(), rows.end(), -1) != rows.end()) {
    labels = tags;
    rows = label_rows_of(starts, labels, label_rows, right);
  }
  for (std::size_t i = 0; i < starts.size(); ++i) {
    if (rows[i] < 0) continue;
    svg +=
        fmt::format(R"(<text x="{:.1f}" y="{}" font-size="10" fill="#555">{}</text>)"
                    "\n",
                    starts[i], margin_top - 4 - label_row_height * rows[i], escape_xml(labels[i]));
  }
}

void draw_markers(std::string& svg, const Chart& chart, const Frame& frame) {
  constexpr int marker_label_rows = 3;
  int row = 0;
  for (const ChartMarker& marker : chart.markers) {
    if (!std::isfinite(marker.at) || !frame.x_known) continue;
    const double x = frame.x.map(marker.at);
    if (x < frame.plot_left || x > frame.plot_right) continue;
    svg += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="{3}" )"
                       R"(stroke-width="1.5" stroke-dasharray="4 3"><title>{4}</title></line>)"
                       "\n",
                       x, frame.plot_top, frame.plot_bottom, escape_xml(marker.color),
                       escape_xml(marker.label));
    svg += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="10" fill="{}">{}</text>)"
                       "\n",
                       x + 3, frame.plot_top + 10 + label_row_height * row,
                       escape_xml(marker.color), escape_xml(marker.label));
    row = (row + 1) % marker_label_rows;
  }
}

void draw_axes(std::string& svg, const Chart& chart, const Frame& frame) {
  for (double tick : frame.empty ? std::vector<double>{} : ticks(frame.y)) {
    const double py = frame.y.map(tick);
    svg += fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#e0e0e0"/>)"
                       "\n",
                       frame.plot_left, py, frame.plot_right, py);
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{}</text>)"
                       "\n",
                       frame.plot_left - 4, py + 4, escape_xml(format_value(tick, chart.y_unit)));
  }
  for (double tick : frame.x_known ? ticks(frame.x) : std::vector<double>{}) {
    const double px = frame.x.map(tick);
    const std::string label =
        chart.x_is_percentile ? percentile_label(tick) : format_value(tick, chart.x_unit);
    svg += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#999"/>)"
                       "\n",
                       px, frame.plot_bottom, px, frame.plot_bottom + 4);
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)"
                       "\n",
                       px, frame.plot_bottom + 16, escape_xml(label));
  }
  svg += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#999"/>)"
                     "\n",
                     frame.plot_left, frame.plot_top, frame.plot_right - frame.plot_left,
                     frame.plot_bottom - frame.plot_top);
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)"
                     "\n",
                     (frame.plot_left + frame.plot_right) / 2, chart.height - 6,
                     escape_xml(chart.x_label));
  svg += fmt::format(
      R"svg(<text transform="translate(14,{}) rotate(-90)" text-anchor="middle">{}</text>)svg"
      "\n",
      (frame.plot_top + frame.plot_bottom) / 2,
      escape_xml(chart.y_label + (chart.y_log ? " (log scale)" : "")));
  if (frame.empty) {
    svg += fmt::format(
        R"(<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="#777">{}</text>)"
        "\n",
        (frame.plot_left + frame.plot_right) / 2, (frame.plot_top + frame.plot_bottom) / 2,
        escape_xml(chart.empty_text));
  }
}

std::string color_of(const ChartSeries& series, std::size_t index) {
  return series.color.empty() ? palette[index % std::size(palette)] : series.color;
}

// Each series as a path, with a gap wherever a value is missing.
void draw_series(std::string& svg, const Chart& chart, const Frame& frame) {
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& series = chart.series[i];
    std::string path;
    bool pen_down = false;
    for (auto [x, y] : series.points) {
      if (!drawable(chart, x, y)) {
        pen_down = false;
        continue;
      }
      path += fmt::format("{}{:.1f},{:.1f} ", pen_down ? "L" : "M", frame.x.map(x), frame.y.map(y));
      pen_down = true;
    }
    if (path.empty()) continue;
    svg += fmt::format(
        R"(<path d="{}" fill="none" stroke="{}" stroke-width="1.5"{}><title>{}</title></path>)"
        "\n",
        path, escape_xml(color_of(series, i)), series.dashed ? R"( stroke-dasharray="4,3")" : "",
        escape_xml(series.name));
  }
}

// The legend in the right margin: the series (none on an empty chart; "(none)" after one
// with nothing to draw), then the band colours; entries that do not fit are counted in a
// last line.
void draw_legend(std::string& svg, const Chart& chart, const Frame& frame) {
  const std::size_t series_shown = frame.empty ? 0 : chart.series.size();
  const std::size_t rows = series_shown + chart.band_key.size();
  const std::size_t room =
      static_cast<std::size_t>(std::max(1, (chart.height - margin_top) / legend_row - 1));
  const int x = chart.width - margin_right + 10;
  for (std::size_t row = 0; row < std::min(rows, room); ++row) {
    const int y = margin_top + legend_row * static_cast<int>(row) + 6;
    std::string name, swatch;
    if (row < series_shown) {
      const ChartSeries& series = chart.series[row];
      const bool drawn = std::any_of(series.points.begin(), series.points.end(), [&](auto point) {
        return drawable(chart, point.first, point.second);
      });
      name = series.name + (drawn ? "" : " (none)");
      swatch = fmt::format(
          R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"{}/>)", x, y, x + 18,
          y, escape_xml(color_of(series, row)), series.dashed ? R"( stroke-dasharray="4,3")" : "");
    } else {
      const ChartKey& key = chart.band_key[row - series_shown];
      name = key.name;
      swatch =
          fmt::format(R"(<rect x="{}" y="{}" width="18" height="9" fill="{}" fill-opacity="0.5"/>)",
                      x, y - 5, escape_xml(key.color));
    }
    svg += swatch + fmt::format(R"(<text x="{}" y="{}">{}</text>)"
                                "\n",
                                x + 22, y + 4, escape_xml(name));
  }
  if (rows > room) {
    svg += fmt::format(R"(<text x="{}" y="{}" fill="#777">and {} more</text>)"
                       "\n",
                       x, margin_top + legend_row * static_cast<int>(room) + 10, rows - room);
  }
}

std::string svg_open(int width, int height) {
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="11">)"
      "\n",
      width, height);
}

std::string svg_title(const std::string& title) {
  return fmt::format(R"(<text x="{}" y="16" font-size="13" font-weight="bold">{}</text>)"
                     "\n",
                     margin_left, escape_xml(title));
}

}  // namespace

std::string render_svg(const Chart& chart) {
  const Frame frame = frame_for(chart);
  std::string svg = svg_open(chart.width, chart.height) + svg_title(chart.title);
  draw_bands(svg, chart, frame);
  draw_axes(svg, chart, frame);
  draw_series(svg, chart, frame);
  draw_markers(svg, chart, frame);
  draw_legend(svg, chart, frame);
  return svg + "</svg>\n";
}

std::string render_timeline_svg(const std::string& title, const std::vector<TimelineBar>& bars,
                                double x_max, int width, const std::vector<TimelineKey>& key) {
  constexpr int row = 18, label_width = 150;
  std::vector<std::string> labels;  // one per row, in order of first appearance
  for (const TimelineBar& bar : bars)
    if (std::find(labels.begin(), labels.end(), bar.label) == labels.end())
      labels.push_back(bar.label);
  const int rows = std::max(1, static_cast<int>(labels.size()));
  const int key_height = key.empty() ? 0 : row;
  const int top = margin_top + key_height;
  const int height = top + row * rows + margin_bottom;
  const Axis x = make_axis(0, x_max, false, label_width + 10, width - 20);
  std::string svg = svg_open(width, height) + svg_title(title);
  double key_x = label_width + 10;
  for (const TimelineKey& entry : key) {
    svg += fmt::format(R"(<rect x="{:.1f}" y="{}" width="12" height="10" fill="{}"/>)"
                       R"(<text x="{:.1f}" y="{}">{}</text>)"
                       "\n",
                       key_x, margin_top - 2, escape_xml(entry.color), key_x + 16, margin_top + 7,
                       escape_xml(entry.label));
    key_x += 30 + 7.0 * static_cast<double>(entry.label.size());
  }
  for (std::size_t i = 0; i < labels.size(); ++i)
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{}</text>)"
                       "\n",
                       label_width + 4, top + row * static_cast<double>(i) + row - 5,
                       escape_xml(labels[i]));
  for (const TimelineBar& bar : bars) {
    const auto lane = std::find(labels.begin(), labels.end(), bar.label) - labels.begin();
    const double y = top + row * static_cast<double>(lane);
    const double from = x.map(bar.from), to = std::max(x.map(bar.to), from + 3);
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" fill="{}"><title>{}{}{} {}..{}</title></rect>)"
        "\n",
        from, y + 2, to - from, row - 4, escape_xml(bar.color), escape_xml(bar.label),
        bar.detail.empty() ? "" : " ", escape_xml(bar.detail),
        escape_xml(format_value(bar.from, Unit::seconds)),
        escape_xml(format_value(bar.to, Unit::seconds)));
  }
  const double axis_y = top + row * rows;
  for (double tick : ticks(x)) {
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)"
                       "\n",
                       x.map(tick), axis_y + 16, escape_xml(format_value(tick, Unit::seconds)));
  }
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">simulated time</text>)"
                     "\n",
                     (label_width + width) / 2, height - 6);
  return svg + "</svg>\n";
}

}  // namespace scar::reports
