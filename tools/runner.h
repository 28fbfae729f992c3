// Runs a loaded scenario: builds the World (servers n1..nN, clients c1..cM), runs the
// workload for `duration` and then `drain`, and gathers the report. Deterministic: the
// same scenario and seed give the same report (all but wall_seconds, which the caller
// fills).
#pragma once

#include <functional>

#include "reports/checkers/history.h"
#include "reports/run_observer.h"
#include "reports/run_report.h"
#include "sim/trace.h"
#include "tools/scenario.h"

namespace scar::tools {

struct RunOptions {
  sim::Tracer* tracer = nullptr;                   // not owned: a line per event
  reports::RunObserver* observer = nullptr;        // not owned: messages, disk, operations, faults
  sim::Duration window = std::chrono::seconds{1};  // the time series' window
  // Called every million or so events with the simulated time and the events so far.
  std::function<void(sim::Time, std::uint64_t)> progress;
  // Not owned: filled with the clients' history (for --history), when set.
  reports::checkers::History* history = nullptr;
};

// REQUIRES: the run spans at most TimeSeries::windows_max windows (window_count).
reports::RunReport run_scenario(const Scenario& scenario, const RunOptions& options = {});

// How many windows of `window` the scenario's run (workload and drain) spans.
std::size_t window_count(const Scenario& scenario, sim::Duration window);

}  // namespace scar::tools
