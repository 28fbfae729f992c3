// The lock protocol under a random nemesis (pauses, partitions, crashes, clock jumps, slow
// links), 100 short seeds: with fencing the invariant "one holder's writes at a time" holds
// in every run; without it the same nemesis breaks it in some, so the sweep can fail.
#include <catch2/catch.hpp>
#include <variant>

#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

constexpr const char* nemesis_scenario = R"({
  "duration": "2s",
  "cluster": {"protocol": "lock", "nodes": 5,
              "options": {"lease": "300ms", "work": "10ms"}},
  "workload": {"clients": 3, "rate": 300, "mix": {"get": 0.2, "put": 0.8},
               "keys": {"count": 30}, "timeout": "1s"},
  "nemesis": {"kinds": ["gc_pause", "partition", "crash_restart", "clock_skew", "slow_link"],
              "every": "300ms", "duration": "400ms"}
})";

tools::Scenario load(std::uint64_t seed, bool fencing) {
  return scar::testing::scenario_or_fail(tools::parse_scenario(
      nemesis_scenario, "lock-nemesis.json",
      {"seed=" + std::to_string(seed),
       fencing ? "cluster.options.fencing=true" : "cluster.options.fencing=false"}));
}

}  // namespace

TEST_CASE(
    "under a random nemesis, with fencing, one holder's writes at a time holds for 100 "
    "seeds; without fencing it breaks in some",
    "[lock][sweep]") {
  int broken_without_fencing = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    INFO("seed " << seed);
    const auto fenced = tools::run_scenario(load(seed, true));
    CHECK(fenced.end == "completed");
    CHECK_FALSE(fenced.invariant);
    CHECK(fenced.operations.size() == 2);  // gets and puts ran
    if (tools::run_scenario(load(seed, false)).invariant) ++broken_without_fencing;
  }
  CHECK(broken_without_fencing > 0);
}

TEST_CASE(
    "without faults the careful workers keep one holder's writes at a time even "
    "without fencing",
    "[lock]") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    INFO("seed " << seed);
    tools::Scenario scenario = load(seed, false);
    scenario.nemesis.reset();
    const auto report = tools::run_scenario(scenario);
    CHECK(report.end == "completed");
    CHECK_FALSE(report.invariant);
    CHECK(report.availability() > 0.95);
  }
}
