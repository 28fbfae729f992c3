// The HTML report: one self-contained file (inline CSS and SVG, no scripts, nothing
// fetched) that reads at a glance. Built from the JSON report, so a report from any run,
// or two for `compare`, renders the same way.
//
// Sections: the scenario (description, lesson, replay command), a summary table and the
// expectations, latency over time (p50, p99, p99.9, max per operation, fault windows
// shaded; log or linear scale), throughput and errors over time, the percentile spectrum
// (latency against 1/(1-q)), the fault timeline and phases, per-node CPU utilisation and
// queue depths, an optional message diagram, and the resolved parameters.
#pragma once

#include <string>

#include "reports/compare.h"

namespace scar::reports {

// REQUIRES: `report_json` is a report written by to_json. `diagram_svg` (optional) is
// placed in its own section.
std::string html_report(const std::string& report_json, const std::string& diagram_svg = {});

// Both reports side by side under the comparison table.
std::string compare_html(const std::string& base_json, const std::string& current_json,
                         const ReportComparison& comparison);

}  // namespace scar::reports
