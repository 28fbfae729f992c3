// The charts of the HTML report, built from JSON reports (reports/report_json.cc): one
// report, or several overlaid on shared axes (`scar compare`: base dashed, new solid, the
// same colour for the same quantity).
//
// Time charts shade each fault window in its kind's colour (reports/fault_colors.h, with a
// key in the legend), tagged with its number in the fault timeline ("#3"); and they shade
// the drain: the windows after the workload stopped starting operations, where fewer
// completions are not an outage. A chart with nothing to
// draw says what is missing ("no successful puts"). Deterministic: the same reports give
// the same charts.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/svg_chart.h"

namespace scar::reports {

// A report to draw, and how its series are named and styled.
struct ChartSource {
  std::string name;  // prefixed to series names ("base p99"); empty for a single report
  const nlohmann::json* report = nullptr;
  bool dashed = false;
};

// The fault kinds of the reports, each with its colour (fault_color); alphabetical.
std::vector<ChartKey> fault_key(const std::vector<ChartSource>& sources);

// Latency of `operation` per window, by intended start: p50, p99, p99.9, max.
Chart latency_chart(const std::vector<ChartSource>& sources, const std::string& operation);

// Completions per second per operation, ok and failed (error or timeout), by completion
// window: a pause reads as silence, then a burst.
Chart throughput_chart(const std::vector<ChartSource>& sources);

// The counter check's running total of adds proven applied twice, per window; nothing to
// draw (no series) when no report ran the check.
Chart counter_chart(const std::vector<ChartSource>& sources);

// Latency against 1/(1-q) per operation (HdrHistogram's percentile plot).
Chart spectrum_chart(const std::vector<ChartSource>& sources);

// True when the chart's values span more than `ratio` (max over smallest positive value):
// a log scale reads it better.
bool spans_decades(const Chart& chart, double ratio = 100);

// The fault timeline of one report, bars in their kind's colour; empty without faults.
std::string fault_timeline_svg(const nlohmann::json& report);

// Per-server charts: CPU utilisation, deepest inbox, deepest disk queue. A chart whose
// values are all zero is replaced by a sentence ("No disk activity.").
std::string node_charts_html(const nlohmann::json& report);
// A chart per protocol counter (series.metrics) that changed: its growth per window, a
// line per holder (each server, and "clients" for the clients together), fault windows
// shaded, titled with the counter's meaning. Empty when no counter changed.
std::string metric_charts_html(const nlohmann::json& report);
// A lane per server whose role changed (a second "holder", a new "leader"), coloured by
// role; empty when no server's role changed.
std::string role_timeline_svg(const nlohmann::json& report);

// The chart shown on a linear or a log scale, switchable without script (a CSS checkbox).
// `id` must be unique in the page.
std::string scaled_chart_html(Chart chart, const std::string& id, bool log_first);

}  // namespace scar::reports
