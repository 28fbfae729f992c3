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

std::string fault_report_json() {
  auto loaded =
      tools::load_scenario(std::string(SCAR_SOURCE_DIR) + "/scenarios/fault-gc-pause.json");
  REQUIRE(std::holds_alternative<tools::Scenario>(loaded));
  return reports::to_json(tools::run_scenario(std::get<tools::Scenario>(loaded)));
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
       {"get: latency over time", "put: latency over time", "throughput and failures per second",
        "percentile spectrum", "fault timeline", "CPU utilisation per server",
        "deepest inbox per window", "deepest disk queue per window"}) {
    INFO(title);
    CHECK(html.find(title) != std::string::npos);
  }
  CHECK(html.find("gc_pause n1") != std::string::npos);  // the fault window is labelled
  CHECK(html.find("scar run ") != std::string::npos);    // the replay command
  CHECK(html.find("Lesson.") != std::string::npos);
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

TEST_CASE("the comparison HTML shows both reports and the changes", "[html][compare]") {
  const std::string json = fault_report_json();
  auto compared = reports::compare_reports(json, json, {}, false);
  REQUIRE(std::holds_alternative<reports::ReportComparison>(compared));
  const std::string html =
      reports::compare_html(json, json, std::get<reports::ReportComparison>(compared));
  CHECK(html.find("Changes") != std::string::npos);
  CHECK(svgs(html).size() >= 20);
  for (const std::string& svg : svgs(html)) CHECK(xml_problem(svg).empty());
}
