#include "reports/html_report.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "reports/expectation.h"
#include "reports/report_charts.h"
#include "reports/run_report.h"
#include "reports/svg_chart.h"
#include "reports/violation_chart.h"
#include "sim/time.h"

namespace scar::reports {
namespace {

using Json = nlohmann::json;

constexpr const char* style = R"(
body { font-family: sans-serif; margin: 24px auto; max-width: 1600px; padding: 0 16px; color: #222; }
h1 small { color: #777; font-weight: normal; }
h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid #eee; }
th:first-child, td:first-child { text-align: left; }
.lesson { background: #fff7e0; border-left: 4px solid #f0b400; padding: 8px 12px; }
.replay { background: #f4f4f4; padding: 8px 12px; font-family: monospace; }
.held, .better { color: #1a7f37; } .worse { color: #9a6700; }
.failed, tr.regressed td { color: #c62828; font-weight: bold; }
tr.regressed { background: #fdecea; }
table.changes td:last-child, table.changes th:last-child { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
svg { max-width: 100%; height: auto; }
.scale input:checked ~ .linear, .scale input:not(:checked) ~ .log { display: none; }
.scale label { font-size: 12px; color: #555; }
pre { white-space: pre-wrap; }
)";

// A latency, count or ratio for a table cell; "-" for a null (no successful operation).
std::string cell(const Json& value, Unit unit) {
  return escape_xml(value.is_number() ? format_value(value.get<double>(), unit) : "-");
}

// The scenario asked for the mean (report.mean): latency_ns then has it.
bool shows_mean(const Json& report) {
  for (const auto& [name, op] : report.at("operations").items()) {
    if (op.at("latency_ns").contains("mean")) return true;
  }
  return false;
}

std::string operations_table(const Json& report) {
  const bool mean = shows_mean(report);
  std::string html =
      "<table><tr><th>operation</th><th>count</th><th>ok</th><th>error</th><th>timeout</th>"
      "<th>unfinished</th>" +
      std::string(mean ? "<th>mean</th>" : "") +
      "<th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>p99.99</th><th>max</th></tr>\n";
  for (const auto& [name, op] : report.at("operations").items()) {
    html += fmt::format("<tr><td>{}</td>", escape_xml(name));
    for (const char* field : {"count", "ok", "error", "timeout", "unfinished"}) {
      html += "<td>" + op.at(field).dump() + "</td>";
    }
    if (mean) html += "<td>" + cell(op.at("latency_ns").at("mean"), Unit::nanoseconds) + "</td>";
    for (const char* q : {"p50", "p90", "p99", "p999", "p9999", "max"}) {
      html += "<td>" + cell(op.at("latency_ns").at(q), Unit::nanoseconds) + "</td>";
    }
    html += "</tr>\n";
  }
  html += "</table>\n";
  if (mean) html += fmt::format("<p class=\"failed\">warning: {}</p>\n", mean_warning);
  return html;
}

std::string expectations_table(const Json& report) {
  if (report.at("expectations").empty()) return {};
  std::string html = "<table><tr><th>expectation</th><th>actual</th><th></th></tr>\n";
  for (const Json& expectation : report.at("expectations")) {
    const bool held = expectation.at("held").get<bool>();
    const std::string text = expectation.at("text").get<std::string>();
    const Unit unit = text.find("latency.") != std::string::npos ? Unit::nanoseconds : Unit::count;
    const Json& actual = expectation.at("actual");
    const bool verdict = text.starts_with("checks.") || text.starts_with("invariants_held");
    html +=
        fmt::format("<tr><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>\n", escape_xml(text),
                    verdict && actual.is_number() ? metric_text(text, actual.get<double>())
                                                  : cell(actual, unit),
                    held ? "held" : "failed", held ? "held" : "FAILED");
  }
  return html + "</table>\n";
}

std::vector<CheckOperation> violation_of(const Json& check) {
  std::vector<CheckOperation> operations;
  for (const Json& op : check.value("violation", Json::array())) {
    CheckOperation row;
    row.text = op.at("text").get<std::string>();
    row.outcome = op.at("outcome").get<std::string>();
    row.invoked = sim::Time{sim::Duration{op.at("invoked_ns").get<std::int64_t>()}};
    if (op.at("completed_ns").is_number())
      row.completed = sim::Time{sim::Duration{op.at("completed_ns").get<std::int64_t>()}};
    const std::string role = op.at("role").get<std::string>();
    row.role = role == "blocked"         ? CheckOperation::Role::blocked
               : role == "could go next" ? CheckOperation::Role::could_go_next
                                         : CheckOperation::Role::linearized;
    operations.push_back(std::move(row));
  }
  return operations;
}

// Each history check's verdict; a violation as a picture, with the table folded under it.
std::string checks_section(const Json& report) {
  const Json checks = report.value("checks", Json::object());
  if (checks.empty()) return "";
  std::string html = "<h2>Checks</h2>\n";
  for (const auto& [name, check] : checks.items()) {
    const bool passed = check.at("passed").get<bool>();
    const std::uint64_t operations = check.at("operations").get<std::uint64_t>();
    html += fmt::format(
        "<p><b>{}</b>: <span class=\"{}\">{}</span>{}</p>\n", escape_xml(name),
        passed ? "held" : "failed", escape_xml(check.at("verdict").get<std::string>()),
        operations == 0
            ? ""
            : fmt::format(" ({} operations on {} keys)", operations, check.at("keys").dump()));
    html += render_violation_svg(violation_of(check));
    if (const std::string detail = check.value("detail", ""); !detail.empty()) {
      html +=
          "<details><summary>in detail</summary><pre>" + escape_xml(detail) + "</pre></details>\n";
    }
  }
  return html;
}

// A broken protocol invariant: what broke, when, and each server's role at that moment (the
// run stopped there, so the roles in the report are the roles then).
std::string invariant_section(const Json& report) {
  const Json invariant = report.value("invariant", Json());
  if (!invariant.is_object()) return "";
  std::string roles;
  for (const auto& [name, node] : report.at("nodes").items()) {
    const std::string role = node.value("role", "");
    if (role.empty() || role == "client") continue;
    roles += fmt::format("{}<b>{}</b> {}", roles.empty() ? "" : ", ", escape_xml(name),
                         escape_xml(role));
  }
  return fmt::format(
      "<h2>Invariant broken</h2>\n<p class=\"failed\">\"{}\" after event {} at {}; the run "
      "stopped there.</p>\n<p>{}</p>\n<p>Roles then: {}</p>\n",
      escape_xml(invariant.at("name").get<std::string>()), invariant.at("event").dump(),
      sim::format_trace_time(sim::Time{sim::Duration{invariant.at("time_ns").get<std::int64_t>()}}),
      escape_xml(invariant.at("detail").get<std::string>()), roles);
}

// The counter check's numbers, when it ran.
std::string counter_line(const Json& report) {
  const Json counter = report.value("counter", Json());
  if (counter.is_null()) return "";
  return fmt::format(
      "<p>counters: {} adds invoked &middot; applied twice (at least) <b>{}</b> &middot; "
      "acknowledged and lost <b>{}</b></p>\n",
      counter.at("adds").dump(), counter.at("double_counted").dump(),
      counter.at("lost_adds").dump());
}

// The protocol's counters: one row each, the total and every node's share.
std::string metrics_table(const Json& report) {
  const Json metrics = report.value("metrics", Json::object());
  if (metrics.empty()) return "";
  std::string html = "<table><tr><th>protocol metric</th><th>total</th>";
  std::vector<std::string> holders;
  for (const auto& [name, node] : report.at("nodes").items()) {
    if (node.value("metrics", Json::object()).empty()) continue;
    holders.push_back(name);
    html += "<th>" + escape_xml(name) + "</th>";
  }
  html += "</tr>\n";
  for (const auto& [metric, total] : metrics.items()) {
    html += "<tr><td>" + escape_xml(metric) + "</td><td>" + total.dump() + "</td>";
    for (const std::string& name : holders) {
      const Json value = report.at("nodes").at(name).at("metrics").value(metric, Json(0));
      html += "<td>" + value.dump() + "</td>";
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

// How to find this run again: its trace hash, or for a live run that it has none.
std::string run_identity(const Json& report) {
  const std::string events = report.at("simulated").at("events").dump();
  if (report.value("runtime", "simulated") == "live")
    return fmt::format("ran live: {} datagrams handled, not replayable", events);
  return fmt::format("{} events, trace hash <code>{}</code>", events,
                     escape_xml(report.at("trace_hash").get<std::string>()));
}

std::string summary_section(const Json& report) {
  const Json& lost = report.at("lost_acknowledged_writes");
  return operations_table(report) +
         fmt::format(
             "<p>availability <b>{}</b> &middot; lost acknowledged writes <b>{}</b> &middot; "
             "stale reads <b>{}</b> &middot; "
             "messages sent {}, dropped {} &middot; {}</p>\n",
             cell(report.at("availability"), Unit::ratio),
             lost.is_null() ? "not checked" : lost.dump(),
             report.value("stale_reads", Json(0)).dump(), report.at("network").at("sent").dump(),
             report.at("network").at("dropped").dump(), run_identity(report)) +
         counter_line(report) + metrics_table(report) + expectations_table(report);
}

std::vector<std::string> operation_names(const std::vector<ChartSource>& sources) {
  std::set<std::string> names;
  for (const ChartSource& source : sources) {
    for (const auto& [name, op] : source.report->at("series").at("operations").items()) {
      names.insert(name);
    }
  }
  return {names.begin(), names.end()};
}

// Latency per operation, throughput and the spectrum of one report or several overlaid.
std::string chart_sections(const std::vector<ChartSource>& sources) {
  std::string html = "<h2>Latency over time</h2>\n<div class=\"charts\">";
  for (const std::string& name : operation_names(sources)) {
    const Chart chart = latency_chart(sources, name);
    html += scaled_chart_html(chart, "latency-" + name, spans_decades(chart));
  }
  html += "</div>\n<h2>Throughput and failures</h2>\n" + render_svg(throughput_chart(sources));
  if (const Chart counter = counter_chart(sources); !counter.series.empty())
    html += "<h2>Counters</h2>\n" + render_svg(counter);
  const Chart spectrum = spectrum_chart(sources);
  html += "<h2>Percentile spectrum</h2>\n" +
          scaled_chart_html(spectrum, "spectrum", spans_decades(spectrum, 10));
  return html;
}

std::string phases_table(const Json& report) {
  std::string html =
      "<table><tr><th>phase</th><th>from</th><th>to</th><th>operation</th><th>count</th>"
      "<th>ok</th><th>p50</th><th>p99</th><th>max</th></tr>\n";
  for (const Json& phase : report.at("phases")) {
    for (const auto& [name, op] : phase.at("operations").items()) {
      const Json& latency = op.at("latency_ns");
      html += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
          "<td>{}</td><td>{}</td></tr>\n",
          escape_xml(phase.at("name").get<std::string>()),
          cell(phase.at("start_ns"), Unit::nanoseconds),
          cell(phase.at("end_ns"), Unit::nanoseconds), escape_xml(name), op.at("count").dump(),
          op.at("ok").dump(), cell(latency.at("p50"), Unit::nanoseconds),
          cell(latency.at("p99"), Unit::nanoseconds), cell(latency.at("max"), Unit::nanoseconds));
    }
  }
  return html + "</table>\n";
}

// The scenario's flag changes, in time order: not faults, but on the same timeline (the
// charts mark them).
std::string flags_list(const Json& report) {
  std::string items;
  for (const Json& flag : report.value("flags", Json::array())) {
    items +=
        fmt::format("<li>{}: <code>{}</code> = {}</li>",
                    format_value(flag.at("at_ns").get<double>() / 1e9, Unit::seconds),
                    escape_xml(flag.at("name").get<std::string>()), flag.at("value").get<double>());
  }
  if (items.empty()) return {};
  return "<p>Feature flag changes (dashed markers on the charts):</p><ul>" + items + "</ul>\n";
}

std::string faults_section(const Json& report) {
  if (report.at("faults").empty()) return "<p>No faults in this run.</p>\n" + flags_list(report);
  return fault_timeline_svg(report) + phases_table(report) + flags_list(report);
}

std::string heading(const Json& report) {
  return fmt::format("{} <small>seed {}</small>",
                     escape_xml(report.at("scenario").get<std::string>()),
                     report.at("seed").dump());
}

std::string page(const std::string& title, const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
      "charset=\"utf-8\"><title>{}</title><style>{}</style></head>\n"
      "<body>\n{}</body></html>\n",
      escape_xml(title), style, body);
}

// The verdict of a row and its CSS class: a limit's result, else better or worse by the
// metric's direction; none for a neutral metric (what was asked, not how it went).
std::pair<const char*, std::string> verdict(const ComparisonRow& row) {
  if (row.regressed) {
    return {"regressed", row.reason.empty() ? "REGRESSED (limit " + row.threshold->text + ")"
                                            : "REGRESSED: " + row.reason};
  }
  if (row.threshold != nullptr) return {"better", "ok (limit " + row.threshold->text + ")"};
  if (row.base == row.current || row.direction == Direction::neutral) return {"", ""};
  if (!row.base || !row.current)
    return row.current ? std::pair{"better", "better"} : std::pair{"worse", "worse (no value now)"};
  const bool worse = row.direction == Direction::higher_is_worse ? *row.current > *row.base
                                                                 : *row.current < *row.base;
  return worse ? std::pair{"worse", "worse"} : std::pair{"better", "better"};
}

// The metrics that changed or have a limit, regressions in red.
std::string changes_table(const ReportComparison& comparison) {
  std::string html =
      "<table class=\"changes\"><tr><th>metric</th><th>base</th><th>new</th><th>change</th>"
      "<th>verdict</th></tr>\n";
  std::size_t shown = 0;
  for (const ComparisonRow& row : comparison.rows) {
    if (row.base == row.current && row.threshold == nullptr) continue;
    ++shown;
    std::string change = "-";
    if (row.base && row.current && *row.base != 0) {
      change = fmt::format("{:+.1f}%", 100 * (*row.current - *row.base) / std::abs(*row.base));
    }
    const auto [css_class, text] = verdict(row);
    html += fmt::format(
        "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{}\">{}</td></tr>\n",
        row.regressed ? " class=\"regressed\"" : "", escape_xml(row.metric),
        escape_xml(comparison_value_text(row.metric, row.base)),
        escape_xml(comparison_value_text(row.metric, row.current)), change, css_class,
        escape_xml(text));
  }
  html += "</table>\n";
  if (shown == 0) html = "<p>No metric changed.</p>\n";
  for (const std::string& metric : comparison.unknown_thresholds) {
    html += "<p class=\"failed\">The limit on " + escape_xml(metric) +
            " names no metric of either report.</p>\n";
  }
  const auto regressions = comparison.regressions();
  if (!regressions.empty()) {
    std::string names;
    for (const ComparisonRow* row : regressions) names += (names.empty() ? "" : ", ") + row->metric;
    html = "<p class=\"failed\">Regressed: " + escape_xml(names) + "</p>\n" + html;
  }
  return html;
}

// The lesson: the essay section, the question to predict, what to look at, which variant
// ran, and the explanation folded away until the reader has made a prediction.
std::string lesson_html(const Json& report) {
  const std::string look_at = report.value("lesson", "");
  const Json block = report.value("lesson_block", Json());
  if (!block.is_object()) {
    if (look_at.empty()) return "";
    return "<p class=\"lesson\"><b>Lesson.</b> " + escape_xml(look_at) + "</p>\n";
  }
  std::string html =
      "<div class=\"lesson\"><p><b>Lesson: " + escape_xml(block.value("section", "")) +
      "</b></p>\n";
  if (const std::string question = block.value("question", ""); !question.empty())
    html += "<p><b>Predict.</b> " + escape_xml(question) + "</p>\n";
  if (!look_at.empty()) html += "<p><b>Look at.</b> " + escape_xml(look_at) + "</p>\n";
  std::string fix;
  for (const Json& assignment : block.value("fix", Json::array()))
    fix += " --set " + assignment.get<std::string>();
  html +=
      block.value("fixed", false)
          ? "<p><b>This run</b> has the fix applied (<code>" + escape_xml(fix) + "</code>).</p>\n"
          : "<p><b>This run</b> is the file as written; the fix: <code>" + escape_xml(fix) +
                "</code></p>\n";
  std::string point;
  for (const Json& entry : block.value("point", Json::array())) {
    const std::string metric = entry.value("metric", "");
    const Json value = entry.value("value", Json());
    point += (point.empty() ? "" : ", ") + metric + " = " +
             metric_text(metric, value.is_number() ? value.get<double>() : NAN);
  }
  if (!point.empty()) html += "<p><b>The point.</b> " + escape_xml(point) + "</p>\n";
  if (const std::string explanation = block.value("explanation", ""); !explanation.empty()) {
    html += "<details><summary>What happened, and why</summary><p>" + escape_xml(explanation) +
            "</p></details>\n";
  }
  return html + "</div>\n";
}

}  // namespace

std::string html_report(const std::string& report_json, const std::string& diagram_svg) {
  const Json report = Json::parse(report_json);
  std::string body = "<h1>" + heading(report) + "</h1>\n";
  if (const std::string description = report.value("description", ""); !description.empty()) {
    body += "<p>" + escape_xml(description) + "</p>\n";
  }
  body += lesson_html(report);
  body += "<p class=\"replay\">" + escape_xml(report.value("replay", "")) + "</p>\n";
  body += "<h2>Summary</h2>\n" + summary_section(report);
  body += invariant_section(report);
  body += checks_section(report);
  body += chart_sections({{"", &report, false}});
  body += "<h2>Faults</h2>\n" + faults_section(report);
  body += "<h2>Servers</h2>\n" + node_charts_html(report);
  if (const std::string metrics = metric_charts_html(report); !metrics.empty())
    body += "<h2>Protocol counters over time</h2>\n" + metrics;
  if (!diagram_svg.empty()) body += "<h2>Message diagram</h2>\n" + diagram_svg;
  body += "<h2>Resolved parameters</h2>\n<pre>" + escape_xml(report.value("parameters", "")) +
          "</pre>\n";
  return page(fmt::format("scar: {} seed {}", report.at("scenario").get<std::string>(),
                          report.at("seed").dump()),
              body);
}

std::string compare_html(const std::string& base_json, const std::string& current_json,
                         const ReportComparison& comparison) {
  const Json base = Json::parse(base_json);
  const Json current = Json::parse(current_json);
  std::string body = "<h1>scar compare</h1>\n";
  body += "<p>base (dashed): " + heading(base) + " &middot; new (solid): " + heading(current) +
          "</p>\n";
  body += "<h2>Changes</h2>\n" + changes_table(comparison);
  body += "<h2>Summary</h2>\n<h3>base</h3>\n" + summary_section(base) + "<h3>new</h3>\n" +
          summary_section(current);
  body += chart_sections({{"base", &base, true}, {"new", &current, false}});
  body += "<h2>Faults</h2>\n<h3>base</h3>\n" + faults_section(base) + "<h3>new</h3>\n" +
          faults_section(current);
  return page("scar compare", body);
}

}  // namespace scar::reports
