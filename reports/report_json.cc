#include "reports/report_json.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace scar::reports {
namespace {

using Json = nlohmann::ordered_json;

// Percentiles of successful operations; every field null when none succeeded, so that an
// outage can never read as a latency of 0.
Json latency_json(const LatencyHistogram& histogram) {
  if (histogram.count() == 0) {
    return {{"p50", nullptr},   {"p90", nullptr}, {"p99", nullptr}, {"p999", nullptr},
            {"p9999", nullptr}, {"max", nullptr}, {"min", nullptr}};
  }
  return {{"p50", histogram.percentile(0.5).count()},
          {"p90", histogram.percentile(0.9).count()},
          {"p99", histogram.percentile(0.99).count()},
          {"p999", histogram.percentile(0.999).count()},
          {"p9999", histogram.percentile(0.9999).count()},
          {"max", histogram.max().count()},
          {"min", histogram.min().count()}};
}

// The percentile spectrum (HdrHistogram's plot): [quantile, latency_ns] pairs.
Json spectrum_json(const LatencyHistogram& histogram) {
  Json points = Json::array();
  if (histogram.count() == 0) return points;
  for (double q : {0.0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99995,
                   0.99999, 1.0}) {
    points.push_back({q, histogram.percentile(q).count()});
  }
  return points;
}

// With the scenario's report.mean: latency_ns.mean, the exact mean (null when none succeeded).
Json operation_latency_json(const OperationSummary& op, bool show_mean) {
  Json latency = latency_json(op.latency);
  if (show_mean) {
    const std::optional<sim::Duration> mean = op.mean();
    latency["mean"] = mean ? Json(mean->count()) : Json();
  }
  return latency;
}

Json operations_json(const std::vector<OperationSummary>& summaries, sim::Duration span,
                     bool show_mean) {
  Json operations = Json::object();
  const double seconds = static_cast<double>(span.count()) / 1e9;
  for (const OperationSummary& op : summaries) {
    operations[op.name] = {
        {"count", op.count},
        {"ok", op.ok},
        {"error", op.error},
        {"timeout", op.timeout},
        {"unfinished", op.unfinished},
        {"retries", op.retries},
        {"throughput_per_s", seconds > 0 ? static_cast<double>(op.ok) / seconds : 0.0},
        {"latency_ns", operation_latency_json(op, show_mean)},
        {"spectrum", spectrum_json(op.latency)}};
  }
  return operations;
}

// Null for a scenario without a lesson block.
Json lesson_json(const RunReport& report) {
  if (!report.lesson_block) return nullptr;
  const LessonSummary& lesson = *report.lesson_block;
  Json point = Json::array();
  for (const auto& [metric, value] : lesson.point)
    point.push_back({{"metric", metric}, {"value", std::isnan(value) ? Json() : Json(value)}});
  return {{"section", lesson.section},
          {"question", lesson.question},
          {"explanation", lesson.explanation},
          {"fix", lesson.fix},
          {"fixed", lesson.fixed},
          {"point", point}};
}

Json invariant_json(const RunReport& report) {
  if (!report.invariant) return nullptr;
  return {{"name", report.invariant->name},
          {"detail", report.invariant->detail},
          {"time_ns", sim::to_ns(report.invariant->time)},
          {"event", report.invariant->event}};
}

Json faults_json(const RunReport& report) {
  Json faults = Json::array();
  for (const FaultSummary& fault : report.faults) {
    faults.push_back({{"kind", fault.kind},
                      {"start_ns", sim::to_ns(fault.start)},
                      {"end_ns", sim::to_ns(fault.end)},
                      {"targets", fault.targets},
                      {"origin", fault.from_nemesis ? "nemesis" : "script"}});
  }
  return faults;
}

Json flags_json(const RunReport& report) {
  Json flags = Json::array();
  for (const FlagSummary& flag : report.flags) {
    flags.push_back({{"name", flag.name}, {"at_ns", sim::to_ns(flag.at)}, {"value", flag.value}});
  }
  return flags;
}

Json phases_json(const RunReport& report) {
  Json phases = Json::array();
  for (const PhaseSummary& phase : report.phases) {
    phases.push_back({{"name", phase.name},
                      {"start_ns", sim::to_ns(phase.start)},
                      {"end_ns", sim::to_ns(phase.end)},
                      {"operations", operations_json(phase.operations, phase.end - phase.start,
                                                     report.show_mean)}});
  }
  return phases;
}

template <class Window, class Field>
Json column(const std::vector<Window>& windows, Field field) {
  Json values = Json::array();
  for (const Window& window : windows) values.push_back(field(window));
  return values;
}

// A window's percentile, null when no operation started in it succeeded.
Json window_latency(const OperationWindow& window, double quantile) {
  if (window.latency.count() == 0) return nullptr;
  return quantile < 1 ? window.latency.percentile(quantile).count() : window.latency.max().count();
}

// Each counter that changed: its growth per window in total and per holder.
Json metric_series_json(const std::vector<MetricSeries>& metrics) {
  Json json = Json::object();
  for (const MetricSeries& metric : metrics) {
    Json holders = Json::object();
    for (const MetricHolderSeries& holder : metric.holders) holders[holder.name] = holder.windows;
    json[metric.name] = {{"meaning", metric.meaning}, {"total", metric.total}, {"nodes", holders}};
  }
  return json;
}

// A window's exact mean latency of successful operations, null when none succeeded.
Json window_mean(const OperationWindow& window) {
  if (window.ok == 0) return nullptr;
  return window.latency_sum.count() / static_cast<std::int64_t>(window.ok);
}

// With `show_mean` (a scenario's report.mean) each operation also has `mean_ns`.
Json series_json(const TimeSeries& series, bool show_mean) {
  Json operations = Json::object();
  for (const OperationSeries& op : series.operations) {
    const auto& w = op.windows;
    operations[op.name] = {
        {"count", column(w, [](const OperationWindow& x) { return x.count; })},
        {"ok", column(w, [](const OperationWindow& x) { return x.ok; })},
        {"error", column(w, [](const OperationWindow& x) { return x.error; })},
        {"timeout", column(w, [](const OperationWindow& x) { return x.timeout; })},
        {"unfinished", column(w, [](const OperationWindow& x) { return x.unfinished; })},
        {"completed_ok", column(w, [](const OperationWindow& x) { return x.completed_ok; })},
        {"completed_failed",
         column(w, [](const OperationWindow& x) { return x.completed_failed; })},
        {"p50_ns", column(w, [](const OperationWindow& x) { return window_latency(x, 0.5); })},
        {"p99_ns", column(w, [](const OperationWindow& x) { return window_latency(x, 0.99); })},
        {"p999_ns", column(w, [](const OperationWindow& x) { return window_latency(x, 0.999); })},
        {"max_ns", column(w, [](const OperationWindow& x) { return window_latency(x, 1); })}};
    if (show_mean) operations[op.name]["mean_ns"] = column(w, window_mean);
  }
  Json nodes = Json::object();
  for (const NodeSeries& node : series.nodes) {
    const auto& w = node.windows;
    nodes[node.name] = {
        {"sent", column(w, [](const NodeWindow& x) { return x.sent; })},
        {"received", column(w, [](const NodeWindow& x) { return x.received; })},
        {"dropped", column(w, [](const NodeWindow& x) { return x.dropped; })},
        {"inbox_depth_max", column(w, [](const NodeWindow& x) { return x.inbox_depth_max; })},
        {"disk_queue_max", column(w, [](const NodeWindow& x) { return x.disk_queue_max; })},
        {"cpu_utilisation", column(w, [](const NodeWindow& x) { return x.cpu_utilisation; })},
        {"roles", node.roles},
        {"role", column(w, [](const NodeWindow& x) { return x.role; })}};
  }
  return {{"window_ns", series.window.count()},
          {"windows", series.window_count},
          {"operations", operations},
          {"nodes", nodes},
          {"metrics", metric_series_json(series.metrics)}};
}

Json metrics_json(const std::vector<std::pair<std::string, std::int64_t>>& metrics) {
  Json json = Json::object();
  for (const auto& [name, value] : metrics) json[name] = value;
  return json;
}

Json nodes_json(const RunReport& report) {
  Json nodes = Json::object();
  for (const NodeSummary& node : report.nodes) {
    nodes[node.name] = {{"role", node.role},
                        {"sent", node.sent},
                        {"sent_bytes", node.sent_bytes},
                        {"received", node.received},
                        {"dropped", node.dropped},
                        {"inbox_depth_max", node.inbox_depth_max},
                        {"metrics", metrics_json(node.metrics)}};
  }
  return nodes;
}

Json messages_json(const RunReport& report) {
  Json messages = Json::object();
  for (const MessageSummary& message : report.messages) {
    messages[message.type] = {
        {"sent", message.sent}, {"delivered", message.delivered}, {"dropped", message.dropped}};
  }
  return messages;
}

Json violation_json(const CheckSummary& check) {
  static constexpr const char* roles[] = {"linearized", "could go next", "blocked"};
  Json operations = Json::array();
  for (const CheckOperation& op : check.violation) {
    operations.push_back(
        {{"text", op.text},
         {"outcome", op.outcome},
         {"invoked_ns", sim::to_ns(op.invoked)},
         {"completed_ns", op.completed ? Json(sim::to_ns(*op.completed)) : Json(nullptr)},
         {"role", roles[static_cast<int>(op.role)]}});
  }
  return operations;
}

Json checks_json(const RunReport& report) {
  Json checks = Json::object();
  for (const CheckSummary& check : report.checks) {
    checks[check.name] = {
        {"verdict", check.outcome},       {"passed", check.verdict == CheckVerdict::passed},
        {"operations", check.operations}, {"keys", check.keys},
        {"detail", check.detail},         {"violation", violation_json(check)}};
    if (check.name == "converged") checks[check.name]["divergent_keys"] = check.divergent_keys;
  }
  return checks;
}

Json expectations_json(const RunReport& report) {
  Json expectations = Json::array();
  for (const ExpectationResult& result : report.expectations) {
    Json actual = std::isfinite(result.actual) ? Json(result.actual) : Json(nullptr);
    expectations.push_back({{"text", result.text}, {"held", result.held}, {"actual", actual}});
  }
  return expectations;
}

Json counter_json(const RunReport& report) {
  if (!report.counter) return nullptr;
  return {{"double_counted", report.counter->double_counted},
          {"lost_adds", report.counter->lost_adds},
          {"adds", report.counter->adds},
          {"double_counted_by_window", report.counter->double_counted_by_window}};
}

}  // namespace

std::string to_json(const RunReport& report, WallClock wall) {
  Json json = {{"schema_version", 1},
               {"scenario", report.scenario},
               {"description", report.description},
               {"lesson", report.lesson},
               {"lesson_block", lesson_json(report)},
               {"parameters", report.parameters},
               {"replay", report.replay},
               {"seed", report.seed},
               {"runtime", report.runtime},
               {"trace_hash", fmt::format("{:016x}", report.trace_hash)},
               {"end", report.end},
               {"invariant", invariant_json(report)},
               {"simulated",
                {{"duration_ns", report.simulated_duration.count()},
                 {"workload_ns", report.workload_duration.count()},
                 {"events", report.events}}},
               {"operations",
                operations_json(report.operations, report.workload_duration, report.show_mean)},
               {"availability", report.availability()},
               {"lost_acknowledged_writes", report.lost_acknowledged_writes},
               {"stale_reads", report.stale_reads},
               {"counter", counter_json(report)},
               {"faults", faults_json(report)},
               {"flags", flags_json(report)},
               {"phases", phases_json(report)},
               {"series", series_json(report.series, report.show_mean)},
               {"network",
                {{"sent", report.network_sent()},
                 {"delivered", report.network_delivered()},
                 {"dropped", report.network_dropped()}}},
               {"nodes", nodes_json(report)},
               {"metrics", metrics_json(report.metrics)},
               {"messages", messages_json(report)},
               {"checks", checks_json(report)},
               {"expectations", expectations_json(report)}};
  if (wall == WallClock::include) {
    json["wall"] = {{"seconds", report.wall_seconds}};
    for (const CheckSummary& check : report.checks)
      json["wall"]["check_" + check.name + "_seconds"] = check.wall_seconds;
  }
  return json.dump(2) + "\n";
}

}  // namespace scar::reports
