// Charts render any data, in bounded size and as well-formed SVG: every kind of chart
// (linear, log y, log percentile x, the fault timeline) with no points, one point, equal
// values, NaN, infinities, and zeros or negatives on a log scale. A bug here once looped
// for ever on the ticks of a log axis that started at 0, until memory ran out.
#include "reports/svg_chart.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "tests/reports/xml_problem.h"

using namespace scar;
using reports::Chart;
using reports::ChartSeries;

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr std::size_t svg_size_max = 20'000;  // a few dozen ticks, labels and legend rows

struct Data {
  const char* name;
  std::vector<std::pair<double, double>> points;
};

const std::vector<Data>& degenerate_data() {
  static const std::vector<Data> data = {
      {"no points", {}},
      {"one point", {{3, 5}}},
      {"all equal", {{1, 7}, {2, 7}, {3, 7}}},
      {"all zero", {{1, 0}, {2, 0}, {3, 0}}},
      {"all NaN", {{1, not_a_number}, {2, not_a_number}}},
      {"infinities", {{1, infinity}, {infinity, 2}, {2, -infinity}}},
      {"negative", {{1, -4}, {2, -4}}},
      {"tiny and huge", {{1, 1e-300}, {2, 1e300}}},
      {"one x", {{2, 1}, {2, 3}}},
  };
  return data;
}

// The chart kinds of the HTML report.
std::vector<Chart> charts_of(const Data& data) {
  Chart time_linear{.title = "linear", .x_label = "time", .y_label = "count"};
  Chart time_log = time_linear;
  time_log.y_log = true;
  time_log.y_unit = reports::Unit::nanoseconds;
  Chart spectrum{.title = "spectrum",
                 .x_label = "percentile",
                 .x_log = true,
                 .x_is_percentile = true,
                 .y_label = "latency",
                 .y_unit = reports::Unit::nanoseconds};
  Chart spectrum_log = spectrum;
  spectrum_log.y_log = true;
  std::vector<Chart> charts = {time_linear, time_log, spectrum, spectrum_log};
  for (Chart& chart : charts) chart.series = {ChartSeries{"series", data.points}};
  return charts;
}

}  // namespace

TEST_CASE("every chart kind renders degenerate data bounded and well-formed", "[chart]") {
  for (const Data& data : degenerate_data()) {
    for (const Chart& chart : charts_of(data)) {
      INFO(data.name << ", " << chart.title << (chart.y_log ? " (log y)" : ""));
      const std::string svg = reports::render_svg(chart);
      CHECK(svg.size() < svg_size_max);
      CHECK(testing::xml_problem(svg).empty());
      CHECK(svg.find("nan") == std::string::npos);
      CHECK(svg.find("inf") == std::string::npos);
    }
  }
}

TEST_CASE("a chart with nothing to draw says so, and its x axis still spans the bands", "[chart]") {
  Chart chart{.title = "put latency", .y_log = true};
  chart.series = {ChartSeries{"p99", {{0.5, not_a_number}, {1.5, not_a_number}}}};
  chart.bands = {{10, 12, "partition n1"}};
  chart.empty_text = "no successful puts";
  for (bool log : {false, true}) {
    chart.y_log = log;
    const std::string svg = reports::render_svg(chart);
    CHECK(svg.find("no successful puts") != std::string::npos);
    CHECK(svg.find(">10s<") != std::string::npos);  // a tick of the time axis
    CHECK(svg.find("<path") == std::string::npos);
  }
}

TEST_CASE("a marker draws a dashed line with its label inside the plot, unless off the axis",
          "[chart][flags]") {
  Chart chart{.title = "throughput", .x_label = "time", .y_label = "count"};
  chart.series = {ChartSeries{"ok", {{0.5, 10}, {1.5, 20}, {2.5, 30}}}};
  chart.markers = {{1, "read_new=0.05 <ramp>"}, {not_a_number, "lost"}, {-5, "before"}};
  const std::string svg = reports::render_svg(chart);
  CHECK(testing::xml_problem(svg).empty());
  CHECK(svg.find("stroke-dasharray=\"4 3\"><title>read_new=0.05 &lt;ramp&gt;</title>") !=
        std::string::npos);
  CHECK(svg.find(">read_new=0.05 &lt;ramp&gt;</text>") != std::string::npos);
  CHECK(svg.find("lost") == std::string::npos);
  CHECK(svg.find("before") == std::string::npos);  // left of the plot: not drawn
}

TEST_CASE("a log axis ticks powers of ten across the data and no further", "[chart]") {
  Chart chart{.title = "latency", .y_unit = reports::Unit::nanoseconds, .y_log = true};
  chart.series = {ChartSeries{"p99", {{0, 250'000}, {1, 2e9}}}};
  const std::string svg = reports::render_svg(chart);
  for (const char* tick : {">100us<", ">1ms<", ">10ms<", ">100ms<", ">1s<"}) {
    INFO(tick);
    CHECK(svg.find(tick) != std::string::npos);
  }
  CHECK(svg.find(">10us<") == std::string::npos);
  CHECK(svg.find(">100s<") == std::string::npos);
}

TEST_CASE("the fault timeline renders no bars, zero-length bars and a zero time axis", "[chart]") {
  for (double x_max : {0.0, not_a_number, 30.0}) {
    for (const auto& bars : {std::vector<reports::TimelineBar>{},
                             std::vector<reports::TimelineBar>{{"crash n1", 5, 5, "#d6604d"}}}) {
      const std::string svg = reports::render_timeline_svg("faults", bars, x_max);
      CHECK(svg.size() < svg_size_max);
      CHECK(testing::xml_problem(svg).empty());
    }
  }
}

TEST_CASE("values format with three significant digits, rounding into the next unit", "[chart]") {
  using reports::Unit;
  CHECK(reports::format_value(250'000, Unit::nanoseconds) == "250us");
  CHECK(reports::format_value(999'999, Unit::nanoseconds) == "1ms");
  CHECK(reports::format_value(1.5e9, Unit::nanoseconds) == "1.5s");
  CHECK(reports::format_value(0, Unit::nanoseconds) == "0s");
  CHECK(reports::format_value(1234, Unit::per_second) == "1.23k/s");
  CHECK(reports::format_value(0.5, Unit::seconds) == "500ms");
  CHECK(reports::format_value(not_a_number, Unit::count) == "-");
}
