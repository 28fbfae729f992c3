// `scar compare`: two JSON reports side by side, metric by metric, and a verdict against
// regression thresholds.
//
// A threshold is "METRIC=LIMIT": LIMIT with a % is relative to the base ("10%"), without
// it absolute, in the metric's unit or as a duration ("5ms"). A metric regresses when it
// moves in its bad direction by more than the limit: latencies, errors, timeouts,
// unfinished operations, retries, lost writes and drops are worse higher; throughput,
// availability and ok counts are worse lower; counts of what was asked or sent (operations
// invoked, messages sent and delivered) are neutral, and a limit on one bounds its change
// either way.
//
// A limit whose metric has no value in either report fails: an operation with no
// successful run has no latency (null in the JSON), and a gate that cannot read its metric
// must not pass.
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

enum class Direction { higher_is_worse, lower_is_worse, neutral };

struct ComparisonRow {
  std::string metric;
  std::optional<double> base;  // none: absent or null in that report
  std::optional<double> current;
  Direction direction = Direction::higher_is_worse;
  const Threshold* threshold = nullptr;  // the one that applies, if any
  bool regressed = false;
  std::string reason;  // why a limit failed without a comparison ("no successful put ...")
};

struct ReportComparison {
  // In reading order: per operation its counts, throughput, then latency p50 .. max, min;
  // then run-wide metrics, network and message counters.
  std::vector<ComparisonRow> rows;
  std::vector<std::string> unknown_thresholds;  // thresholds naming no metric of either report
  bool regressed() const;
  std::vector<const ComparisonRow*> regressions() const;
};

// Compares two reports (their JSON text). An error string when either is not a well-formed
// report (naming the JSON path at fault), or when they are of different scenarios or schema
// versions and `force` is not set.
std::variant<ReportComparison, std::string> compare_reports(
    const std::string& base_json, const std::string& current_json,
    const std::vector<Threshold>& thresholds, bool force);

std::string comparison_table(const ReportComparison& comparison);

// "-" for no value, a duration for latencies, a number otherwise.
std::string comparison_value_text(const std::string& metric, std::optional<double> value);

}  // namespace scar::reports
