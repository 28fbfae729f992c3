// Every scenario in scenarios/ loads, runs, and replays byte for byte; a different seed
// gives a different run.
#include <catch2/catch.hpp>
#include <filesystem>
#include <variant>

#include "reports/report_json.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(SCAR_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

tools::Scenario load(const std::string& file, const std::vector<std::string>& overrides = {}) {
  return scar::testing::scenario_or_fail(tools::load_scenario(file, overrides));
}

}  // namespace

TEST_CASE("there are at least three scenarios, the README's default among them", "[scenarios]") {
  const auto files = scenario_files();
  CHECK(files.size() >= 3);
  CHECK(std::count_if(files.begin(), files.end(), [](const std::string& f) {
          return f.ends_with("/primary-backup.json");
        }) == 1);
}

bool expectations_held(const tools::Scenario& scenario) {
  const auto report = tools::run_scenario(scenario);
  for (const auto& expectation : report.expectations)
    UNSCOPED_INFO(expectation.text << " actual " << expectation.actual);
  return report.expectations_held();
}

TEST_CASE("a teaching scenario fails as written and holds with its lesson's fix",
          "[scenarios][lessons]") {
  int lessons = 0;
  for (const std::string& file : scenario_files()) {
    const tools::Scenario scenario = load(file);
    if (!scenario.lesson_block || scenario.lesson_block->fix.empty()) continue;
    ++lessons;
    SECTION(file) {
      CHECK_FALSE(expectations_held(scenario));
      CHECK(expectations_held(load(file, scenario.lesson_block->fix)));
    }
  }
  CHECK(lessons >= 8);
}

TEST_CASE(
    "every scenario replays byte for byte and its expectations hold, its lesson's fix applied",
    "[scenarios][determinism]") {
  for (const std::string& file : scenario_files()) {
    SECTION(file) {
      const tools::Scenario as_written = load(file);
      tools::Scenario scenario =
          as_written.lesson_block ? load(file, as_written.lesson_block->fix) : as_written;
      const auto first = tools::run_scenario(scenario);
      const auto second = tools::run_scenario(scenario);
      CHECK(first.trace_hash == second.trace_hash);
      CHECK(reports::to_json(first, reports::WallClock::omit) ==
            reports::to_json(second, reports::WallClock::omit));
      CHECK(first.end == "completed");
      for (const auto& expectation : first.expectations) {
        INFO(expectation.text << " actual " << expectation.actual);
        CHECK(expectation.held);
      }
      scenario.seed += 1;
      CHECK(tools::run_scenario(scenario).trace_hash != first.trace_hash);
    }
  }
}
