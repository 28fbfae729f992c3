// The scenario's history checks, end to end: the clients record every operation, the run
// checks the history, and a known-buggy protocol option is caught where the correct one
// passes.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>
#include <variant>

#include "reports/checkers/history_edn.h"
#include "reports/checkers/history_file.h"
#include "reports/checkers/history_json.h"
#include "reports/html_report.h"
#include "reports/report_json.h"
#include "tests/reports/xml_problem.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/history_checks.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

tools::Scenario load(const std::string& file, std::vector<std::string> overrides = {}) {
  return scar::testing::scenario_or_fail(
      tools::load_scenario(std::string(SCAR_SOURCE_DIR) + "/" + file, overrides));
}

tools::Scenario parse(std::string_view text) {
  return scar::testing::scenario_or_fail(tools::parse_scenario(text, "checks.json"));
}

reports::CheckVerdict linearizable(const reports::RunReport& report) {
  const reports::CheckSummary* check = report.check("linearizable");
  REQUIRE(check != nullptr);
  INFO(check->detail);
  return check->verdict;
}

constexpr const char* stale_reads = "scenarios/lesson-stale-reads.json";

}  // namespace

TEST_CASE("reads from any replica under a nemesis fail the linearizability check", "[checks]") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    tools::Scenario scenario = load(stale_reads);
    scenario.seed = seed;
    INFO("seed " << seed);
    CHECK(linearizable(tools::run_scenario(scenario)) == reports::CheckVerdict::failed);
  }
}

TEST_CASE("reads from the primary under the same nemesis stay linearizable, 100 seeds",
          "[checks]") {
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    tools::Scenario scenario = load(stale_reads, {"cluster.options.reads=primary"});
    scenario.seed = seed;
    INFO("seed " << seed);
    const auto report = tools::run_scenario(scenario);
    CHECK(linearizable(report) == reports::CheckVerdict::passed);
    CHECK(report.lost_acknowledged_writes == 0);
  }
}

TEST_CASE("a run's history, written and read back, gets the same verdict", "[checks]") {
  const tools::Scenario scenario = load(stale_reads);
  reports::checkers::History history;
  const auto report = tools::run_scenario(scenario, {.history = &history});
  const auto verdict = linearizable(report);
  for (const std::string& text : {reports::checkers::write_json_history(history),
                                  reports::checkers::write_edn_history(history)}) {
    auto read = reports::checkers::read_history(text);
    REQUIRE(std::holds_alternative<reports::checkers::History>(read));
    const auto again = tools::check_linearizable(std::get<reports::checkers::History>(read),
                                                 std::chrono::seconds{10});
    CHECK(again.verdict == verdict);
    CHECK(again.operations == report.check("linearizable")->operations);
  }
}

TEST_CASE("contending compare-and-sets: the losers fail cleanly and the history is linearizable",
          "[checks][cas]") {
  const tools::Scenario scenario = parse(R"({
    "duration": "3s",
    "cluster": {"protocol": "kv", "nodes": 1, "options": {"durability": "fsync"}},
    "workload": {"clients": 4, "rate": 400, "mix": {"get": 0.2, "cas": 0.8},
                 "keys": {"count": 2}, "timeout": "1s"},
    "checks": ["linearizable"],
    "expect": ["checks.linearizable == true"]
  })");
  reports::checkers::History history;
  const auto report = tools::run_scenario(scenario, {.history = &history});
  CHECK(linearizable(report) == reports::CheckVerdict::passed);
  CHECK(report.expectations_held());
  std::size_t applied = 0, refused = 0;
  for (const auto& operation : history.operations) {
    if (operation.function != reports::checkers::Function::cas) continue;
    if (operation.outcome == reports::checkers::Outcome::ok) ++applied;
    if (operation.outcome == reports::checkers::Outcome::fail) ++refused;
  }
  CHECK(applied > 100);  // a client's cas expects what it last saw: most succeed
  CHECK(refused > 10);   // but others wrote in between
}

TEST_CASE("an expectation on a check the scenario does not run is refused", "[checks]") {
  auto loaded = tools::parse_scenario(R"({"expect": ["checks.linearizable == true"]})", "x.json");
  REQUIRE(std::holds_alternative<tools::InputError>(loaded));
  CHECK(std::get<tools::InputError>(loaded).message.find("\"checks\": [\"linearizable\"]") !=
        std::string::npos);
}

TEST_CASE("a violation is drawn in the HTML report, the blocked operation in red",
          "[checks][html]") {
  const auto report = tools::run_scenario(load(stale_reads));
  const reports::CheckSummary* check = report.check("linearizable");
  REQUIRE(check != nullptr);
  REQUIRE_FALSE(check->violation.empty());
  CHECK(std::count_if(check->violation.begin(), check->violation.end(), [](const auto& op) {
          return op.role == reports::CheckOperation::Role::blocked;
        }) == 1);
  const std::string html = reports::html_report(reports::to_json(report));
  const std::size_t start = html.find("<svg", html.find("<h2>Checks</h2>"));
  REQUIRE(start != std::string::npos);
  const std::string svg = html.substr(start, html.find("</svg>", start) + 6 - start);
  CHECK(svg.find("the operations around the violation") != std::string::npos);
  CHECK(svg.find("#d62728") != std::string::npos);
  CHECK(testing::xml_problem(svg).empty());
}

TEST_CASE("stale reads are counted and shown, and replicas that missed writes do not converge",
          "[checks]") {
  const auto stale = tools::run_scenario(
      load(stale_reads, {R"(checks=["stale_reads","linearizable","lost_writes"])",
                         R"(expect=["checks.stale_reads == true"])"}));
  CHECK(stale.stale_reads > 0);
  REQUIRE(stale.check("stale_reads") != nullptr);
  CHECK(stale.check("stale_reads")->verdict == reports::CheckVerdict::failed);
  CHECK(stale.check("stale_reads")->detail.find("though") != std::string::npos);
  CHECK_FALSE(stale.expectations_held());
  // The reads that came too late are what show the acknowledged writes as lost.
  CHECK(stale.check("lost_writes")->verdict == reports::CheckVerdict::failed);
  CHECK(stale.check("lost_writes")->outcome ==
        fmt::format("{} acknowledged writes lost", stale.lost_acknowledged_writes));

  const auto fixed = tools::run_scenario(load(
      stale_reads, {"cluster.options.reads=primary", R"(checks=["stale_reads"])", "expect=[]"}));
  CHECK(fixed.stale_reads == 0);
  CHECK(fixed.check("stale_reads")->verdict == reports::CheckVerdict::passed);

  // Without faults every backup applies every write: the replicas agree at the end.
  const auto calm = tools::run_scenario(parse(R"({
    "cluster": {"protocol": "primary-backup", "nodes": 3},
    "workload": {"rate": 200, "mix": {"get": 0.5, "put": 0.5}},
    "checks": ["converged"]
  })"));
  CHECK(calm.check("converged")->verdict == reports::CheckVerdict::passed);
  // A backup cut off for a while misses writes and never catches up: the replicas differ.
  const auto cut = tools::run_scenario(parse(R"({
    "cluster": {"protocol": "primary-backup", "nodes": 3, "options": {"ack": "majority"}},
    "workload": {"rate": 200, "mix": {"get": 0.5, "put": 0.5}},
    "faults": [{"kind": "partition", "at": "2s", "duration": "3s", "target": "n3"}],
    "checks": ["converged"]
  })"));
  CHECK(cut.check("converged")->verdict == reports::CheckVerdict::failed);
  CHECK(cut.check("converged")->detail.find("n3 ") != std::string::npos);
}

TEST_CASE("converged is refused for a protocol that keeps one copy of each key", "[checks]") {
  auto loaded = tools::parse_scenario(R"({"checks": ["converged"]})", "x.json");
  REQUIRE(std::holds_alternative<tools::InputError>(loaded));
  CHECK(std::get<tools::InputError>(loaded).message.find("one copy") != std::string::npos);
}
