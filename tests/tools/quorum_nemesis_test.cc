// scenarios/quorum-nemesis.json over many seeds: strict quorums (r + w > N) with logical
// timestamps and synchronous read repair are linearizable under partitions, pauses, slow
// links, skewed clocks and packet loss (the ABD register); take away the quorum
// intersection or the logical clock and the same nemesis breaks linearizability.
#include <catch2/catch.hpp>
#include <string>
#include <variant>

#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

constexpr const char* quorum_nemesis = "/scenarios/quorum-nemesis.json";

tools::Scenario load(std::vector<std::string> overrides = {}) {
  return scar::testing::scenario_or_fail(
      tools::load_scenario(std::string(SCAR_SOURCE_DIR) + quorum_nemesis, overrides));
}

reports::CheckVerdict linearizable(const tools::Scenario& scenario) {
  const auto report = tools::run_scenario(scenario);
  const reports::CheckSummary* check = report.check("linearizable");
  REQUIRE(check != nullptr);
  INFO(check->detail);
  return check->verdict;
}

// How many of seeds 1..`seeds` the linearizability check passes.
int linearizable_seeds(const std::vector<std::string>& overrides, std::uint64_t seeds) {
  int passed = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    tools::Scenario scenario = load(overrides);
    scenario.seed = seed;
    passed += linearizable(scenario) == reports::CheckVerdict::passed ? 1 : 0;
  }
  return passed;
}

}  // namespace

TEST_CASE("strict quorums with logical clocks stay linearizable under the nemesis, 100 seeds",
          "[quorum][checks]") {
  CHECK(linearizable_seeds({}, 100) == 100);
}

TEST_CASE("sloppy quorums (r=1, w=1) under the same nemesis are not linearizable",
          "[quorum][checks]") {
  CHECK(linearizable_seeds({"cluster.options.r=1", "cluster.options.w=1"}, 20) < 20);
}

TEST_CASE("strict quorums with wall-clock timestamps under skewed clocks are not linearizable",
          "[quorum][checks]") {
  CHECK(linearizable_seeds({"cluster.options.clock=wall"}, 20) < 20);
}
