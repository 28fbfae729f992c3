// Seed sweeps: a sweep's summary depends only on the seeds' outcomes, never on how many
// threads ran them, nor on how many shards; a seed's run inside a sweep is the run
// `scar run --seed` does alone; and failing seeds are grouped by what failed.
//
// The real runs are scenarios/nemesis.json cut to 5 s (about 1,000 operations against
// five servers under random faults, a few milliseconds each), so 40 seeds cost well under
// a second and still meet different faults: some seeds see a crash or a partition that
// pushes the p99 near 1 s, most do not.
#include "tools/sweep.h"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <variant>

#include "reports/report_json.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"
#include "tools/sweep_merge.h"
#include "tools/sweep_report.h"

using namespace scar;
using namespace scar::tools;

namespace {

const std::string nemesis_file = std::string(SCAR_SOURCE_DIR) + "/scenarios/nemesis.json";

Scenario load(const std::vector<std::string>& overrides) {
  return scar::testing::scenario_or_fail(load_scenario(nemesis_file, overrides));
}

SweepSummary sweep(const Scenario& scenario, SeedRange range, std::optional<Shard> shard,
                   unsigned jobs) {
  SweepSummary summary{.identity = {.file = scenario.file,
                                    .scenario = scenario.name,
                                    .scenario_hash = "0123456789abcdef",
                                    .overrides = scenario.overrides,
                                    .seeds = range},
                       .shard = shard};
  summary.runs = run_seeds(scenario, shard_seeds(range, shard.value_or(Shard{})), jobs);
  return summary;
}

SweepSummary parsed(const std::string& json) {
  auto result = parse_sweep_json(json);
  if (auto* problem = std::get_if<std::string>(&result)) FAIL(*problem);
  return std::get<SweepSummary>(std::move(result));
}

SeedOutcome passed(std::uint64_t seed, std::int64_t get_p99_ns) {
  return {.seed = seed, .trace_hash = seed * 7, .latency_p99_ns = {{"get", get_p99_ns}}};
}

SeedOutcome failed(std::uint64_t seed, std::vector<std::string> what) {
  const int exit = what == std::vector<std::string>{"events_max"} ? 3 : 1;
  return {.seed = seed,
          .exit = exit,
          .failed = std::move(what),
          .trace_hash = seed,
          .latency_p99_ns = {{"get", std::nullopt}}};
}

}  // namespace

TEST_CASE("a sweep of 40 nemesis seeds writes the same JSON with one thread and with two",
          "[sweep]") {
  const Scenario scenario = load({"duration=5s"});
  const SeedRange range{1, 40};
  const std::string one = to_json(sweep(scenario, range, std::nullopt, 1));
  const std::string two = to_json(sweep(scenario, range, std::nullopt, 2));
  CHECK(one == two);
  CHECK(to_text(parsed(one)) == to_text(parsed(two)));
  // Not vacuous: the seeds met different runs.
  const SweepSummary summary = parsed(one);
  CHECK(summary.runs.size() == 40);
  CHECK(summary.runs[0].trace_hash != summary.runs[1].trace_hash);
}

TEST_CASE("a seed run inside a sweep gives the trace hash it gives run alone", "[sweep]") {
  const Scenario scenario = load({"duration=5s"});
  const std::vector<SeedOutcome> outcomes = run_seeds(scenario, {3, 9, 11, 17}, 2);
  REQUIRE(outcomes.size() == 4);
  for (const SeedOutcome& outcome : outcomes) {
    Scenario alone = scenario;
    alone.seed = outcome.seed;
    const reports::RunReport report = run_scenario(alone);
    CHECK(outcome.trace_hash == report.trace_hash);
    REQUIRE(outcome.latency_p99_ns.size() == report.operations.size());
    CHECK(outcome.latency_p99_ns[0].second ==
          report.operations[0].latency.percentile(0.99).count());
  }
}

TEST_CASE("two shards of a sweep, merged, equal the unsharded sweep byte for byte", "[sweep]") {
  const Scenario scenario = load({"duration=5s"});
  const SeedRange range{5, 34};
  const std::string whole = to_json(sweep(scenario, range, std::nullopt, 2));
  const SweepSummary first = parsed(to_json(sweep(scenario, range, Shard{1, 2}, 2)));
  const SweepSummary second = parsed(to_json(sweep(scenario, range, Shard{2, 2}, 1)));
  CHECK(first.runs.size() == 15);
  CHECK(first.runs.front().seed == 5);
  CHECK(second.runs.front().seed == 6);
  // In either order.
  for (const auto& shards : {std::vector<ShardFile>{{"1.json", first}, {"2.json", second}},
                             std::vector<ShardFile>{{"2.json", second}, {"1.json", first}}}) {
    auto merged = merge_shards(shards);
    REQUIRE(std::holds_alternative<SweepSummary>(merged));
    CHECK(to_json(std::get<SweepSummary>(merged)) == whole);
  }
}

TEST_CASE("a sweep groups the seeds whose nemesis runs failed by what failed", "[sweep]") {
  // A tight availability bound fails the seeds whose faults hit hardest; the p99 bound
  // fails with it on most of those, but not all.
  const Scenario scenario =
      load({"duration=5s", R"(expect=["availability > 0.995", "get.latency.p99 < 500ms"])"});
  const SweepSummary summary = sweep(scenario, {1, 40}, std::nullopt, 2);
  const std::vector<FailureGroup> groups = failure_groups(summary.runs);
  REQUIRE(groups.size() >= 2);
  std::uint64_t grouped = 0;
  for (const FailureGroup& group : groups) {
    grouped += group.seeds.size();
    for (std::uint64_t seed : group.seeds) {
      const SeedOutcome& run = summary.runs[seed - 1];
      CHECK(run.exit == 1);
      CHECK(run.failed == group.failed);
    }
  }
  CHECK(grouped == summary.failed_count());
  CHECK(summary.failed_count() > 0);
  CHECK(summary.failed_count() < 40);
  const std::string text = to_text(summary);
  CHECK_THAT(text, Catch::Contains("failed availability > 0.995; get.latency.p99 < 500ms"));
  CHECK_THAT(text, Catch::Contains(fmt::format("replay: scar run {} --seed {} --set duration=5s",
                                               nemesis_file, groups[0].seeds.front())));
}

TEST_CASE("a sweep's seed that hits the event limit fails as events_max", "[sweep]") {
  const SeedOutcome outcome = run_seed(load({"limits.events_max=1000"}), 4);
  CHECK(outcome.exit == 3);
  CHECK(outcome.failed == std::vector<std::string>{"events_max"});
}

TEST_CASE("sweep failure groups: largest first, then by first seed; seeds ascending", "[sweep]") {
  const std::vector<SeedOutcome> runs = {
      failed(1, {"put.timeout == 0"}), passed(2, 10),
      failed(3, {"events_max"}),       failed(4, {"internal error"}),
      failed(5, {"events_max"}),       failed(6, {"put.timeout == 0", "availability > 0.9"}),
      failed(7, {"put.timeout == 0"})};
  const std::vector<FailureGroup> groups = failure_groups(runs);
  REQUIRE(groups.size() == 4);
  CHECK(groups[0].failed == std::vector<std::string>{"put.timeout == 0"});
  CHECK(groups[0].seeds == std::vector<std::uint64_t>{1, 7});
  CHECK(groups[1].failed == std::vector<std::string>{"events_max"});
  CHECK(groups[1].seeds == std::vector<std::uint64_t>{3, 5});
  CHECK(groups[2].failed == std::vector<std::string>{"internal error"});
  CHECK(groups[3].seeds == std::vector<std::uint64_t>{6});
}

TEST_CASE("a sweep's p99 spread: nearest-rank across seeds, the worst seed the first of a tie",
          "[sweep]") {
  std::vector<SeedOutcome> runs;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) runs.push_back(passed(seed, 1000 * seed));
  runs[40] = passed(41, 100'000);                     // ties with seed 100 for the worst
  runs.push_back(failed(101, {"put.timeout == 0"}));  // no successful get: not counted
  const std::vector<OperationSpread> spreads = latency_p99_spread(runs);
  REQUIRE(spreads.size() == 1);
  CHECK(spreads[0].operation == "get");
  CHECK(spreads[0].seeds == 100);
  CHECK(spreads[0].p50_ns == 51'000);  // 50th of the values 1..40, 42..100, 100 (thousands)
  CHECK(spreads[0].p90_ns == 91'000);
  CHECK(spreads[0].p99_ns == 100'000);
  CHECK(spreads[0].worst_ns == 100'000);
  CHECK(spreads[0].worst_seed == 41);
}

TEST_CASE("seed ranges and shards: A..B and K/N, nothing else", "[sweep]") {
  CHECK(parse_seed_range("1..200") == SeedRange{1, 200});
  CHECK(parse_seed_range("7..7") == SeedRange{7, 7});
  CHECK(parse_seed_range("18446744073709551615..18446744073709551615"));
  for (const char* bad : {"", "1", "..", "5..4", "1..x", "-1..3", "1...3", "0..100000"})
    CHECK_FALSE(parse_seed_range(bad));
  CHECK(parse_seed_range("0..99999"));
  CHECK(parse_shard("2/4") == Shard{2, 4});
  for (const char* bad : {"", "0/4", "5/4", "1/0", "1/", "/2", "1/2/3", "a/b"})
    CHECK_FALSE(parse_shard(bad));
  CHECK(shard_seeds({10, 20}, {1, 3}) == std::vector<std::uint64_t>{10, 13, 16, 19});
  CHECK(shard_seeds({10, 20}, {3, 3}) == std::vector<std::uint64_t>{12, 15, 18});
  CHECK(shard_seeds({10, 11}, {3, 3}).empty());
}

TEST_CASE("a sweep summary's JSON reads back to the same runs", "[sweep]") {
  SweepSummary summary{.identity = {.file = "s.json",
                                    .scenario = "s",
                                    .scenario_hash = "0123456789abcdef",
                                    .overrides = {"duration=5s"},
                                    .seeds = {1, 4}}};
  summary.runs = {passed(1, 10),
                  failed(2, {"events_max"}),
                  failed(3, {"put.timeout == 0"}),
                  {.seed = 4, .exit = 70, .failed = {"internal error"}, .error = "boom"}};
  const SweepSummary read = parsed(to_json(summary));
  CHECK(read.identity == summary.identity);
  CHECK(read.runs == summary.runs);
  CHECK(to_json(read) == to_json(summary));
}

TEST_CASE("merge refuses shards of different sweeps, a seed twice, or a seed missing", "[sweep]") {
  const SweepIdentity identity{.file = "s.json",
                               .scenario = "s",
                               .scenario_hash = "0123456789abcdef",
                               .overrides = {"duration=5s"},
                               .seeds = {1, 6}};
  const auto shard = [&](std::uint64_t index, std::uint64_t count) {
    SweepSummary summary{.identity = identity, .shard = Shard{index, count}};
    for (std::uint64_t seed : shard_seeds(identity.seeds, *summary.shard))
      summary.runs.push_back(passed(seed, 5));
    return summary;
  };
  const auto problem = [](const std::vector<ShardFile>& shards) {
    auto merged = merge_shards(shards);
    auto* text = std::get_if<std::string>(&merged);
    return text == nullptr ? std::string("merged") : *text;
  };
  CHECK(problem({{"a", shard(1, 2)}, {"b", shard(2, 2)}}) == "merged");
  CHECK(problem({{"a", shard(1, 2)}}) == "3 of seeds 1..6 in no file: 2 4 6 (a shard missing?)");
  CHECK(problem({{"a", shard(1, 2)}, {"b", shard(1, 3)}, {"c", shard(2, 2)}}) ==
        "seed 1 is in both a and b");
  SweepSummary other = shard(2, 2);
  other.identity.overrides = {"duration=6s"};
  CHECK(problem({{"a", shard(1, 2)}, {"b", other}}) ==
        "a and b are not shards of one sweep: overrides [duration=5s] vs [duration=6s]");
  other = shard(2, 2);
  other.identity.scenario_hash = "fedcba9876543210";
  CHECK_THAT(problem({{"a", shard(1, 2)}, {"b", other}}),
             Catch::Contains("the scenario file's contents"));
  other = shard(2, 2);
  other.identity.seeds = {1, 7};
  CHECK_THAT(problem({{"a", shard(1, 2)}, {"b", other}}), Catch::Contains("seeds 1..6 vs 1..7"));
}

TEST_CASE("a sweep summary that does not fit its seeds is refused when read for merge", "[sweep]") {
  SweepSummary summary{.identity = {.file = "s.json", .scenario = "s", .seeds = {1, 4}},
                       .shard = Shard{2, 2}};
  summary.runs = {passed(2, 5), passed(3, 5)};  // 3 is shard 1's
  auto result = parse_sweep_json(to_json(summary));
  REQUIRE(std::holds_alternative<std::string>(result));
  CHECK_THAT(std::get<std::string>(result), Catch::Contains("seed 3 is out of place"));
  CHECK(std::get<std::string>(parse_sweep_json("{}")) ==
        "not a sweep summary (scar sweep --json): key 'sweep_version' not found");
  CHECK(std::get<std::string>(parse_sweep_json("[")) == "not JSON");
  std::string json = to_json(SweepSummary{.identity = {.seeds = {1, 1}}, .runs = {passed(1, 5)}});
  json.replace(json.find("\"exit\":0"), 8, "\"exit\":1e20");
  CHECK(std::get<std::string>(parse_sweep_json(json)) == "exit: expected an integer, found 1e+20");
}
