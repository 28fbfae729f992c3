// A scenario's `flag` events: read from the `faults` list into Scenario::flags (not into
// its faults), checked with JSON paths, and in a run they move the flags at their times
// without starting a fault phase; the report lists them for its charts' markers.
#include <catch2/catch.hpp>
#include <string>
#include <variant>

#include "reports/html_report.h"
#include "reports/report_json.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_document.h"
#include "tools/scenario_loader.h"

using namespace std::chrono_literals;
using namespace scar;

namespace {

tools::Scenario loads(std::string_view text) {
  return scar::testing::scenario_or_fail(tools::parse_scenario(text, "test.json", {}));
}

tools::InputError fails(std::string_view text) {
  tools::LoadResult result = tools::parse_scenario(text, "test.json", {});
  REQUIRE(std::holds_alternative<tools::InputError>(result));
  return std::get<tools::InputError>(result);
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// A migration whose reads all go to the new store from 1 s on.
constexpr std::string_view ramp = R"({
  "duration": "2s", "drain": "500ms",
  "cluster": {"protocol": "migration", "nodes": 3},
  "workload": {"clients": 2, "rate": 200, "mix": {"get": 0.5, "put": 0.5},
               "keys": {"count": 20, "distribution": "uniform"}},
  "faults": [{"kind": "flag", "at": "0s", "name": "dual_write", "value": 1},
             {"kind": "gc_pause", "at": "500ms", "duration": "100ms", "target": "n2"},
             {"kind": "flag", "at": "1s", "name": "read_new", "value": 1}]
})";

}  // namespace

TEST_CASE("flag entries of the faults list become flag changes, not faults", "[flags][loader]") {
  const tools::Scenario scenario = loads(ramp);
  REQUIRE(scenario.flags.size() == 2);
  CHECK(scenario.flags[0].name == "dual_write");
  CHECK(scenario.flags[0].at == 0s);
  CHECK(scenario.flags[1].name == "read_new");
  CHECK(scenario.flags[1].at == 1s);
  CHECK(scenario.flags[1].value == 1);
  REQUIRE(scenario.faults.size() == 1);
  CHECK(scenario.faults[0].kind == "gc_pause");
}

TEST_CASE("a bad flag is an error with its JSON path", "[flags][loader][errors]") {
  struct Case {
    std::string_view entry;
    std::string_view path;
    std::string_view says;
  };
  const Case cases[] = {
      {R"({"kind": "flag", "at": "1s", "value": 1})", "faults[0].name", "non-empty `name`"},
      {R"({"kind": "flag", "at": "1s", "name": "", "value": 1})", "faults[0].name", "non-empty"},
      {R"({"kind": "flag", "at": "1s", "name": "x"})", "faults[0].value", "needs a `value`"},
      {R"({"kind": "flag", "at": "1s", "name": "x", "value": "high"})", "faults[0].value",
       "expected a number"},
      {R"({"kind": "flag", "at": "20s", "name": "x", "value": 1})", "faults[0].at",
       "within `duration`"},
      {R"({"kind": "flag", "at": "1s", "name": "x", "value": 1, "duration": "1s"})",
       "faults[0].duration", "unknown"},
      {R"({"kind": "flga", "at": "1s", "name": "x", "value": 1})", "faults[0].kind",
       "did you mean \"flag\""},
  };
  for (const Case& bad : cases) {
    const tools::InputError error =
        fails(R"({"duration": "10s", "faults": [)" + std::string(bad.entry) + "]}");
    INFO(error.to_string());
    CHECK(error.path == bad.path);
    CHECK(contains(error.message, bad.says));
  }
}

TEST_CASE("a flag is not a nemesis kind", "[flags][loader][errors]") {
  const tools::InputError error = fails(R"({"nemesis": {"kinds": ["flag"]}})");
  CHECK(error.path == "nemesis.kinds[0]");
}

TEST_CASE("a run moves its flags on time, with no fault phase, and reports them",
          "[flags][migration]") {
  const tools::Scenario scenario = loads(ramp);
  const reports::RunReport report = tools::run_scenario(scenario);
  REQUIRE(report.flags.size() == 2);
  CHECK(report.flags[1].name == "read_new");
  CHECK(report.flags[1].at == sim::at(1s));
  REQUIRE(report.faults.size() == 1);  // the gc_pause only
  CHECK(report.phases.size() == 3);    // before, during and after the pause: flags add none
  std::int64_t reads_new = 0, reads_old = 0;
  for (const auto& [name, value] : report.metrics) {
    if (name == "reads_new") reads_new = value;
    if (name == "reads_old") reads_old = value;
  }
  CHECK(reads_new > 50);  // about 100 gets from 1 s on
  CHECK(reads_old > 50);  // about 100 before
  CHECK(report.availability() == 1);
  CHECK(report.stale_reads == 0);
  CHECK(contains(reports::to_json(report, reports::WallClock::omit), "\"read_new\""));
}

TEST_CASE("runs with flags replay byte for byte", "[flags]") {
  const tools::Scenario scenario = loads(ramp);
  CHECK(reports::to_json(tools::run_scenario(scenario), reports::WallClock::omit) ==
        reports::to_json(tools::run_scenario(scenario), reports::WallClock::omit));
}

TEST_CASE("a scenario written back (as shrink writes it) keeps the flags within its duration",
          "[flags]") {
  tools::ScenarioValues values = tools::values_of(loads(ramp));
  const tools::Scenario kept = loads(tools::write_scenario(std::string(ramp), values));
  REQUIRE(kept.flags.size() == 2);
  CHECK(kept.flags[1].name == "read_new");
  CHECK(kept.flags[1].value == 1);
  CHECK(kept.faults.size() == 1);
  values.duration = 800ms;
  values.faults.clear();
  const tools::Scenario shorter = loads(tools::write_scenario(std::string(ramp), values));
  REQUIRE(shorter.flags.size() == 1);  // read_new at 1 s is past the new end
  CHECK(shorter.flags[0].name == "dual_write");
}

TEST_CASE("the HTML report marks each flag change on its time charts and lists them", "[flags]") {
  const std::string html = reports::html_report(
      reports::to_json(tools::run_scenario(loads(ramp)), reports::WallClock::omit));
  CHECK(contains(html, "<title>read_new=1</title>"));  // a marker on the time charts
  CHECK(contains(html, "<title>dual_write=1</title>"));
  CHECK(contains(html, "<code>read_new</code> = 1"));  // the list beside the faults
}
