// Runs a loaded scenario: builds the World (servers n1..nN, clients c1..cM), runs the
// workload for `duration` and then `drain`, and gathers the report. Deterministic: the
// same scenario and seed give the same report (all but wall_seconds, which the caller
// fills).
#pragma once

#include <functional>
#include <span>
#include <string_view>
#include <utility>

#include "reports/checkers/history.h"
#include "reports/run_observer.h"
#include "reports/run_report.h"
#include "sim/node_runtime.h"
#include "sim/trace.h"
#include "sim/world.h"
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

// The pieces of a run that do not depend on the runtime, shared with the live runtime.
class Recorder;
// The scenario's nodes: servers n1..nN, then clients c1..cM reporting to `recorder`.
// REQUIRES: scenario and recorder outlive the nodes.
std::vector<sim::NodeSpec> cluster_specs(const Scenario& scenario, Recorder& recorder);
reports::NodeSummary summarize_node(std::string_view name, const sim::Node* node,
                                    const sim::NodeCounters& counters);
// The protocol's counters summed over the nodes, by name.
std::vector<std::pair<std::string, std::int64_t>> metric_totals(
    const std::vector<reports::NodeSummary>& nodes);
// What the report says of the scenario itself (name, lesson, parameters, replay line).
void describe_run(const Scenario& scenario, reports::RunReport& report);
// The expectations and the lesson's point, over a finished report.
void judge_run(const Scenario& scenario, reports::RunReport& report);
// A server at the end of a run: its name and its node object, null while down.
using ServerState = std::pair<std::string_view, const sim::Node*>;
// The checks every runtime does alike: those of the clients' history (linearizable,
// stale_reads, lost_writes) and `converged` over the up servers' replicas. REQUIRES:
// `check` is one of these (not `counter`, which reads the simulator's final state).
reports::CheckSummary run_common_check(const std::string& check, const Scenario& scenario,
                                       Recorder& recorder, std::span<const ServerState> servers);

}  // namespace scar::tools
