#include "reports/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "sim/time.h"

namespace scar::reports {
namespace {

using Json = nlohmann::ordered_json;

bool is_latency(const std::string& metric) { return metric.find(".latency.") != std::string::npos; }

Direction direction_of(const std::string& metric) {
  for (const char* neutral : {".count", "network.sent", "network.delivered", ".sent", ".delivered"})
    if (metric.ends_with(neutral)) return Direction::neutral;
  for (const char* better : {".ok", ".throughput", "availability"})
    if (metric.ends_with(better)) return Direction::lower_is_worse;
  return Direction::higher_is_worse;
}

// A report that does not have the shape to_json writes: the JSON path and what is wrong.
struct Malformed {
  std::string message;
};

const char* type_name(const Json& json) {
  if (json.is_object()) return "an object";
  if (json.is_array()) return "an array";
  if (json.is_string()) return "a string";
  if (json.is_boolean()) return "a boolean";
  return "null";
}

const Json& member(const Json& object, const std::string& key, const std::string& path) {
  if (!object.is_object()) {
    throw Malformed{fmt::format("at {}: expected an object, found {}", path, type_name(object))};
  }
  const auto found = object.find(key);
  if (found == object.end()) throw Malformed{fmt::format("at {}: no \"{}\"", path, key)};
  return *found;
}

using Metrics = std::vector<std::pair<std::string, std::optional<double>>>;

// A number, or no value for null; anything else is a malformed report.
void add(Metrics& metrics, const std::string& name, const Json& value, const std::string& path) {
  if (value.is_null()) {
    metrics.emplace_back(name, std::nullopt);
  } else if (value.is_number()) {
    metrics.emplace_back(name, value.get<double>());
  } else {
    throw Malformed{
        fmt::format("at {}: expected a number or null, found {}", path, type_name(value))};
  }
}

void add_all(Metrics& metrics, const std::string& prefix, const Json& object,
             const std::string& path) {
  if (!object.is_object()) {
    throw Malformed{fmt::format("at {}: expected an object, found {}", path, type_name(object))};
  }
  for (const auto& [field, value] : object.items())
    add(metrics, prefix + field, value, path + "." + field);
}

// Every comparable number of a report, by metric path (the expectation names), in reading
// order.
Metrics metrics_of(const Json& report) {
  Metrics metrics;
  const Json& operations = member(report, "operations", "(top level)");
  if (!operations.is_object()) {
    throw Malformed{
        fmt::format("at operations: expected an object, found {}", type_name(operations))};
  }
  for (const auto& [name, op] : operations.items()) {
    const std::string path = "operations." + name;
    for (const char* field : {"count", "ok", "error", "timeout", "unfinished", "retries"})
      add(metrics, name + "." + field, member(op, field, path), path + "." + field);
    add(metrics, name + ".throughput", member(op, "throughput_per_s", path),
        path + ".throughput_per_s");
    add_all(metrics, name + ".latency.", member(op, "latency_ns", path), path + ".latency_ns");
  }
  add(metrics, "availability", member(report, "availability", "(top level)"), "availability");
  if (report.contains("lost_acknowledged_writes")) {
    add(metrics, "lost_acknowledged_writes", report.at("lost_acknowledged_writes"),
        "lost_acknowledged_writes");
  }
  if (report.contains("counter") && !report.at("counter").is_null()) {
    const Json& counter = report.at("counter");
    for (const char* field : {"double_counted", "lost_adds"})
      add(metrics, field, member(counter, field, "counter"), std::string("counter.") + field);
  }
  if (report.contains("network")) add_all(metrics, "network.", report.at("network"), "network");
  if (report.contains("messages")) {
    const Json& messages = report.at("messages");
    if (!messages.is_object()) {
      throw Malformed{
          fmt::format("at messages: expected an object, found {}", type_name(messages))};
    }
    for (const auto& [type, counts] : messages.items())
      add_all(metrics, "messages." + type + ".", counts, "messages." + type);
  }
  return metrics;
}

std::variant<Json, std::string> parse(const std::string& text) {
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded()) return std::string("not valid JSON");
  if (!json.is_object() || !json.contains("schema_version") || !json.contains("operations")) {
    return std::string("not a scar JSON report (written by scar run --json)");
  }
  return json;
}

// Why a limit cannot be judged, or empty when both values are there.
std::string missing_reason(const ComparisonRow& row, bool in_base, bool in_current) {
  const char* side = !row.current ? "new" : "base";
  const bool present = !row.current ? in_current : in_base;
  if (!present) return fmt::format("{} is not in the {} report", row.metric, side);
  if (is_latency(row.metric)) {
    const std::string operation = row.metric.substr(0, row.metric.find('.'));
    return fmt::format("no successful {} operation in the {} report, so it has no latency",
                       operation, side);
  }
  return fmt::format("{} has no value in the {} report", row.metric, side);
}

void judge(ComparisonRow& row, bool in_base, bool in_current) {
  if (row.threshold == nullptr) return;
  if (!row.base || !row.current) {
    row.regressed = true;
    row.reason = missing_reason(row, in_base, in_current);
    return;
  }
  const double change = *row.current - *row.base;
  const double worse_by = row.direction == Direction::higher_is_worse  ? change
                          : row.direction == Direction::lower_is_worse ? -change
                                                                       : std::abs(change);
  const double allowed =
      row.threshold->relative ? row.threshold->limit * std::abs(*row.base) : row.threshold->limit;
  row.regressed = worse_by > allowed;
}

std::string verdict_of(const ComparisonRow& row) {
  if (row.threshold != nullptr) {
    if (!row.reason.empty()) return fmt::format("REGRESSED: {}", row.reason);
    return fmt::format("{} (limit {})", row.regressed ? "REGRESSED" : "ok", row.threshold->text);
  }
  if (row.base == row.current || row.direction == Direction::neutral) return "";
  if (!row.base || !row.current) return !row.current ? "worse (no value now)" : "better";
  const bool worse = row.direction == Direction::higher_is_worse ? *row.current > *row.base
                                                                 : *row.current < *row.base;
  return worse ? "worse" : "better";
}

}  // namespace

std::string comparison_value_text(const std::string& metric, std::optional<double> value) {
  if (!value) return "-";
  if (is_latency(metric)) return sim::format_duration(sim::Duration{std::llround(*value)});
  return fmt::format("{:.6g}", *value);
}

std::variant<Threshold, std::string> parse_threshold(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
    return std::string("expected METRIC=LIMIT, e.g. put.latency.p99=10% or get.timeout=5");
  }
  Threshold threshold{text.substr(0, equals), 0, false, text};
  std::string limit = text.substr(equals + 1);
  if (limit.back() == '%') {
    threshold.relative = true;
    limit.pop_back();
  }
  double number = 0;
  auto [end, error] = std::from_chars(limit.data(), limit.data() + limit.size(), number);
  if (error == std::errc{} && end == limit.data() + limit.size() && std::isfinite(number) &&
      number >= 0) {
    threshold.limit = threshold.relative ? number / 100 : number;
    return threshold;
  }
  if (auto duration = sim::parse_duration(limit); duration && !threshold.relative) {
    threshold.limit = static_cast<double>(duration->count());
    return threshold;
  }
  return fmt::format("expected a finite limit such as 10%, 5 or 2ms after '=', found \"{}\"",
                     text.substr(equals + 1));
}

bool ReportComparison::regressed() const { return !regressions().empty(); }

std::vector<const ComparisonRow*> ReportComparison::regressions() const {
  std::vector<const ComparisonRow*> result;
  for (const ComparisonRow& row : rows)
    if (row.regressed) result.push_back(&row);
  return result;
}

std::variant<ReportComparison, std::string> compare_reports(
    const std::string& base_json, const std::string& current_json,
    const std::vector<Threshold>& thresholds, bool force) {
  auto base_parsed = parse(base_json);
  if (auto* problem = std::get_if<std::string>(&base_parsed)) return "the base: " + *problem;
  auto current_parsed = parse(current_json);
  if (auto* problem = std::get_if<std::string>(&current_parsed)) return "the new: " + *problem;
  const Json& base = std::get<Json>(base_parsed);
  const Json& current = std::get<Json>(current_parsed);
  if (!force && base.at("schema_version") != current.at("schema_version")) {
    return fmt::format(
        "the reports have different schema versions ({} and {}); --force compares anyway",
        base.at("schema_version").dump(), current.at("schema_version").dump());
  }
  if (!force && base.value("scenario", Json()) != current.value("scenario", Json())) {
    return fmt::format(
        "the reports are of different scenarios ({} and {}); --force compares anyway",
        base.value("scenario", Json()).dump(), current.value("scenario", Json()).dump());
  }
  Metrics before;
  Metrics after;
  try {
    before = metrics_of(base);
  } catch (const Malformed& malformed) {
    return "the base report is malformed: " + malformed.message;
  }
  try {
    after = metrics_of(current);
  } catch (const Malformed& malformed) {
    return "the new report is malformed: " + malformed.message;
  }
  // Rows in the base's order, then metrics only the new report has.
  const std::map<std::string, std::optional<double>> base_values(before.begin(), before.end());
  const std::map<std::string, std::optional<double>> current_values(after.begin(), after.end());
  std::vector<std::string> names;
  for (const auto& [name, value] : before) names.push_back(name);
  for (const auto& [name, value] : after)
    if (!base_values.contains(name)) names.push_back(name);
  ReportComparison comparison;
  for (const std::string& name : names) {
    ComparisonRow row;
    row.metric = name;
    const auto in_base = base_values.find(name);
    const auto in_current = current_values.find(name);
    if (in_base != base_values.end()) row.base = in_base->second;
    if (in_current != current_values.end()) row.current = in_current->second;
    // A report lists only the message types that were sent: absent, the counts are 0.
    if (name.starts_with("messages.")) {
      if (in_base == base_values.end()) row.base = 0;
      if (in_current == current_values.end()) row.current = 0;
    }
    row.direction = direction_of(name);
    for (const Threshold& threshold : thresholds)
      if (threshold.metric == name) row.threshold = &threshold;
    judge(row, row.base.has_value() || in_base != base_values.end(),
          row.current.has_value() || in_current != current_values.end());
    comparison.rows.push_back(std::move(row));
  }
  for (const Threshold& threshold : thresholds) {
    if (!base_values.contains(threshold.metric) && !current_values.contains(threshold.metric))
      comparison.unknown_thresholds.push_back(threshold.metric);
  }
  return comparison;
}

std::string comparison_table(const ReportComparison& comparison) {
  std::string out =
      fmt::format("{:<36} {:>12} {:>12} {:>9}  {}\n", "metric", "base", "new", "change", "verdict");
  for (const ComparisonRow& row : comparison.rows) {
    if (row.base == row.current && row.threshold == nullptr) continue;
    std::string change = "-";
    if (row.base && row.current && *row.base != 0) {
      change = fmt::format("{:+.1f}%", 100 * (*row.current - *row.base) / std::abs(*row.base));
    }
    out += fmt::format("{:<36} {:>12} {:>12} {:>9}  {}\n", row.metric,
                       comparison_value_text(row.metric, row.base),
                       comparison_value_text(row.metric, row.current), change, verdict_of(row));
  }
  return out;
}

}  // namespace scar::reports
