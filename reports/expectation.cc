#include "reports/expectation.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "sim/time.h"

namespace scar::reports {
namespace {

constexpr std::string_view operation_fields[] = {"count",      "ok",      "error",     "timeout",
                                                 "unfinished", "retries", "throughput"};
constexpr std::string_view latency_fields[] = {"p50",   "p90", "p99", "p999",
                                               "p9999", "max", "min", "mean"};
constexpr std::string_view run_fields[] = {"availability",       "lost_acknowledged_writes",
                                           "network.sent",       "network.delivered",
                                           "network.dropped",    "events",
                                           "stale_reads",        "checks.linearizable",
                                           "checks.stale_reads", "checks.lost_writes",
                                           "checks.converged",   "checks.counter",
                                           "double_counted",     "lost_adds",
                                           "invariants_held",    "divergent_keys"};

struct ComparisonText {
  std::string_view text;
  Comparison comparison;
};
// Two-character operators first, so "<=" is not read as "<".
constexpr ComparisonText comparisons[] = {
    {"<=", Comparison::less_equal}, {">=", Comparison::greater_equal}, {"==", Comparison::equal},
    {"!=", Comparison::not_equal},  {"<", Comparison::less},           {">", Comparison::greater}};

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

std::optional<double> parse_value(std::string_view text) {
  if (text == "true") return 1.0;
  if (text == "false") return 0.0;
  double number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error == std::errc{} && end == text.data() + text.size()) {
    if (!std::isfinite(number)) return std::nullopt;
    return number;
  }
  if (auto duration = sim::parse_duration(text)) return static_cast<double>(duration->count());
  return std::nullopt;
}

// No value when no operation succeeded: an outage has no latency, and a latency bound must
// not hold for it.
std::optional<double> latency_value(const LatencyHistogram& histogram, std::string_view field) {
  if (histogram.count() == 0) return std::nullopt;
  if (field == "max") return static_cast<double>(histogram.max().count());
  if (field == "min") return static_cast<double>(histogram.min().count());
  static constexpr std::pair<std::string_view, double> quantiles[] = {
      {"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p999", 0.999}, {"p9999", 0.9999}};
  for (const auto& [name, quantile] : quantiles) {
    if (field == name) return static_cast<double>(histogram.percentile(quantile).count());
  }
  return std::nullopt;
}

std::optional<double> operation_value(const RunReport& report, const OperationSummary& op,
                                      std::string_view field) {
  if (field == "latency.mean") {
    const std::optional<sim::Duration> mean = op.mean();
    if (!mean) return std::nullopt;
    return static_cast<double>(mean->count());
  }
  if (field.starts_with("latency.")) return latency_value(op.latency, field.substr(8));
  if (field == "count") return static_cast<double>(op.count);
  if (field == "ok") return static_cast<double>(op.ok);
  if (field == "error") return static_cast<double>(op.error);
  if (field == "timeout") return static_cast<double>(op.timeout);
  if (field == "unfinished") return static_cast<double>(op.unfinished);
  if (field == "retries") return static_cast<double>(op.retries);
  if (field == "throughput") {
    const double seconds = static_cast<double>(report.workload_duration.count()) / 1e9;
    return seconds > 0 ? static_cast<double>(op.ok) / seconds : 0.0;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> metric_names(const std::vector<std::string>& operations,
                                      const std::vector<std::string>& counters) {
  std::vector<std::string> names(std::begin(run_fields), std::end(run_fields));
  for (const std::string& counter : counters) names.push_back("metrics." + counter);
  for (const std::string& op : operations) {
    for (std::string_view field : operation_fields)
      names.push_back(fmt::format("{}.{}", op, field));
    for (std::string_view field : latency_fields) {
      names.push_back(fmt::format("{}.latency.{}", op, field));
    }
  }
  return names;
}

std::variant<Expectation, std::string> parse_expectation(std::string_view text,
                                                         const std::vector<std::string>& operations,
                                                         const std::vector<std::string>& counters) {
  for (const ComparisonText& candidate : comparisons) {
    const std::size_t at = text.find(candidate.text);
    if (at == std::string_view::npos) continue;
    Expectation expectation;
    expectation.text = std::string(text);
    expectation.metric = std::string(trim(text.substr(0, at)));
    expectation.comparison = candidate.comparison;
    const std::string_view value_text = trim(text.substr(at + candidate.text.size()));
    const std::vector<std::string> known = metric_names(operations, counters);
    if (std::find(known.begin(), known.end(), expectation.metric) == known.end()) {
      return fmt::format("unknown metric \"{}\"", expectation.metric);
    }
    const std::optional<double> value = parse_value(value_text);
    if (!value) {
      return fmt::format(
          "expected a number, a duration (\"50ms\") or a boolean after \"{}\", found \"{}\"",
          candidate.text, value_text);
    }
    expectation.value = *value;
    return expectation;
  }
  return std::string("expected \"<metric> <op> <value>\" with op one of < <= > >= == !=");
}

std::optional<double> metric_value(const RunReport& report, std::string_view metric) {
  if (metric == "availability") return report.availability();
  if (metric == "lost_acknowledged_writes")
    return static_cast<double>(report.lost_acknowledged_writes);
  if (metric == "network.sent") return static_cast<double>(report.network_sent());
  if (metric == "network.delivered") return static_cast<double>(report.network_delivered());
  if (metric == "network.dropped") return static_cast<double>(report.network_dropped());
  if (metric == "events") return static_cast<double>(report.events);
  if (metric == "stale_reads") return static_cast<double>(report.stale_reads);
  // The run broke none of its protocol's invariants (a broken one stops the run).
  if (metric == "invariants_held") return report.invariant ? 0.0 : 1.0;
  if (metric == "double_counted" || metric == "lost_adds") {
    if (!report.counter) return std::nullopt;  // the counter check did not run
    return static_cast<double>(metric == "double_counted" ? report.counter->double_counted
                                                          : report.counter->lost_adds);
  }
  if (metric.starts_with("metrics.")) {  // a declared counter: 0 until first counted
    const std::string_view name = metric.substr(8);
    for (const auto& [counter, value] : report.metrics)
      if (counter == name) return static_cast<double>(value);
    return 0.0;
  }
  if (metric == "divergent_keys") {
    const CheckSummary* check = report.check("converged");
    if (check == nullptr) return std::nullopt;
    return static_cast<double>(check->divergent_keys);
  }
  if (metric.starts_with("checks.")) {
    // true or false when the check ran and decided; no value when it did not run or ran
    // out of time, so no expectation can hold on a guess.
    const CheckSummary* check = report.check(metric.substr(7));
    if (check == nullptr || check->verdict == CheckVerdict::unknown) return std::nullopt;
    return check->verdict == CheckVerdict::passed ? 1.0 : 0.0;
  }
  const std::size_t dot = metric.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const OperationSummary* op = report.operation(metric.substr(0, dot));
  if (op == nullptr) {
    // A known operation that never ran: every count is zero, and it has no latency.
    static const OperationSummary none;
    op = &none;
  }
  return operation_value(report, *op, metric.substr(dot + 1));
}

std::string_view check_measuring(std::string_view metric) {
  if (metric.starts_with("checks.")) return metric.substr(7);
  if (metric == "double_counted" || metric == "lost_adds") return "counter";
  if (metric == "divergent_keys") return "converged";
  return {};
}

std::string metric_text(std::string_view metric, double value) {
  const bool latency = metric.find("latency.") != std::string_view::npos;
  if (!std::isfinite(value)) return latency ? "none (no successful operations)" : "none";
  if (latency) return sim::format_duration(sim::Duration{std::llround(value)});
  if (metric.starts_with("checks.") || metric.starts_with("invariants_held"))
    return value != 0 ? "true" : "false";
  return fmt::format("{:.6g}", value);
}

ExpectationResult evaluate(const Expectation& expectation, const RunReport& report) {
  const double actual = metric_value(report, expectation.metric).value_or(NAN);
  // A metric without a value (no successful operation, an unchecked history) fails every
  // comparison, "!=" included: an expectation holds only on evidence.
  if (std::isnan(actual)) return {expectation.text, false, actual};
  bool held = false;
  switch (expectation.comparison) {
    case Comparison::less:
      held = actual < expectation.value;
      break;
    case Comparison::less_equal:
      held = actual <= expectation.value;
      break;
    case Comparison::greater:
      held = actual > expectation.value;
      break;
    case Comparison::greater_equal:
      held = actual >= expectation.value;
      break;
    case Comparison::equal:
      held = actual == expectation.value;
      break;
    case Comparison::not_equal:
      held = actual != expectation.value;
      break;
  }
  return {expectation.text, held, actual};
}

}  // namespace scar::reports
