// The HTML report: one self-contained file (inline CSS and SVG, no scripts, nothing
// fetched) that reads at a glance. Built from the JSON report, so a report from any run,
// or two for `compare`, renders the same way.
//
// Sections: the scenario (description, lesson, replay command), a summary table and the
// expectations, latency over time (p50, p99, p99.9, max per operation by intended start;
// log or linear scale), completions per second (ok and failed, by completion), the
// percentile spectrum (latency against 1/(1-q)), the fault timeline and phases, per-server
// CPU utilisation and queue depths (a sentence instead of a chart of zeros), an optional
// message diagram, and the resolved parameters. Time charts shade fault windows in their
// kind's colour and the drain after the workload (reports/report_charts.h). A missing
// latency (no successful operation) shows as "-" in tables and is named on its chart.
// Deterministic: the same JSON gives the same bytes.
#pragma once

#include <string>

#include "reports/compare.h"

namespace scar::reports {

// REQUIRES: `report_json` is a report written by to_json. `diagram_svg` (optional) is
// placed in its own section.
std::string html_report(const std::string& report_json, const std::string& diagram_svg = {});

// The comparison: the metrics that changed (regressions in red, with their reason; neutral
// counts without a verdict), both summaries, then latency, throughput and the spectrum of
// both reports overlaid on shared axes (base dashed, new solid), and both fault timelines.
std::string compare_html(const std::string& base_json, const std::string& current_json,
                         const ReportComparison& comparison);

}  // namespace scar::reports
