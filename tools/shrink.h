// Shrinking a failing run: a smaller scenario that still fails the same way (RunOutcome::
// same_failure: the same failed expectations, or the same run-limit or internal-error
// outcome), found by deterministic runs of candidates.
//
//  1. The input run (file, --set assignments, seed) must fail.
//  2. Its fault schedule is made explicit (explicit_faults.h): the nemesis's faults become
//     scripted faults on the nodes they hit, and the result must fail the same way.
//  3. Rounds of reductions, each candidate one run, each success kept:
//     - the faults by delta debugging: remove halves of the list, then quarters, ...;
//     - the workload's duration, each fault's window (its end earlier, then its start
//       later), the client count, the open loop's rate and the server count (down to the
//       protocol's nodes_min), each by bisection in whole milliseconds, clients, servers
//       or operations per second.
//     Rounds stop when one shrinks nothing or `runs_max` candidate runs are spent.
// Failures need not be monotone (a shorter window may pass where a still shorter one fails
// again): bisection finds a small failing value, not the smallest. Everything is
// deterministic: the same request gives the same result, run for run.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tools/run_outcome.h"
#include "tools/scenario_document.h"

namespace scar::tools {

struct ShrinkRequest {
  std::string file;
  std::vector<std::string> overrides;  // --set PATH=VALUE
  std::optional<std::uint64_t> seed;   // default: the scenario's
  std::uint64_t runs_max = 500;        // candidate runs at most
  // Told a line for each reduction kept ("duration 60s -> 7.5s"); may be empty.
  std::function<void(const std::string&)> progress;
};

struct ShrinkResult {
  enum class Status {
    shrunk,          // scenario_text fails the same way as the input
    passes,          // the input run does not fail: nothing to shrink
    bad_input,       // the scenario does not load
    not_reproduced,  // the explicit fault schedule does not fail the same way (a bug)
  };
  Status status = Status::bad_input;
  std::string problem;             // bad_input, not_reproduced: why
  std::uint64_t seed = 0;          // the run's
  std::size_t faults_input = 0;    // faults that started in the input run (scripted and nemesis)
  RunOutcome input;                // the input run's outcome
  RunOutcome explicit_outcome;     // the input with its faults written out, without the nemesis
  RunOutcome shrunk;               // scenario_text's (the same failure)
  ScenarioValues explicit_values;  // before shrinking, the faults explicit
  ScenarioValues shrunk_values;
  std::string scenario_text;  // the shrunk scenario (JSON, no comment)
  std::uint64_t candidate_runs = 0;
  std::uint64_t runs = 0;  // candidate runs plus the input run and the explicit schedule's
  bool budget_spent = false;
};

ShrinkResult shrink(const ShrinkRequest& request);

}  // namespace scar::tools
