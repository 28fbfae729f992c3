// Seed sweeps: one scenario run once per seed, each run exactly the run
// `scar run FILE --seed S --set ...` does, on a pool of threads.
//
// Runs share no mutable state (each builds its own World; the assertion context is per
// thread), and each outcome is kept at its seed's place, so the results, and all that
// the summary prints, are the same for any number of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tools/scenario.h"
#include "tools/sweep_summary.h"

namespace scar::tools {

// One seed's run of `scenario` (its own seed ignored) and what `scar run` would exit with.
// An exception escaping the run is an internal error (exit 70), not a crash of the sweep.
SeedOutcome run_seed(const Scenario& scenario, std::uint64_t seed);

// run_seed for every seed, on `jobs` threads; the outcomes in the order of `seeds`.
// `seed_done` (may be empty) is called after each run, from the thread that ran it, with
// whether the seed failed. REQUIRES: jobs >= 1.
std::vector<SeedOutcome> run_seeds(const Scenario& scenario,
                                   const std::vector<std::uint64_t>& seeds, unsigned jobs,
                                   const std::function<void(bool failed)>& seed_done = {});

inline constexpr unsigned sweep_jobs_max = 1024;

struct SweepArguments {
  std::string file;
  std::string seeds;  // "A..B"
  unsigned jobs = 0;  // threads, 1 to sweep_jobs_max; 0: the hardware concurrency
  std::vector<std::string> overrides;
  std::string json_path;
  std::string shard;  // "K/N"; empty: every seed
};
// `scar sweep`: exit 0 when every seed passed, 1 when one failed, 2 for bad input.
int sweep_command(const SweepArguments& arguments);

struct MergeArguments {
  std::vector<std::string> files;  // the shards' --json outputs
  std::string json_path;
};
// `scar merge`: prints (and writes) the whole sweep's summary; exits as the whole sweep
// would have, or 2 when the files are not the shards of one sweep.
int merge_command(const MergeArguments& arguments);

}  // namespace scar::tools
