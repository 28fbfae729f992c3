#include "tools/capacity_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "reports/svg_chart.h"

namespace scar::tools {
namespace {

using Json = nlohmann::ordered_json;

std::string rate_text(double rate) { return fmt::format("{:.1f}/s", rate); }

std::string value_text(const CapacityRequest& request, double value) {
  return reports::metric_text(request.slo.metric, value);
}

std::string faults_text(const Scenario& scenario) {
  if (scenario.faults.empty() && !scenario.nemesis) return "none";
  return fmt::format("{} scheduled{}, kept in every run", scenario.faults.size(),
                     scenario.nemesis ? " and the nemesis" : "");
}

std::string verdict_text(const CapacityPoint& point) {
  if (point.limit) return "missed (run limit hit)";
  return point.held ? "held" : "missed";
}

// "max_rate: ..." and "knee: ..." lines, or what stands in for them.
std::string findings_text(const CapacityRequest& request, const CapacityResult& result) {
  std::string text;
  if (!result.max_rate) {
    text += fmt::format("max_rate: none: the SLO missed even at the lowest rate, {}\n",
                        rate_text(request.low));
  } else if (!result.failed_rate) {
    text += fmt::format(
        "max_rate: {} (the SLO held at every rate up to --high: the capacity is "
        "higher; raise --high)\n",
        rate_text(*result.max_rate));
  } else {
    text += fmt::format("max_rate: {} (held there, missed at {}; {} runs{})\n",
                        rate_text(*result.max_rate), rate_text(*result.failed_rate),
                        result.points.size(), result.budget_spent ? ", --runs-max reached" : "");
  }
  if (!result.monotone)
    text += fmt::format(
        "warning: the SLO held at a rate above {}, where it missed: {} does not "
        "grow steadily with the rate here, so a higher rate may also hold\n",
        rate_text(*result.failed_rate), request.slo.metric);
  const CapacityPoint& lowest = result.points.front();
  if (result.knee_rate)
    text += fmt::format("knee: {} (the lowest rate whose {} is at least {:g}x its {} at {})\n",
                        rate_text(*result.knee_rate), request.slo.metric, capacity_knee_factor,
                        value_text(request, lowest.value), rate_text(lowest.rate));
  else
    text += fmt::format("knee: none (no rate's {} reached {:g}x its value at {})\n",
                        request.slo.metric, capacity_knee_factor, rate_text(lowest.rate));
  return text;
}

Json optional_number(const std::optional<double>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// The curve, the SLO as a dashed line across it and the found rate and knee as vertical
// lines. A log scale for latency: past the capacity it climbs by orders of magnitude.
reports::Chart curve_chart(const CapacityRequest& request, const CapacityResult& result) {
  const bool latency = request.slo.metric.find("latency.") != std::string::npos;
  reports::Chart chart{.title = request.slo.metric + " against the offered rate",
                       .x_label = "workload.rate",
                       .x_unit = reports::Unit::per_second,
                       .x_log = false,
                       .y_label = request.slo.metric,
                       .y_unit = latency ? reports::Unit::nanoseconds : reports::Unit::count,
                       .y_log = latency};
  reports::ChartSeries curve{.name = request.slo.metric};
  double lowest = request.slo.value, highest = request.slo.value;
  for (const CapacityPoint& point : result.points) {
    curve.points.emplace_back(point.rate, point.value);
    if (std::isfinite(point.value) && (point.value > 0 || !latency)) {
      lowest = std::min(lowest, point.value);
      highest = std::max(highest, point.value);
    }
  }
  chart.series.push_back(curve);
  // "SLO < 20ms": the metric names the curve already, and the legend is narrow.
  const std::string slo_name =
      "SLO" + request.slo.text.substr(request.slo.text.find(request.slo.metric) +
                                      request.slo.metric.size());
  chart.series.push_back(
      {.name = slo_name,
       .points = {{request.low, request.slo.value}, {request.high, request.slo.value}},
       .dashed = true,
       .color = "#c62828"});
  const auto vertical = [&](const std::string& name, double rate, const std::string& color) {
    chart.series.push_back({.name = name,
                            .points = {{rate, lowest}, {rate, highest}},
                            .dashed = true,
                            .color = color});
  };
  if (result.max_rate)
    vertical("max_rate " + rate_text(*result.max_rate), *result.max_rate, "#1a7f37");
  if (result.knee_rate)
    vertical("knee " + rate_text(*result.knee_rate), *result.knee_rate, "#9a6700");
  return chart;
}

std::string points_table(const CapacityRequest& request, const CapacityResult& result) {
  std::string rows;
  for (const CapacityPoint& point : result.points)
    rows +=
        fmt::format("<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>\n",
                    rate_text(point.rate), reports::escape_xml(value_text(request, point.value)),
                    point.held ? "held" : "failed", verdict_text(point));
  return fmt::format("<table><tr><th>rate</th><th>{}</th><th>SLO</th></tr>\n{}</table>\n",
                     reports::escape_xml(request.slo.metric), rows);
}

constexpr const char* style = R"(
body { font-family: sans-serif; margin: 24px auto; max-width: 1000px; padding: 0 16px; color: #222; }
h1 small { color: #777; font-weight: normal; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #eee; }
.held { color: #1a7f37; } .failed { color: #c62828; font-weight: bold; }
pre { background: #f4f4f4; padding: 8px 12px; white-space: pre-wrap; }
svg { max-width: 100%; height: auto; }
)";

}  // namespace

std::string capacity_text(const CapacityRequest& request, const CapacityResult& result) {
  const Scenario& scenario = request.scenario;
  std::string text = fmt::format(
      "capacity of {} (seed {}): the highest workload.rate where {} holds, from {} to {}\n",
      scenario.file, scenario.seed, request.slo.text, rate_text(request.low),
      rate_text(request.high));
  text += fmt::format("faults: {}\n", faults_text(scenario));
  text += fmt::format("{:>12}  {:>16}  {}\n", "rate", request.slo.metric, "SLO");
  for (const CapacityPoint& point : result.points)
    text += fmt::format("{:>12}  {:>16}  {}\n", rate_text(point.rate),
                        value_text(request, point.value), verdict_text(point));
  return text + findings_text(request, result);
}

std::string capacity_json(const CapacityRequest& request, const CapacityResult& result) {
  Json points = Json::array();
  for (const CapacityPoint& point : result.points)
    points.push_back({{"rate", point.rate},
                      {"value", std::isfinite(point.value) ? Json(point.value) : Json(nullptr)},
                      {"held", point.held},
                      {"run_limit", point.limit}});
  const Json json = {{"capacity_version", capacity_json_version},
                     {"scenario", request.scenario.name},
                     {"file", request.scenario.file},
                     {"seed", request.scenario.seed},
                     {"overrides", request.scenario.overrides},
                     {"slo", request.slo.text},
                     {"metric", request.slo.metric},
                     {"low", request.low},
                     {"high", request.high},
                     {"runs_max", request.runs_max},
                     {"max_rate", optional_number(result.max_rate)},
                     {"failed_rate", optional_number(result.failed_rate)},
                     {"knee_rate", optional_number(result.knee_rate)},
                     {"knee_factor", capacity_knee_factor},
                     {"monotone", result.monotone},
                     {"budget_spent", result.budget_spent},
                     {"points", points}};
  return json.dump(2) + "\n";
}

std::string capacity_html(const CapacityRequest& request, const CapacityResult& result) {
  const std::string title = "capacity of " + request.scenario.name;
  const std::string body = fmt::format(
      "<h1>{} <small>seed {}</small></h1>\n<p>The highest <code>workload.rate</code> where "
      "<b>{}</b> holds.</p>\n<pre>{}</pre>\n{}\n{}",
      reports::escape_xml(title), request.scenario.seed, reports::escape_xml(request.slo.text),
      reports::escape_xml(findings_text(request, result)),
      reports::render_svg(curve_chart(request, result)), points_table(request, result));
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>"
      "<style>{}</style></head>\n<body>\n{}</body></html>\n",
      reports::escape_xml(title), style, body);
}

}  // namespace scar::tools
