#include "reports/report_charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "reports/fault_colors.h"

namespace scar::reports {
namespace {

using Json = nlohmann::json;

constexpr int time_chart_width = 1000;
constexpr int metric_chart_width = 780;  // two side by side on a wide page
constexpr const char* drain_color = "#cccccc";
constexpr const char* drain_name = "drain: no new operations";

double seconds(const Json& nanoseconds) {
  return nanoseconds.is_number() ? nanoseconds.get<double>() / 1e9 : NAN;
}

double window_seconds(const Json& report) { return seconds(report.at("series").at("window_ns")); }

// "#3": the fault's number in the report, as the fault timeline shows it.
std::string fault_tag(std::size_t index) { return fmt::format("#{}", index + 1); }

// "#3 crash_restart n1"
std::string fault_label(const Json& fault, std::size_t index) {
  std::string targets;
  for (const Json& target : fault.at("targets")) {
    targets += (targets.empty() ? " " : ",") + target.get<std::string>();
  }
  return fault_tag(index) + " " + fault.at("kind").get<std::string>() + targets;
}

// The fault windows of the first source and its drain, with their key; its flag changes
// as markers.
void add_bands(Chart& chart, const std::vector<ChartSource>& sources) {
  chart.band_key = fault_key(sources);
  const Json& report = *sources.front().report;
  for (std::size_t i = 0; i < report.at("faults").size(); ++i) {
    const Json& fault = report.at("faults")[i];
    if (fault.at("targets").empty()) continue;  // it found no node: nothing happened
    chart.bands.push_back({seconds(fault.at("start_ns")), seconds(fault.at("end_ns")),
                           fault_label(fault, i) + " " +
                               format_value(seconds(fault.at("start_ns")), Unit::seconds) + ".." +
                               format_value(seconds(fault.at("end_ns")), Unit::seconds),
                           fault_color(fault.at("kind").get<std::string>()), fault_tag(i)});
  }
  for (const Json& flag : report.value("flags", Json::array())) {
    chart.markers.push_back(
        {seconds(flag.at("at_ns")),
         fmt::format("{}={}", flag.at("name").get<std::string>(), flag.at("value").get<double>())});
  }
  const double workload = seconds(report.at("simulated").at("workload_ns"));
  const double duration = seconds(report.at("simulated").at("duration_ns"));
  if (duration > workload) {
    chart.bands.push_back({workload, duration, drain_name, drain_color, "drain"});
    chart.band_key.push_back({drain_name, drain_color});
  }
}

// One column of the time series, x at the middle of each window, y times `scale`; null
// values are NaN (a gap).
ChartSeries column(const ChartSource& source, const std::string& name, const Json& values,
                   double scale = 1) {
  ChartSeries series{source.name.empty() ? name : source.name + " " + name, {}, source.dashed, {}};
  const double window = window_seconds(*source.report);
  for (std::size_t i = 0; i < values.size(); ++i) {
    series.points.emplace_back((static_cast<double>(i) + 0.5) * window,
                               values[i].is_number() ? values[i].get<double>() * scale : NAN);
  }
  return series;
}

// Series colours by position within one source, so that each source draws the same
// quantity in the same colour.
void colour_by_position(std::vector<ChartSeries>& series, std::size_t first) {
  constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                     "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
  for (std::size_t i = first; i < series.size(); ++i) {
    series[i].color = palette[(i - first) % std::size(palette)];
  }
}

Chart time_chart(const std::string& title, const std::string& y_label, Unit y_unit) {
  return {.title = title,
          .x_label = "time since start",
          .y_label = y_label,
          .y_unit = y_unit,
          .width = time_chart_width};
}

}  // namespace

std::vector<ChartKey> fault_key(const std::vector<ChartSource>& sources) {
  std::set<std::string> kinds;
  for (const ChartSource& source : sources) {
    for (const Json& fault : source.report->at("faults")) kinds.insert(fault.at("kind"));
  }
  std::vector<ChartKey> key;
  for (const std::string& kind : kinds) {
    key.push_back({kind, fault_color(kind)});
  }
  return key;
}

Chart latency_chart(const std::vector<ChartSource>& sources, const std::string& operation) {
  Chart chart = time_chart(operation + ": latency over time (operations by intended start)",
                           "latency", Unit::nanoseconds);
  chart.empty_text = "no successful " + operation + "s";
  add_bands(chart, sources);
  for (const ChartSource& source : sources) {
    const Json& ops = source.report->at("series").at("operations");
    if (!ops.contains(operation)) continue;
    const Json& op = ops.at(operation);
    const std::size_t first = chart.series.size();
    for (const auto& [name, field] : {std::pair{"p50", "p50_ns"}, std::pair{"p99", "p99_ns"},
                                      std::pair{"p99.9", "p999_ns"}, std::pair{"max", "max_ns"}}) {
      chart.series.push_back(column(source, name, op.at(field)));
    }
    if (sources.size() == 1) chart.series.back().dashed = true;  // max: one request, not many
    // Only where a lesson asks (report.mean): the line that looks healthy beside the tail.
    if (op.contains("mean_ns")) chart.series.push_back(column(source, "mean", op.at("mean_ns")));
    colour_by_position(chart.series, first);
  }
  return chart;
}

Chart throughput_chart(const std::vector<ChartSource>& sources) {
  Chart chart = time_chart("completions per second (by completion window)",
                           "operations completed per second", Unit::per_second);
  add_bands(chart, sources);
  for (const ChartSource& source : sources) {
    const double per_second = 1 / window_seconds(*source.report);
    const std::size_t first = chart.series.size();
    for (const auto& [name, op] : source.report->at("series").at("operations").items()) {
      chart.series.push_back(column(source, name + " ok", op.at("completed_ok"), per_second));
      chart.series.push_back(
          column(source, name + " failed", op.at("completed_failed"), per_second));
    }
    colour_by_position(chart.series, first);
  }
  return chart;
}

Chart counter_chart(const std::vector<ChartSource>& sources) {
  Chart chart = time_chart("adds applied twice, as the counter check proves them (running total)",
                           "adds applied twice", Unit::count);
  add_bands(chart, sources);
  for (const ChartSource& source : sources) {
    const Json counter = source.report->value("counter", Json());
    if (counter.is_null()) continue;
    const std::size_t first = chart.series.size();
    chart.series.push_back(
        column(source, "applied twice", counter.value("double_counted_by_window", Json::array())));
    colour_by_position(chart.series, first);
  }
  return chart;
}

Chart spectrum_chart(const std::vector<ChartSource>& sources) {
  Chart chart{.title = "percentile spectrum (latency against 1/(1-q))",
              .x_label = "percentile",
              .x_log = true,
              .x_is_percentile = true,
              .y_label = "latency",
              .y_unit = Unit::nanoseconds};
  chart.empty_text = "no successful operations";
  for (const ChartSource& source : sources) {
    const std::size_t first = chart.series.size();
    for (const auto& [name, op] : source.report->at("operations").items()) {
      ChartSeries series{
          source.name.empty() ? name : source.name + " " + name, {}, source.dashed, {}};
      for (const Json& point : op.at("spectrum")) {
        const double q = point[0].get<double>();
        if (q >= 1) continue;  // 1/(1-q) is infinite: the max is in the table
        series.points.emplace_back(1 / (1 - q), point[1].get<double>());
      }
      chart.series.push_back(series);
    }
    colour_by_position(chart.series, first);
  }
  return chart;
}

bool spans_decades(const Chart& chart, double ratio) {
  double smallest = INFINITY, largest = 0;
  for (const ChartSeries& series : chart.series) {
    for (auto [x, y] : series.points) {
      if (!(y > 0) || !std::isfinite(y)) continue;
      smallest = std::min(smallest, y);
      largest = std::max(largest, y);
    }
  }
  return largest > ratio * smallest;
}

std::string fault_timeline_svg(const Json& report) {
  std::vector<TimelineBar> bars;
  for (std::size_t i = 0; i < report.at("faults").size(); ++i) {
    const Json& fault = report.at("faults")[i];
    bars.push_back({fault_label(fault, i), seconds(fault.at("start_ns")),
                    seconds(fault.at("end_ns")), fault_color(fault.at("kind").get<std::string>())});
  }
  if (bars.empty()) return {};
  return render_timeline_svg("fault timeline", bars,
                             seconds(report.at("simulated").at("duration_ns")), time_chart_width);
}

// Who held which role when: a lane per server whose role changed during the run (a second
// "holder", a new "leader"), each run of windows in its role's colour. Empty when no
// server's role changed.
std::string role_timeline_svg(const Json& report) {
  constexpr const char* palette[] = {"#2ca02c", "#d62728", "#1f77b4", "#ff7f0e",
                                     "#9467bd", "#8c564b", "#e377c2", "#17becf"};
  const double window = window_seconds(report);
  std::vector<TimelineBar> bars;
  std::vector<TimelineKey> key;
  for (const auto& [name, node] : report.at("series").at("nodes").items()) {
    const Json roles = node.value("roles", Json::array());
    const Json indices = node.value("role", Json::array());
    std::set<std::size_t> seen;  // the non-empty roles this server had
    for (const Json& index : indices)
      if (index.get<std::size_t>() != 0) seen.insert(index.get<std::size_t>());
    if (seen.size() < 2) continue;  // its role never changed (windows after a stop are "")
    for (std::size_t first = 0; first < indices.size();) {
      std::size_t last = first;
      while (last + 1 < indices.size() && indices[last + 1] == indices[first]) ++last;
      const std::string role = roles.at(indices[first].get<std::size_t>()).get<std::string>();
      if (!role.empty()) {
        auto entry = std::find_if(key.begin(), key.end(),
                                  [&](const TimelineKey& k) { return k.label == role; });
        if (entry == key.end())
          entry = key.insert(key.end(), {role, palette[key.size() % std::size(palette)]});
        bars.push_back({name, static_cast<double>(first) * window,
                        static_cast<double>(last + 1) * window, entry->color, role});
      }
      first = last + 1;
    }
  }
  if (bars.empty()) return {};
  return render_timeline_svg("roles over time (each window's role, as at its end)", bars,
                             seconds(report.at("simulated").at("duration_ns")), time_chart_width,
                             key);
}

std::string node_charts_html(const Json& report) {
  struct Panel {
    const char* field;
    Chart chart;
    const char* when_empty;
  };
  Panel panels[] = {
      {"cpu_utilisation", time_chart("CPU utilisation per server", "utilisation", Unit::ratio),
       "No CPU time was charged on any server."},
      {"inbox_depth_max", time_chart("deepest inbox per window", "messages waiting", Unit::count),
       "No message waited in an inbox."},
      {"disk_queue_max", time_chart("deepest disk queue per window", "operations", Unit::count),
       "No disk activity."}};
  const std::vector<ChartSource> sources = {{"", &report, false}};
  std::string charts, sentences;
  for (Panel& panel : panels) {
    bool active = false;
    for (const auto& [name, node] : report.at("series").at("nodes").items()) {
      ChartSeries series = column(sources.front(), name, node.at(panel.field));
      for (auto [x, y] : series.points) active = active || y != 0;
      panel.chart.series.push_back(std::move(series));
    }
    if (!active) {
      sentences += fmt::format("<p>{}</p>\n", panel.when_empty);
      continue;
    }
    add_bands(panel.chart, sources);
    charts += render_svg(panel.chart);
  }
  return "<div class=\"charts\">" + role_timeline_svg(report) + charts + "</div>\n" + sentences;
}

std::string metric_charts_html(const Json& report) {
  const Json metrics = report.at("series").value("metrics", Json::object());
  const std::vector<ChartSource> sources = {{"", &report, false}};
  const std::string per_window =
      "added per window (" + format_value(window_seconds(report), Unit::seconds) + ")";
  std::string charts;
  for (const auto& [name, metric] : metrics.items()) {
    const std::string meaning = metric.value("meaning", "");
    Chart chart = time_chart("metrics." + name + (meaning.empty() ? "" : ": " + meaning),
                             per_window, Unit::count);
    chart.width = metric_chart_width;
    bool changed = false;
    for (const auto& [holder, windows] : metric.at("nodes").items()) {
      chart.series.push_back(column(sources.front(), holder, windows));
      for (auto [x, y] : chart.series.back().points) changed = changed || y != 0;
    }
    if (!changed) continue;  // growth that cancelled out within every window
    add_bands(chart, sources);
    charts += render_svg(chart);
  }
  return charts.empty() ? "" : "<div class=\"charts\">" + charts + "</div>\n";
}

std::string scaled_chart_html(Chart chart, const std::string& id, bool log_first) {
  std::string html = fmt::format(
      R"(<div class="scale"><input type="checkbox" id="{0}"{1}><label for="{0}">log scale</label>)",
      escape_xml(id), log_first ? " checked" : "");
  chart.y_log = false;
  html += "<div class=\"linear\">" + render_svg(chart) + "</div>";
  chart.y_log = true;
  html += "<div class=\"log\">" + render_svg(chart) + "</div></div>\n";
  return html;
}

}  // namespace scar::reports
