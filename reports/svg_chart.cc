#include "reports/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace scar::reports {
namespace {

constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                   "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
constexpr int margin_left = 70, margin_right = 150, margin_top = 30, margin_bottom = 42;

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
    const double t = hi > lo ? (a - lo) / (hi - lo) : 0.5;
    return pixels_from + t * (pixels_to - pixels_from);
  }
};

// Ticks at 1, 2, 5 x 10^k for linear axes; powers of ten for log axes.
std::vector<double> ticks(const Axis& axis) {
  std::vector<double> result;
  if (axis.log) {
    for (double tick = std::pow(10, std::floor(std::log10(axis.min))); tick <= axis.max * 1.0001;
         tick *= 10) {
      if (tick >= axis.min * 0.9999) result.push_back(tick);
    }
    return result;
  }
  const double span = axis.max - axis.min;
  if (span <= 0) return {axis.min};
  const double raw = span / 5;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (span / step <= 6) break;
  }
  for (double tick = std::ceil(axis.min / step) * step; tick <= axis.max + step * 1e-9;
       tick += step) {
    result.push_back(std::abs(tick) < step * 1e-9 ? 0 : tick);
  }
  return result;
}

std::string percentile_label(double x) {  // x = 1/(1-q)
  const double q = 100 * (1 - 1 / x);
  if (x <= 1) return "0%";
  return fmt::format("{:.{}f}%", q,
                     q < 99 ? 0 : static_cast<int>(std::lround(-std::log10(100 - q))));
}

void extend(double& lo, double& hi, double value) {
  if (std::isnan(value)) return;
  lo = std::min(lo, value);
  hi = std::max(hi, value);
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

std::string format_value(double value, Unit unit) {
  switch (unit) {
    case Unit::nanoseconds: {
      const double magnitude = std::abs(value);
      if (magnitude >= 1e9) return fmt::format("{:.3g}s", value / 1e9);
      if (magnitude >= 1e6) return fmt::format("{:.3g}ms", value / 1e6);
      if (magnitude >= 1e3) return fmt::format("{:.3g}us", value / 1e3);
      return fmt::format("{:.3g}ns", value);
    }
    case Unit::seconds:
      return fmt::format("{:.3g}s", value);
    case Unit::ratio:
      return fmt::format("{:.3g}%", 100 * value);
    case Unit::per_second:
      if (std::abs(value) >= 1e6) return fmt::format("{:.3g}M/s", value / 1e6);
      if (std::abs(value) >= 1e3) return fmt::format("{:.3g}k/s", value / 1e3);
      return fmt::format("{:.3g}/s", value);
    case Unit::count:
      if (std::abs(value) >= 1e6) return fmt::format("{:.3g}M", value / 1e6);
      if (std::abs(value) >= 1e3) return fmt::format("{:.3g}k", value / 1e3);
      return fmt::format("{:.3g}", value);
  }
  return fmt::format("{}", value);
}

namespace {

struct Frame {
  Axis x, y;
  bool empty = false;
  double plot_top = 0, plot_bottom = 0;
};

// Scales that hold every point and band; a log axis starts at a power of ten.
Frame frame_for(const Chart& chart) {
  double x_lo = std::numeric_limits<double>::infinity(), x_hi = -x_lo, y_lo = x_lo, y_hi = -x_lo;
  for (const ChartSeries& series : chart.series) {
    for (auto [x, y] : series.points) {
      if (chart.y_log && !(y > 0)) continue;
      extend(x_lo, x_hi, x);
      extend(y_lo, y_hi, y);
    }
  }
  for (const ChartBand& band : chart.bands) {
    extend(x_lo, x_hi, band.from);
    extend(x_lo, x_hi, band.to);
  }
  Frame frame;
  frame.empty = !(y_hi >= y_lo);
  if (frame.empty) x_lo = 0, x_hi = 1, y_lo = 0, y_hi = 1;
  if (!chart.y_log) y_lo = std::min(0.0, y_lo);
  if (y_hi <= y_lo) y_hi = y_lo + 1;
  if (x_hi <= x_lo) x_hi = x_lo + 1;
  frame.plot_top = margin_top;
  frame.plot_bottom = chart.height - margin_bottom;
  frame.x = {x_lo, x_hi, chart.x_log, double(margin_left), double(chart.width - margin_right)};
  frame.y = {y_lo, chart.y_log ? y_hi * 1.2 : y_hi * 1.05, chart.y_log, frame.plot_bottom,
             frame.plot_top};
  if (chart.y_log) frame.y.min = std::pow(10, std::floor(std::log10(y_lo)));
  if (chart.x_log) frame.x.min = std::max(frame.x.min, 1.0);
  return frame;
}

// Shaded bands; labels go on the first of three rows where they do not overlap an earlier
// one, and a band with no room keeps its label as a tooltip only.
void draw_bands(std::string& svg, const Chart& chart, const Frame& frame) {
  double row_end[3] = {-1e9, -1e9, -1e9};
  for (const ChartBand& band : chart.bands) {
    const double from = frame.x.map(band.from), to = std::max(frame.x.map(band.to), from + 2);
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#f4a582" fill-opacity="0.3"><title>{}</title></rect>)"
        "\n",
        from, frame.plot_top, to - from, frame.plot_bottom - frame.plot_top,
        escape_xml(band.label));
    const double label_width = 5.5 * static_cast<double>(band.label.size());
    if (from + 2 + label_width > chart.width - margin_right) continue;
    for (int row = 0; row < 3; ++row) {
      if (from + 2 < row_end[row]) continue;
      svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="10" fill="#b2182b">{}</text>)"
                         "\n",
                         from + 2, frame.plot_top + 10 + 11 * row, escape_xml(band.label));
      row_end[row] = from + 2 + label_width + 4;
      break;
    }
  }
}

void draw_axes(std::string& svg, const Chart& chart, const Frame& frame) {
  for (double tick : ticks(frame.y)) {
    const double py = frame.y.map(tick);
    svg += fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#e0e0e0"/>)"
                       "\n",
                       margin_left, py, chart.width - margin_right, py);
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{}</text>)"
                       "\n",
                       margin_left - 4, py + 4, escape_xml(format_value(tick, chart.y_unit)));
  }
  for (double tick : ticks(frame.x)) {
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
                     margin_left, margin_top, chart.width - margin_left - margin_right,
                     frame.plot_bottom - frame.plot_top);
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)"
                     "\n",
                     (margin_left + chart.width - margin_right) / 2, chart.height - 6,
                     escape_xml(chart.x_label));
  svg += fmt::format(
      R"svg(<text transform="translate(14,{}) rotate(-90)" text-anchor="middle">{}</text>)svg"
      "\n",
      (margin_top + chart.height - margin_bottom) / 2,
      escape_xml(chart.y_label + (chart.y_log ? " (log scale)" : "")));
  if (frame.empty) {
    svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" fill="#999">no data</text>)"
                       "\n",
                       (margin_left + chart.width - margin_right) / 2,
                       (margin_top + chart.height - margin_bottom) / 2);
  }
}

// Each series as a path (gaps where a value is missing), and its legend entry.
void draw_series(std::string& svg, const Chart& chart, const Frame& frame) {
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& series = chart.series[i];
    const char* color = palette[i % std::size(palette)];
    const char* dash = series.dashed ? R"( stroke-dasharray="4,3")" : "";
    std::string path;
    bool pen_down = false;
    for (auto [px, py] : series.points) {
      if (std::isnan(py) || (chart.y_log && !(py > 0))) {
        pen_down = false;
        continue;
      }
      path +=
          fmt::format("{}{:.1f},{:.1f} ", pen_down ? "L" : "M", frame.x.map(px), frame.y.map(py));
      pen_down = true;
    }
    if (!path.empty()) {
      svg += fmt::format(
          R"(<path d="{}" fill="none" stroke="{}" stroke-width="1.5"{}><title>{}</title></path>)"
          "\n",
          path, color, dash, escape_xml(series.name));
    }
    const int ly = margin_top + 14 * static_cast<int>(i) + 6;
    svg += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"{}/>)"
                       "\n",
                       chart.width - margin_right + 10, ly, chart.width - margin_right + 28, ly,
                       color, dash);
    svg += fmt::format(R"(<text x="{}" y="{}">{}</text>)"
                       "\n",
                       chart.width - margin_right + 32, ly + 4, escape_xml(series.name));
  }
}

}  // namespace

std::string render_svg(const Chart& chart) {
  const Frame frame = frame_for(chart);
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="11">)"
      "\n",
      chart.width, chart.height);
  svg += fmt::format(R"(<text x="{}" y="16" font-size="13" font-weight="bold">{}</text>)"
                     "\n",
                     margin_left, escape_xml(chart.title));
  draw_bands(svg, chart, frame);
  draw_axes(svg, chart, frame);
  draw_series(svg, chart, frame);
  svg += "</svg>\n";
  return svg;
}

std::string render_timeline_svg(const std::string& title, const std::vector<TimelineBar>& bars,
                                double x_max, int width) {
  const int row = 18;
  const int height =
      margin_top + row * std::max<int>(1, static_cast<int>(bars.size())) + margin_bottom;
  Axis x{0, std::max(x_max, 1e-9), false, double(margin_left + 80), double(width - 20)};
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="sans-serif" font-size="11">)"
      "\n",
      width, height);
  svg += fmt::format(R"(<text x="{}" y="16" font-size="13" font-weight="bold">{}</text>)"
                     "\n",
                     margin_left, escape_xml(title));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const TimelineBar& bar = bars[i];
    const double y = margin_top + row * static_cast<double>(i);
    const double from = x.map(bar.from), to = std::max(x.map(bar.to), from + 3);
    svg += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" fill="#d6604d"><title>{} {:.3g}s..{:.3g}s</title></rect>)"
        "\n",
        from, y + 2, to - from, row - 4, escape_xml(bar.label), bar.from, bar.to);
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{}</text>)"
                       "\n",
                       margin_left + 76, y + row - 5, escape_xml(bar.label));
  }
  const double axis_y = margin_top + row * std::max<double>(1, static_cast<double>(bars.size()));
  for (double tick : ticks(x)) {
    svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)"
                       "\n",
                       x.map(tick), axis_y + 16, escape_xml(format_value(tick, Unit::seconds)));
  }
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">simulated time</text>)"
                     "\n",
                     (margin_left + width) / 2, height - 6);
  svg += "</svg>\n";
  return svg;
}

}  // namespace scar::reports
