// `expect` lines: "<metric> <op> <value>", e.g. "get.latency.p99 < 50ms". Metrics name
// fields of the report (see metric_names); values are numbers, durations (compared in
// nanoseconds) or booleans (true is 1).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "reports/run_report.h"

namespace scar::reports {

enum class Comparison { less, less_equal, greater, greater_equal, equal, not_equal };

struct Expectation {
  std::string text;
  std::string metric;
  Comparison comparison = Comparison::less;
  double value = 0;
};

// Every metric path an expectation may name, for the given operation names and the
// protocol's counters (each named metrics.<counter>).
std::vector<std::string> metric_names(const std::vector<std::string>& operations,
                                      const std::vector<std::string>& counters = {});

// The parsed expectation, or a sentence saying what is wrong with `text`.
std::variant<Expectation, std::string> parse_expectation(
    std::string_view text, const std::vector<std::string>& operations,
    const std::vector<std::string>& counters = {});

// The check that measures `metric` ("checks.converged" and "divergent_keys": "converged"),
// or empty for a metric every run has.
std::string_view check_measuring(std::string_view metric);

// The metric's value in `report`; null if the path names nothing.
std::optional<double> metric_value(const RunReport& report, std::string_view metric);

// A metric's value as people read it: a duration for latencies, true/false for checks,
// "none" when it has no value (NaN).
std::string metric_text(std::string_view metric, double value);

ExpectationResult evaluate(const Expectation& expectation, const RunReport& report);

}  // namespace scar::reports
