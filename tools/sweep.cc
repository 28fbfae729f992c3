#include "tools/sweep.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <thread>
#include <variant>

#include "reports/run_report.h"
#include "sim/assert.h"
#include "sim/random.h"
#include "tools/commands.h"
#include "tools/describe.h"
#include "tools/run_outcome.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"
#include "tools/sweep_merge.h"
#include "tools/sweep_progress.h"
#include "tools/sweep_report.h"
#include "tools/text_file.h"

namespace scar::tools {
namespace {

SeedOutcome outcome_of(std::uint64_t seed, const reports::RunReport& report) {
  SeedOutcome outcome{.seed = seed, .trace_hash = report.trace_hash};
  for (const reports::OperationSummary& operation : report.operations) {
    const bool any = operation.latency.count() > 0;
    outcome.latency_p99_ns.emplace_back(
        operation.name,
        any ? std::optional(operation.latency.percentile(0.99).count()) : std::nullopt);
  }
  // What failed, as shrink tells failures apart: expectations, checks, invariants, limits.
  const RunOutcome run = tools::outcome_of(report);
  if (run.kind == RunOutcome::Kind::run_limit) {
    outcome.exit = exit_limit;
    outcome.failed = {report.end == "events_max" ? "events_max" : "limits.check_time"};
    return outcome;
  }
  for (const reports::ExpectationResult& failed : run.failed_expectations)
    outcome.failed.push_back(failed.text);
  outcome.exit = outcome.failed.empty() ? exit_ok : exit_failed;
  return outcome;
}

// The sweep's identity; an error message when the scenario file cannot be read again.
std::string identify(const Scenario& scenario, SweepIdentity& identity) {
  const FileText file = read_text_file(scenario.file);
  if (!file.ok()) return fmt::format("cannot read {}: {}", scenario.file, file.error);
  identity.file = scenario.file;
  identity.scenario = scenario.name;
  identity.scenario_hash = fmt::format("{:016x}", sim::stable_hash(file.text));
  identity.overrides = scenario.overrides;
  return "";
}

// Prints the summary and writes its JSON; the exit code of the sweep.
int report(const SweepSummary& summary, const std::string& json_path) {
  fmt::print("{}", to_text(summary));
  if (!json_path.empty()) {
    if (const std::string problem = write_text_file(json_path, to_json(summary));
        !problem.empty()) {
      fmt::print(stderr, "scar: cannot write the sweep summary to {}: {}\n", json_path, problem);
      return exit_bad_input;
    }
  }
  return summary.failed_count() == 0 ? exit_ok : exit_failed;
}

}  // namespace

SeedOutcome run_seed(const Scenario& scenario, std::uint64_t seed) {
  Scenario seeded = scenario;
  seeded.seed = seed;
  sim::set_assert_replay(replay_command(seeded));
  try {
    return outcome_of(seed, run_scenario(seeded));
  } catch (const std::exception& error) {
    // An exception escaped node code: a bug in a protocol (or in scar), never bad input.
    return {
        .seed = seed, .exit = exit_internal, .failed = {"internal error"}, .error = error.what()};
  }
}

std::vector<SeedOutcome> run_seeds(const Scenario& scenario,
                                   const std::vector<std::uint64_t>& seeds, unsigned jobs,
                                   const std::function<void(bool failed)>& seed_done) {
  SCAR_ASSERT(jobs >= 1);
  std::vector<SeedOutcome> outcomes(seeds.size());
  std::atomic<std::size_t> next{0};
  // Each thread takes the next seed until none is left, and keeps its outcome at the
  // seed's place: no two threads touch one element, and the order is the seeds'.
  const auto work = [&] {
    for (std::size_t i = next++; i < seeds.size(); i = next++) {
      outcomes[i] = run_seed(scenario, seeds[i]);
      if (seed_done) seed_done(!outcomes[i].passed());
    }
  };
  const unsigned threads = static_cast<unsigned>(std::min<std::size_t>(jobs, seeds.size()));
  boost::asio::thread_pool pool(std::max(threads, 1u));
  for (unsigned thread = 0; thread < threads; ++thread) boost::asio::post(pool, work);
  pool.join();
  return outcomes;
}

int sweep_command(const SweepArguments& arguments) {
  const auto range = parse_seed_range(arguments.seeds);
  if (!range) {
    fmt::print(stderr,
               "scar: --seeds: expected A..B, integers with A <= B, at most {} seeds, found "
               "\"{}\"\n",
               SeedRange::seeds_max, arguments.seeds);
    return exit_bad_input;
  }
  std::optional<Shard> shard;
  if (!arguments.shard.empty()) {
    shard = parse_shard(arguments.shard);
    if (!shard) {
      fmt::print(stderr, "scar: --shard: expected K/N with 1 <= K <= N <= {}, found \"{}\"\n",
                 Shard::count_max, arguments.shard);
      return exit_bad_input;
    }
  }
  LoadResult loaded = load_scenario(arguments.file, arguments.overrides);
  if (auto* error = std::get_if<InputError>(&loaded)) {
    fmt::print(stderr, "scar: {}\n", error->to_string());
    return exit_bad_input;
  }
  const Scenario& scenario = std::get<Scenario>(loaded);
  if (window_count(scenario, RunOptions{}.window) > reports::TimeSeries::windows_max) {
    fmt::print(stderr, "scar: {}: the run is too long for its time series' 1 s windows\n",
               scenario.file);
    return exit_bad_input;
  }
  SweepSummary summary{.identity = {.seeds = *range}, .shard = shard};
  if (const std::string problem = identify(scenario, summary.identity); !problem.empty()) {
    fmt::print(stderr, "scar: {}\n", problem);
    return exit_bad_input;
  }
  if (!arguments.json_path.empty()) {
    if (const std::string problem = check_output_path(arguments.json_path, scenario.file);
        !problem.empty()) {
      fmt::print(stderr, "scar: --json {}: {}\n", arguments.json_path, problem);
      return exit_bad_input;
    }
  }
  const std::vector<std::uint64_t> seeds = shard_seeds(*range, shard.value_or(Shard{}));
  const unsigned jobs =
      arguments.jobs > 0 ? arguments.jobs : std::max(1u, std::thread::hardware_concurrency());
  {
    SweepProgress progress(seeds.size(), isatty(STDERR_FILENO));
    summary.runs =
        run_seeds(scenario, seeds, jobs, [&progress](bool failed) { progress.seed_done(failed); });
  }
  return report(summary, arguments.json_path);
}

int merge_command(const MergeArguments& arguments) {
  std::vector<ShardFile> shards;
  for (const std::string& path : arguments.files) {
    const FileText file = read_text_file(path);
    if (!file.ok()) {
      fmt::print(stderr, "scar: cannot read {}: {}\n", path, file.error);
      return exit_bad_input;
    }
    auto parsed = parse_sweep_json(file.text);
    if (auto* problem = std::get_if<std::string>(&parsed)) {
      fmt::print(stderr, "scar: {}: {}\n", path, *problem);
      return exit_bad_input;
    }
    shards.push_back({path, std::get<SweepSummary>(std::move(parsed))});
  }
  if (!arguments.json_path.empty()) {
    if (const std::string problem = check_output_path(arguments.json_path, ""); !problem.empty()) {
      fmt::print(stderr, "scar: --json {}: {}\n", arguments.json_path, problem);
      return exit_bad_input;
    }
  }
  auto merged = merge_shards(shards);
  if (auto* problem = std::get_if<std::string>(&merged)) {
    fmt::print(stderr, "scar: merge: {}\n", *problem);
    return exit_bad_input;
  }
  return report(std::get<SweepSummary>(merged), arguments.json_path);
}

}  // namespace scar::tools
