// Raft clusters under the nemesis of scenarios/raft-nemesis.json (partitions, crashes and
// restarts with fsync, GC pauses, packet loss), cut to 2 s of workload: every invariant
// (one leader per term, log matching, leader completeness, state machine safety) holds
// after every event, and with reads through the log the history is linearizable, the
// replicas converge and no acknowledged write is lost, seed after seed. And the checks are
// not vacuous: take away what Raft relies on (durable votes, reads through the log) and
// some seeds fail.
#include <algorithm>
#include <catch2/catch.hpp>
#include <variant>

#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"
#include "tools/sweep.h"

using namespace scar;

namespace {

const std::string nemesis_file = std::string(SCAR_SOURCE_DIR) + "/scenarios/raft-nemesis.json";

tools::Scenario load(std::vector<std::string> overrides) {
  overrides.insert(overrides.begin(), "duration=2s");  // a test's own duration wins
  return scar::testing::scenario_or_fail(tools::load_scenario(nemesis_file, overrides));
}

std::vector<std::uint64_t> seeds(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> list;
  for (std::uint64_t seed = first; seed <= last; ++seed) list.push_back(seed);
  return list;
}

std::size_t failures(const std::vector<tools::SeedOutcome>& outcomes) {
  std::size_t failed = 0;
  for (const tools::SeedOutcome& outcome : outcomes) {
    if (outcome.passed()) continue;
    ++failed;
    UNSCOPED_INFO("seed " << outcome.seed << " failed: " << outcome.failed.front());
  }
  return failed;
}

}  // namespace

TEST_CASE("raft under the nemesis keeps its invariants and a linearizable history for 100 seeds",
          "[raft][sweep]") {
  const auto outcomes = tools::run_seeds(load({}), seeds(1, 100), 2);
  REQUIRE(outcomes.size() == 100);
  CHECK(failures(outcomes) == 0);
  CHECK(outcomes[0].trace_hash != outcomes[1].trace_hash);  // the seeds met different runs
}

TEST_CASE("raft clusters of three elect a leader and keep their invariants across seeds",
          "[raft]") {
  const tools::Scenario scenario = load({"cluster.nodes=3"});
  const auto outcomes = tools::run_seeds(scenario, seeds(1, 30), 2);
  CHECK(failures(outcomes) == 0);
  // Not vacuous: a run ends with exactly one server that believes it leads.
  tools::Scenario calm = scenario;
  calm.nemesis.reset();
  const reports::RunReport report = tools::run_scenario(calm);
  CHECK(report.end == "completed");
  CHECK(std::count_if(report.nodes.begin(), report.nodes.end(),
                      [](const auto& node) { return node.role == "leader"; }) == 1);
  CHECK(report.availability() > 0.9);
}

TEST_CASE(
    "raft with reads served locally by the leader fails the linearizability check on "
    "some nemesis seed",
    "[raft]") {
  const auto outcomes =
      tools::run_seeds(load({"cluster.options.reads=local", "duration=6s"}), seeds(1, 40), 2);
  CHECK(failures(outcomes) > 0);
}

TEST_CASE("raft without durable votes and logs breaks an invariant on some nemesis seed",
          "[raft]") {
  const auto outcomes = tools::run_seeds(load({"cluster.options.durability=none", "duration=6s",
                                               R"(nemesis.kinds=["crash_restart","partition"])"}),
                                         seeds(1, 100), 2);
  bool invariant_broken = false;
  for (const tools::SeedOutcome& outcome : outcomes) {
    for (const std::string& what : outcome.failed)
      invariant_broken = invariant_broken || what.starts_with("invariant");
  }
  CHECK(invariant_broken);
}

namespace {

// The lesson's run: the leader pauses for 600 ms from 1 s, and its peers' messages to it
// are lost from 1 s to 3 s, so when it wakes nothing tells it it was deposed.
reports::RunReport deposed_leader_run(const std::vector<std::string>& overrides) {
  auto loaded = scar::testing::scenario_or_fail(tools::load_scenario(
      std::string(SCAR_SOURCE_DIR) + "/scenarios/lesson-leader-gc-pause.json", overrides));
  return tools::run_scenario(loaded);
}

}  // namespace

TEST_CASE(
    "raft lease reads are safe across a leader's GC pause and not across its clock "
    "jumping back",
    "[raft]") {
  // The lease is checked against the leader's own clock: after the pause the clock has
  // moved on and the lease has run out, so the deposed leader sends reads to the log.
  const reports::RunReport paused = deposed_leader_run({"cluster.options.reads=lease"});
  CHECK(paused.stale_reads == 0);
  CHECK(paused.check("linearizable")->verdict == reports::CheckVerdict::passed);
  // Set its clock back a second and it believes its lease for a second more.
  const reports::RunReport skewed = deposed_leader_run(
      {"cluster.options.reads=lease",
       R"(faults=[{"kind":"gc_pause","at":"1s","duration":"600ms","target":"leader"},
                  {"kind":"clock_skew","at":"1s","duration":"2s","target":"leader",
                   "offset_ms":-1000},
                  {"kind":"partition","at":"1s","duration":"2s","from":"all","to":"leader"}])"});
  CHECK(skewed.stale_reads > 0);
  CHECK(skewed.check("linearizable")->verdict == reports::CheckVerdict::failed);
}
