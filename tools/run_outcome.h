// How a run ended, as far as "it still fails the same way" is concerned: which
// expectations, checks and invariants failed, or that it hit a run limit (events_max, a
// check's time budget), or that an exception escaped it (an internal error). Two runs fail the same
// way when they end in the same kind of failure with the same set of failed expectations; the
// actual values may differ.
//
// Evaluating a candidate is one deterministic run of a scenario text, independent of any
// other: candidates can run in any order, on any thread.
#pragma once

#include <string>
#include <vector>

#include "reports/run_report.h"
#include "tools/scenario.h"

namespace scar::tools {

struct RunOutcome {
  enum class Kind {
    held,            // every expectation held
    failed,          // an expectation failed
    run_limit,       // limits.events_max was hit
    internal_error,  // an exception escaped the run
    invalid,         // the scenario did not load (a candidate the loader refuses)
  };
  Kind kind = Kind::held;
  std::vector<reports::ExpectationResult> failed_expectations;  // kind == failed
  std::string detail;  // invalid: the input error; internal_error: the exception's message

  bool fails() const {
    return kind == Kind::failed || kind == Kind::run_limit || kind == Kind::internal_error;
  }
  // Same kind, same failed expectations (by text).
  bool same_failure(const RunOutcome& other) const;
  // "lost_acknowledged_writes == 0 failed (actual 3)", "hit limits.events_max", ...
  std::string describe() const;
};

// The outcome of a finished run.
RunOutcome outcome_of(const reports::RunReport& report);

// Runs `scenario` once. `report` (optional) receives the run's report when the run ends.
RunOutcome run_once(const Scenario& scenario, reports::RunReport* report = nullptr);

// Loads `text` (named `file` in messages) and runs it once: a shrink candidate.
RunOutcome run_candidate(const std::string& text, const std::string& file);

}  // namespace scar::tools
