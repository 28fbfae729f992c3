#include "reports/html_report.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "reports/svg_chart.h"

namespace scar::reports {
namespace {

using Json = nlohmann::json;

constexpr const char* style = R"(
body { font-family: sans-serif; margin: 24px auto; max-width: 1600px; color: #222; }
h1 small { color: #777; font-weight: normal; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #eee; }
th:first-child, td:first-child { text-align: left; }
.lesson { background: #fff7e0; border-left: 4px solid #f0b400; padding: 8px 12px; }
.replay { background: #f4f4f4; padding: 8px 12px; font-family: monospace; }
.held { color: #1a7f37; } .failed { color: #c62828; font-weight: bold; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
.scale input:checked ~ .linear, .scale input:not(:checked) ~ .log { display: none; }
.scale label { font-size: 12px; color: #555; }
.columns { display: flex; gap: 24px; } .columns > div { flex: 1; min-width: 0; }
pre { white-space: pre-wrap; }
)";

std::string cell(double value, Unit unit) { return escape_xml(format_value(value, unit)); }

double seconds_of(const Json& report, const char* field) {
  return report.at(field).get<double>() / 1e9;
}

std::vector<ChartBand> fault_bands(const Json& report) {
  std::vector<ChartBand> bands;
  for (const Json& fault : report.at("faults")) {
    std::string targets;
    for (const Json& target : fault.at("targets"))
      targets += (targets.empty() ? "" : ",") + target.get<std::string>();
    bands.push_back({fault.at("start_ns").get<double>() / 1e9,
                     fault.at("end_ns").get<double>() / 1e9,
                     fault.at("kind").get<std::string>() + (targets.empty() ? "" : " " + targets)});
  }
  return bands;
}

// A series of one column of the time series, x at the middle of each window.
ChartSeries column(const std::string& name, const Json& values, double window_s, double scale = 1,
                   bool skip_zero = false) {
  ChartSeries series{name, {}, false};
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double value = values[i].is_null() ? NAN : values[i].get<double>() * scale;
    series.points.emplace_back((static_cast<double>(i) + 0.5) * window_s,
                               skip_zero && value == 0 ? NAN : value);
  }
  return series;
}

// A chart shown linear or on a log scale, switchable without script.
std::string scaled_chart(Chart chart, const std::string& id, bool log_first) {
  std::string html = fmt::format(
      R"(<div class="scale"><input type="checkbox" id="{0}"{1}><label for="{0}">log scale</label>)",
      id, log_first ? " checked" : "");
  chart.y_log = false;
  html += "<div class=\"linear\">" + render_svg(chart) + "</div>";
  chart.y_log = true;
  html += "<div class=\"log\">" + render_svg(chart) + "</div></div>\n";
  return html;
}

std::string summary_section(const Json& report) {
  std::string html =
      "<table><tr><th>operation</th><th>count</th><th>ok</th><th>error</th><th>timeout</th>"
      "<th>unfinished</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</"
      "th><th>max</th></tr>\n";
  for (const auto& [name, op] : report.at("operations").items()) {
    const Json& latency = op.at("latency_ns");
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                        escape_xml(name), op.at("count").dump(), op.at("ok").dump(),
                        op.at("error").dump(), op.at("timeout").dump(), op.at("unfinished").dump());
    for (const char* q : {"p50", "p90", "p99", "p999", "p9999", "max"}) {
      html +=
          "<td>" +
          (latency.at(q).is_null() ? "-" : cell(latency.at(q).get<double>(), Unit::nanoseconds)) +
          "</td>";
    }
    html += "</tr>\n";
  }
  html += "</table>\n";
  const Json& lost = report.at("lost_acknowledged_writes");
  html += fmt::format(
      "<p>availability <b>{}</b> &middot; lost acknowledged writes <b>{}</b> &middot; messages "
      "sent {}, "
      "dropped {} &middot; {} events, trace hash <code>{}</code></p>\n",
      cell(report.at("availability").get<double>(), Unit::ratio),
      lost.is_null() ? "not checked" : lost.dump(), report.at("network").at("sent").dump(),
      report.at("network").at("dropped").dump(), report.at("simulated").at("events").dump(),
      escape_xml(report.at("trace_hash").get<std::string>()));
  if (!report.at("expectations").empty()) {
    html += "<table><tr><th>expectation</th><th>actual</th><th></th></tr>\n";
    for (const Json& expectation : report.at("expectations")) {
      const bool held = expectation.at("held").get<bool>();
      const std::string text = expectation.at("text").get<std::string>();
      const Json& actual = expectation.at("actual");
      std::string value = actual.is_null() ? "-"
                                           : format_value(actual.get<double>(),
                                                          text.find("latency.") != std::string::npos
                                                              ? Unit::nanoseconds
                                                              : Unit::count);
      html +=
          fmt::format("<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>\n", escape_xml(text),
                      escape_xml(value), held ? "held" : "failed", held ? "held" : "FAILED");
    }
    html += "</table>\n";
  }
  return html;
}

std::string latency_section(const Json& report, const std::string& prefix) {
  const Json& series = report.at("series");
  const double window_s = series.at("window_ns").get<double>() / 1e9;
  std::string html = "<div class=\"charts\">";
  for (const auto& [name, op] : series.at("operations").items()) {
    Chart chart;
    chart.title = name + ": latency over time (operations by intended start)";
    chart.x_label = "simulated time";
    chart.y_label = "latency";
    chart.y_unit = Unit::nanoseconds;
    chart.bands = fault_bands(report);
    chart.series = {column("p50", op.at("p50_ns"), window_s, 1, true),
                    column("p99", op.at("p99_ns"), window_s, 1, true),
                    column("p99.9", op.at("p999_ns"), window_s, 1, true),
                    column("max", op.at("max_ns"), window_s, 1, true)};
    chart.series.back().dashed = true;
    const Json& latency = report.at("operations").at(name).at("latency_ns");
    const bool spread =
        !latency.at("max").is_null() &&
        latency.at("max").get<double>() > 100 * std::max(1.0, latency.at("p50").get<double>());
    html += scaled_chart(chart, prefix + "latency-" + name, spread);
  }
  return html + "</div>\n";
}

std::string throughput_section(const Json& report) {
  const Json& series = report.at("series");
  const double window_s = series.at("window_ns").get<double>() / 1e9;
  Chart chart;
  chart.title = "throughput and failures per second (by intended start)";
  chart.x_label = "simulated time";
  chart.y_label = "operations per second";
  chart.y_unit = Unit::per_second;
  chart.bands = fault_bands(report);
  for (const auto& [name, op] : series.at("operations").items()) {
    chart.series.push_back(column(name + " ok", op.at("ok"), window_s, 1 / window_s));
    ChartSeries failed = column(name + " error+timeout", op.at("error"), window_s, 1 / window_s);
    for (std::size_t i = 0; i < failed.points.size(); ++i) {
      failed.points[i].second += op.at("timeout")[i].get<double>() / window_s;
    }
    failed.dashed = true;
    chart.series.push_back(failed);
  }
  return render_svg(chart);
}

std::string spectrum_section(const Json& report) {
  Chart chart;
  chart.title = "percentile spectrum (latency against 1/(1-q))";
  chart.x_label = "percentile";
  chart.x_log = true;
  chart.x_is_percentile = true;
  chart.y_label = "latency";
  chart.y_unit = Unit::nanoseconds;
  for (const auto& [name, op] : report.at("operations").items()) {
    ChartSeries series{name, {}, false};
    for (const Json& point : op.at("spectrum")) {
      const double q = point[0].get<double>();
      if (q >= 1) continue;  // 1/(1-q) is infinite: the max is in the table
      series.points.emplace_back(1 / (1 - q), point[1].get<double>());
    }
    chart.series.push_back(series);
  }
  return render_svg(chart);
}

std::string faults_section(const Json& report) {
  if (report.at("faults").empty()) return "<p>No faults in this run.</p>\n";
  std::vector<TimelineBar> bars;
  for (const ChartBand& band : fault_bands(report))
    bars.push_back({band.label, band.from, band.to});
  std::string html = render_timeline_svg("fault timeline", bars,
                                         seconds_of(report.at("simulated"), "duration_ns"));
  html +=
      "<table><tr><th>phase</th><th>from</th><th>to</th><th>operation</th><th>count</th><th>ok</th>"
      "<th>p50</th><th>p99</th><th>max</th></tr>\n";
  for (const Json& phase : report.at("phases")) {
    for (const auto& [name, op] : phase.at("operations").items()) {
      const Json& latency = op.at("latency_ns");
      html += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</"
          "td><td>{}</td><td>{}</td></tr>\n",
          escape_xml(phase.at("name").get<std::string>()),
          cell(phase.at("start_ns").get<double>(), Unit::nanoseconds),
          cell(phase.at("end_ns").get<double>(), Unit::nanoseconds), escape_xml(name),
          op.at("count").dump(), op.at("ok").dump(),
          cell(latency.at("p50").get<double>(), Unit::nanoseconds),
          cell(latency.at("p99").get<double>(), Unit::nanoseconds),
          cell(latency.at("max").get<double>(), Unit::nanoseconds));
    }
  }
  return html + "</table>\n";
}

std::string nodes_section(const Json& report) {
  const Json& series = report.at("series");
  const double window_s = series.at("window_ns").get<double>() / 1e9;
  Chart cpu{.title = "CPU utilisation per server",
            .x_label = "simulated time",
            .y_label = "utilisation",
            .y_unit = Unit::ratio};
  Chart inbox{.title = "deepest inbox per window",
              .x_label = "simulated time",
              .y_label = "messages waiting",
              .y_unit = Unit::count};
  Chart disk{.title = "deepest disk queue per window",
             .x_label = "simulated time",
             .y_label = "operations",
             .y_unit = Unit::count};
  for (Chart* chart : {&cpu, &inbox, &disk}) chart->bands = fault_bands(report);
  for (const auto& [name, node] : series.at("nodes").items()) {
    cpu.series.push_back(column(name, node.at("cpu_utilisation"), window_s));
    inbox.series.push_back(column(name, node.at("inbox_depth_max"), window_s));
    disk.series.push_back(column(name, node.at("disk_queue_max"), window_s));
  }
  return "<div class=\"charts\">" + render_svg(cpu) + render_svg(inbox) + render_svg(disk) +
         "</div>\n";
}

std::string report_body(const Json& report, const std::string& prefix) {
  std::string html =
      fmt::format("<h1>{} <small>seed {}</small></h1>\n",
                  escape_xml(report.at("scenario").get<std::string>()), report.at("seed").dump());
  if (const std::string description = report.value("description", ""); !description.empty()) {
    html += "<p>" + escape_xml(description) + "</p>\n";
  }
  if (const std::string lesson = report.value("lesson", ""); !lesson.empty()) {
    html += "<p class=\"lesson\"><b>Lesson.</b> " + escape_xml(lesson) + "</p>\n";
  }
  html += "<p class=\"replay\">" + escape_xml(report.value("replay", "")) + "</p>\n";
  html += "<h2>Summary</h2>\n" + summary_section(report);
  html += "<h2>Latency over time</h2>\n" + latency_section(report, prefix);
  html += "<h2>Throughput and failures</h2>\n" + throughput_section(report);
  html += "<h2>Percentile spectrum</h2>\n" + spectrum_section(report);
  html += "<h2>Faults</h2>\n" + faults_section(report);
  html += "<h2>Servers</h2>\n" + nodes_section(report);
  return html;
}

std::string page(const std::string& title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
      "charset=\"utf-8\"><title>{}</title><style>{}</style></head>\n"
      "<body>\n{}</body></html>\n",
      escape_xml(title), style, body);
}

}  // namespace

std::string html_report(const std::string& report_json, const std::string& diagram_svg) {
  const Json report = Json::parse(report_json);
  std::string body = report_body(report, "");
  if (!diagram_svg.empty()) body += "<h2>Message diagram</h2>\n" + diagram_svg;
  body += "<h2>Resolved parameters</h2>\n<pre>" + escape_xml(report.value("parameters", "")) +
          "</pre>\n";
  return page(fmt::format("scar: {} seed {}", report.at("scenario").get<std::string>(),
                          report.at("seed").dump()),
              body);
}

std::string compare_html(const std::string& base_json, const std::string& current_json,
                         const ReportComparison& comparison) {
  const Json base = Json::parse(base_json);
  const Json current = Json::parse(current_json);
  std::string body = "<h1>scar compare</h1>\n<h2>Changes</h2>\n<pre>" +
                     escape_xml(comparison_table(comparison)) + "</pre>\n";
  body += "<div class=\"columns\"><div>" + report_body(base, "base-") + "</div><div>" +
          report_body(current, "new-") + "</div></div>\n";
  return page("scar compare", body);
}

}  // namespace scar::reports
