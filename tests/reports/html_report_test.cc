// The HTML report: self-contained, well-formed SVG, every plot present.
#include "reports/html_report.h"

#include <catch2/catch.hpp>
#include <variant>

#include "reports/report_json.h"
#include "tests/reports/xml_problem.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

std::string report_json(const char* scenario, const std::vector<std::string>& overrides = {}) {
  auto loaded =
      tools::load_scenario(std::string(SCAR_SOURCE_DIR) + "/scenarios/" + scenario, overrides);
  REQUIRE(std::holds_alternative<tools::Scenario>(loaded));
  return reports::to_json(tools::run_scenario(std::get<tools::Scenario>(loaded)));
}

std::string fault_report_json() { return report_json("lesson-gc-pause.json"); }

// No get or put ever succeeds: the primary is cut off for the whole workload.
std::string no_success_report_json() {
  return report_json("primary-backup.json",
                     {R"(faults=[{"kind":"partition","at":"0s","duration":"10s","target":"n1"}])"});
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

std::vector<std::string> svgs(const std::string& html) { return testing::svgs_in(html); }
std::string xml_problem(const std::string& xml) { return testing::xml_problem(xml); }

}  // namespace

TEST_CASE("the HTML report has every plot, each well-formed SVG", "[html]") {
  const std::string html = reports::html_report(fault_report_json());
  const auto plots = svgs(html);
  CHECK(plots.size() >= 10);  // two latency charts (linear, log) per operation, and the rest
  for (const std::string& svg : plots) {
    INFO(svg.substr(0, 200));
    CHECK(xml_problem(svg).empty());
  }
  for (const char* title :
       {"get: latency over time", "put: latency over time",
        "completions per second (by completion window)", "percentile spectrum", "fault timeline",
        "CPU utilisation per server", "deepest inbox per window", "No disk activity."}) {
    INFO(title);
    CHECK(html.find(title) != std::string::npos);
  }
  CHECK(html.find("#1 gc_pause n1") != std::string::npos);  // the fault window is labelled
  CHECK(html.find("drain: no new operations") != std::string::npos);
  CHECK(html.find("deepest disk queue per window") == std::string::npos);  // no disk: no chart
  CHECK(html.find("scar run ") != std::string::npos);                      // the replay command
  // The lesson block: its section, the question, the variant that ran and its fix, and the
  // explanation folded until the reader has predicted.
  CHECK(html.find("Lesson: Use percentiles, not averages") != std::string::npos);
  CHECK(html.find("<b>Predict.</b>") != std::string::npos);
  CHECK(html.find("the fix: <code> --set faults[0].duration=20ms</code>") != std::string::npos);
  CHECK(html.find("<details><summary>What happened, and why</summary>") != std::string::npos);
}

TEST_CASE("the HTML report is self-contained: no scripts, nothing fetched", "[html]") {
  const std::string html = reports::html_report(fault_report_json());
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  std::size_t http = 0;
  for (std::size_t at = html.find("http"); at != std::string::npos;
       at = html.find("http", at + 1)) {
    CHECK(html.compare(at, 26, "http://www.w3.org/2000/svg") == 0);
    ++http;
  }
  CHECK(http > 0);
}

TEST_CASE("the HTML report is the same bytes for the same JSON", "[html]") {
  const std::string json = fault_report_json();
  CHECK(reports::html_report(json) == reports::html_report(json));
}

TEST_CASE("a report where nothing succeeds renders, bounded, and says so", "[html]") {
  const std::string json = no_success_report_json();
  const std::string html = reports::html_report(json);
  CHECK(html.size() < 200'000);
  for (const std::string& svg : svgs(html)) CHECK(xml_problem(svg).empty());
  CHECK(html.find("no successful gets") != std::string::npos);
  CHECK(html.find("no successful puts") != std::string::npos);
  CHECK(html.find("no successful operations") != std::string::npos);  // the spectrum
  CHECK(html.find("get failed") != std::string::npos);                // timeouts still complete
}

TEST_CASE("the comparison overlays both reports on shared axes and marks regressions",
          "[html][compare]") {
  const std::string base = fault_report_json();
  const std::string current = no_success_report_json();
  auto threshold = reports::parse_threshold("get.ok=10%");
  REQUIRE(std::holds_alternative<reports::Threshold>(threshold));
  const std::vector<reports::Threshold> thresholds = {std::get<reports::Threshold>(threshold)};
  auto compared = reports::compare_reports(base, current, thresholds, true);
  REQUIRE(std::holds_alternative<reports::ReportComparison>(compared));
  const auto& comparison = std::get<reports::ReportComparison>(compared);
  REQUIRE(comparison.regressed());
  const std::string html = reports::compare_html(base, current, comparison);
  for (const std::string& svg : svgs(html)) CHECK(xml_problem(svg).empty());
  // One latency chart per operation (linear and log), throughput, spectrum (linear and
  // log): each with a base and a new series.
  const std::string get_latency = "get: latency over time";
  CHECK(count_of(html, get_latency) == 2);
  CHECK(html.find("base p99") != std::string::npos);
  CHECK(html.find("new p99 (none)") != std::string::npos);  // nothing succeeded: no line
  CHECK(html.find("base get ok") != std::string::npos);
  CHECK(html.find("new get failed") != std::string::npos);
  CHECK(count_of(html, "<tr class=\"regressed\"><td>get.ok</td>") == 1);
  CHECK(html.find("Regressed: get.ok") != std::string::npos);
  // Neutral rows (what was asked) carry no verdict.
  const std::size_t count_row = html.find("<td>get.count</td>");
  REQUIRE(count_row != std::string::npos);
  const std::string row = html.substr(count_row, html.find("</tr>", count_row) - count_row);
  CHECK(row.find("better") == std::string::npos);
  CHECK(row.find("worse") == std::string::npos);
}

TEST_CASE("a broken invariant is shown with its detail and the servers' roles when it broke",
          "[html][lock]") {
  const std::string html = reports::html_report(report_json("lesson-distributed-lock.json"));
  CHECK(html.find("<h2>Invariant broken</h2>") != std::string::npos);
  CHECK(html.find("one holder's writes at a time") != std::string::npos);
  CHECK(html.find("a deposed holder wrote after its successor") != std::string::npos);
  CHECK(html.find("<b>n3</b> holder, <b>n4</b> holder") != std::string::npos);
  const std::string fixed = reports::html_report(
      report_json("lesson-distributed-lock.json", {"cluster.options.fencing=true"}));
  CHECK(fixed.find("<h2>Invariant broken</h2>") == std::string::npos);
}
