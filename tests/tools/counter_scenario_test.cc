// Counters end to end: `add` in the mix is checked against the protocol, the register
// checks refuse a counter workload and name the counter check, and kv's retried adds are
// counted twice without `dedupe` and once with it.
#include <catch2/catch.hpp>
#include <string>
#include <variant>

#include "reports/compare.h"
#include "reports/html_report.h"
#include "reports/report_json.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

tools::InputError fails(const std::string& text) {
  auto loaded = tools::parse_scenario(text, "counter.json");
  auto* error = std::get_if<tools::InputError>(&loaded);
  REQUIRE(error != nullptr);
  return *error;
}

reports::RunReport run(const std::string& text) {
  auto loaded = scar::testing::scenario_or_fail(tools::parse_scenario(text, "counter.json"));
  return tools::run_scenario(std::move(loaded));
}

// kv over a lossy network, adds retried on timeout.
std::string retried_adds(bool dedupe) {
  return std::string(R"({"duration": "2s",
             "cluster": {"protocol": "kv", "nodes": 2, "options": {"dedupe": )") +
         (dedupe ? "true" : "false") + R"(}},
             "network": {"loss": 0.1},
             "workload": {"clients": 2, "rate": 300, "mix": {"add": 0.8, "get": 0.2},
                          "keys": {"count": 5}, "timeout": "50ms",
                          "retry": {"policy": "immediate", "attempts": 5}},
             "checks": ["counter"]})";
}

}  // namespace

TEST_CASE("a protocol that does not serve add refuses it in the mix", "[counter][loader]") {
  const auto error = fails(
      R"({"cluster": {"protocol": "g-counter"}, "workload": {"mix": {"put": 0.5, "get": 0.5}}})");
  CHECK(error.path == "workload.mix.put");
  CHECK_THAT(error.message, Catch::Contains("protocol g-counter does not serve put"));
  CHECK_THAT(error.message, Catch::Contains("it serves get, add"));
}

TEST_CASE("a mix cannot both add and put", "[counter][loader]") {
  const auto error = fails(R"({"workload": {"mix": {"put": 0.5, "add": 0.5}}})");
  CHECK(error.path == "workload.mix");
  CHECK_THAT(error.message, Catch::Contains("cannot have put or cas"));
}

TEST_CASE("the register checks refuse a workload with adds and name the counter check",
          "[counter][loader]") {
  for (const char* check : {"linearizable", "stale_reads", "lost_writes"}) {
    const auto error = fails(std::string(R"({"workload": {"mix": {"add": 0.8, "get": 0.2}},
                                            "checks": [")") +
                             check + R"("]})");
    CHECK(error.path == "checks[0]");
    CHECK_THAT(error.message, Catch::Contains("use the counter check"));
  }
}

TEST_CASE("the counter check needs adds, and its metrics need the check", "[counter][loader]") {
  CHECK_THAT(fails(R"({"checks": ["counter"]})").message, Catch::Contains("has no add"));
  const auto error =
      fails(R"({"workload": {"mix": {"add": 1}}, "expect": ["double_counted == 0"]})");
  CHECK_THAT(error.message, Catch::Contains("\"checks\": [\"counter\"]"));
}

TEST_CASE("kv applies a retried add twice without dedupe", "[counter]") {
  const auto report = run(retried_adds(false));
  REQUIRE(report.counter.has_value());
  CHECK(report.counter->double_counted > 0);
  CHECK(report.check("counter")->verdict == reports::CheckVerdict::failed);
}

TEST_CASE("kv with dedupe answers a retried add from its first reply", "[counter]") {
  const auto report = run(retried_adds(true));
  REQUIRE(report.counter.has_value());
  CHECK(report.counter->double_counted == 0);
  CHECK(report.counter->lost_adds == 0);
  CHECK(report.check("counter")->verdict == reports::CheckVerdict::passed);
  REQUIRE(report.operation("add") != nullptr);
  CHECK(report.operation("add")->retries > 0);  // the retries happened, and counted once
}

TEST_CASE("primary-backup counts adds and its replicas agree on the sums", "[counter]") {
  const auto report = run(R"({"duration": "2s",
      "cluster": {"protocol": "primary-backup", "nodes": 3},
      "workload": {"clients": 2, "rate": 200, "mix": {"add": 0.7, "get": 0.3}, "keys": {"count": 4}},
      "checks": ["counter", "converged"], "expect": ["add.ok > 0"]})");
  REQUIRE(report.counter.has_value());
  CHECK(report.counter->adds == report.operation("add")->count);
  CHECK(report.check("counter")->verdict == reports::CheckVerdict::passed);
  CHECK(report.check("converged")->verdict == reports::CheckVerdict::passed);
  CHECK(report.expectations_held());
}

TEST_CASE("the counter check's numbers reach the JSON report, compare and the HTML plot",
          "[counter]") {
  const std::string twice = reports::to_json(run(retried_adds(false)), reports::WallClock::omit);
  const std::string once = reports::to_json(run(retried_adds(true)), reports::WallClock::omit);
  CHECK_THAT(twice, Catch::Contains("\"double_counted_by_window\""));
  CHECK_THAT(reports::html_report(twice), Catch::Contains("adds applied twice"));
  const auto compared = reports::compare_reports(once, twice, {}, false);
  REQUIRE(std::holds_alternative<reports::ReportComparison>(compared));
  bool double_counted_worse = false;
  for (const auto& row : std::get<reports::ReportComparison>(compared).rows) {
    if (row.metric == "double_counted")
      double_counted_worse = row.base == 0.0 && row.current.value_or(0) > 0;
  }
  CHECK(double_counted_worse);
}
