// `scar compare`: two JSON reports side by side, metric by metric, and a verdict against
// regression thresholds.
//
// A threshold is "METRIC=LIMIT": LIMIT with a % is relative to the base ("10%"), without
// it absolute, in the metric's unit or as a duration ("5ms"). A metric regresses when it
// moves in its bad direction by more than the limit: latencies, errors, timeouts,
// unfinished operations, lost writes and drops are worse higher; throughput,
// availability and ok counts are worse lower.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace scar::reports {

struct Threshold {
  std::string metric;
  double limit = 0;
  bool relative = false;  // limit is a fraction of the base value
  std::string text;       // as given
};

// Parses "put.latency.p99=10%" / "get.timeout=5" / "get.latency.p50=2ms".
std::variant<Threshold, std::string> parse_threshold(const std::string& text);

struct ComparisonRow {
  std::string metric;
  double base = 0;
  double current = 0;
  bool higher_is_worse = true;
  const Threshold* threshold = nullptr;  // the one that applies, if any
  bool regressed = false;
};

struct ReportComparison {
  std::vector<ComparisonRow> rows;
  std::vector<std::string> unknown_thresholds;  // thresholds naming no metric of either report
  bool regressed() const;
};

// Compares two reports (their JSON text). An error string when either does not parse, or
// when they are of different scenarios or schema versions and `force` is not set.
std::variant<ReportComparison, std::string> compare_reports(
    const std::string& base_json, const std::string& current_json,
    const std::vector<Threshold>& thresholds, bool force);

std::string comparison_table(const ReportComparison& comparison);

}  // namespace scar::reports
