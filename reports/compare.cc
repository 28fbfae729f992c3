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

using Json = nlohmann::json;

bool is_latency(const std::string& metric) { return metric.find(".latency.") != std::string::npos; }

bool higher_is_worse(const std::string& metric) {
  for (const char* better :
       {".ok", ".throughput", "availability", ".count", ".sent", ".delivered"}) {
    if (metric.ends_with(better) || metric == better) return false;
  }
  return true;
}

// Every comparable number of a report, by metric path (the expectation names).
std::map<std::string, double> metrics_of(const Json& report) {
  std::map<std::string, double> metrics;
  for (const auto& [name, op] : report.at("operations").items()) {
    for (const char* field : {"count", "ok", "error", "timeout", "unfinished", "retries"}) {
      metrics[name + "." + field] = op.at(field).get<double>();
    }
    metrics[name + ".throughput"] = op.at("throughput_per_s").get<double>();
    for (const auto& [quantile, value] : op.at("latency_ns").items()) {
      metrics[name + ".latency." + quantile] = value.get<double>();
    }
  }
  metrics["availability"] = report.at("availability").get<double>();
  if (report.at("lost_acknowledged_writes").is_number()) {
    metrics["lost_acknowledged_writes"] = report.at("lost_acknowledged_writes").get<double>();
  }
  for (const auto& [field, value] : report.at("network").items())
    metrics["network." + field] = value.get<double>();
  for (const auto& [type, counts] : report.at("messages").items()) {
    for (const auto& [field, value] : counts.items())
      metrics["messages." + type + "." + field] = value.get<double>();
  }
  return metrics;
}

std::string value_text(const std::string& metric, double value) {
  if (std::isnan(value)) return "-";
  if (is_latency(metric)) return sim::format_duration(sim::Duration{std::llround(value)});
  return fmt::format("{:.6g}", value);
}

std::optional<Json> parse(const std::string& text) {
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("schema_version") ||
      !json.contains("operations")) {
    return std::nullopt;
  }
  return json;
}

}  // namespace

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
  if (error == std::errc{} && end == limit.data() + limit.size() && number >= 0) {
    threshold.limit = threshold.relative ? number / 100 : number;
    return threshold;
  }
  if (auto duration = sim::parse_duration(limit); duration && !threshold.relative) {
    threshold.limit = static_cast<double>(duration->count());
    return threshold;
  }
  return fmt::format("expected a limit such as 10%, 5 or 2ms after '=', found \"{}\"",
                     text.substr(equals + 1));
}

bool ReportComparison::regressed() const {
  return std::any_of(rows.begin(), rows.end(),
                     [](const ComparisonRow& row) { return row.regressed; });
}

std::variant<ReportComparison, std::string> compare_reports(
    const std::string& base_json, const std::string& current_json,
    const std::vector<Threshold>& thresholds, bool force) {
  const auto base = parse(base_json);
  const auto current = parse(current_json);
  if (!base || !current) return std::string("not a scar JSON report (written by scar run --json)");
  if (!force && base->at("schema_version") != current->at("schema_version")) {
    return fmt::format(
        "the reports have different schema versions ({} and {}); --force compares anyway",
        base->at("schema_version").dump(), current->at("schema_version").dump());
  }
  if (!force && base->at("scenario") != current->at("scenario")) {
    return fmt::format(
        "the reports are of different scenarios ({} and {}); --force compares anyway",
        base->at("scenario").dump(), current->at("scenario").dump());
  }
  const auto before = metrics_of(*base);
  const auto after = metrics_of(*current);
  std::map<std::string, bool> names;
  for (const auto& [name, value] : before) names[name] = true;
  for (const auto& [name, value] : after) names[name] = true;
  ReportComparison comparison;
  for (const auto& [name, present] : names) {
    ComparisonRow row;
    row.metric = name;
    row.base = before.contains(name) ? before.at(name) : NAN;
    row.current = after.contains(name) ? after.at(name) : NAN;
    row.higher_is_worse = higher_is_worse(name);
    for (const Threshold& threshold : thresholds) {
      if (threshold.metric == name) row.threshold = &threshold;
    }
    if (row.threshold != nullptr && !std::isnan(row.base) && !std::isnan(row.current)) {
      const double worse_by = row.higher_is_worse ? row.current - row.base : row.base - row.current;
      const double allowed = row.threshold->relative ? row.threshold->limit * std::abs(row.base)
                                                     : row.threshold->limit;
      row.regressed = worse_by > allowed;
    }
    comparison.rows.push_back(row);
  }
  for (const Threshold& threshold : thresholds) {
    if (!names.contains(threshold.metric))
      comparison.unknown_thresholds.push_back(threshold.metric);
  }
  return comparison;
}

std::string comparison_table(const ReportComparison& comparison) {
  std::string out =
      fmt::format("{:<36} {:>12} {:>12} {:>9}  {}\n", "metric", "base", "new", "change", "verdict");
  for (const ComparisonRow& row : comparison.rows) {
    const bool unchanged = row.base == row.current;
    if (unchanged && row.threshold == nullptr) continue;
    std::string change = "-";
    if (!std::isnan(row.base) && !std::isnan(row.current) && row.base != 0) {
      change = fmt::format("{:+.1f}%", 100 * (row.current - row.base) / std::abs(row.base));
    }
    std::string verdict;
    if (row.threshold != nullptr) {
      verdict =
          fmt::format("{} (limit {})", row.regressed ? "REGRESSED" : "ok", row.threshold->text);
    } else if (!unchanged) {
      const bool worse = row.higher_is_worse ? row.current > row.base : row.current < row.base;
      verdict = worse ? "worse" : "better";
    }
    out += fmt::format("{:<36} {:>12} {:>12} {:>9}  {}\n", row.metric,
                       value_text(row.metric, row.base), value_text(row.metric, row.current),
                       change, verdict);
  }
  return out;
}

}  // namespace scar::reports
