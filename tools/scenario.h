// A scenario, loaded and checked: every field resolved to a typed value, defaults filled
// in. Built only by load_scenario (scenario_loader.h); the runner takes it from there.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "faults/fault.h"
#include "faults/flag_schedule.h"
#include "nodes/protocol_options.h"
#include "nodes/protocols.h"
#include "nodes/workload.h"
#include "reports/expectation.h"
#include "sim/disk.h"
#include "sim/distribution.h"
#include "sim/network.h"
#include "sim/time.h"

namespace scar::tools {

struct NodePlacement {
  std::string zone = "z1";
  std::string rack = "r1";
};

struct ClusterSpec {
  const nodes::Protocol* protocol = nullptr;
  std::uint32_t nodes = 3;
  std::map<std::string, NodePlacement> placement;  // by node name; others are z1/r1
  sim::Distribution cpu_per_message;
  std::uint32_t inbox_max = 100'000;
  nodes::ProtocolOptions options;
};

struct Limits {
  std::uint64_t events_max = 2'000'000'000;
  // Wall-clock budget of each history check; past it the check's verdict is unknown.
  std::chrono::milliseconds check_time{60'000};
};

// Latency with the jitter of a real data-center network unless the scenario says otherwise.
inline sim::NetworkOptions default_network() {
  sim::NetworkOptions network;
  network.latency = sim::Distribution::lognormal_median_p99(std::chrono::microseconds{500},
                                                            std::chrono::milliseconds{5});
  return network;
}

// A teaching scenario's block: the file as written is the bad variant; `fix` (--set
// assignments, checked at load time) makes the good one. The scenario's `expect` states
// the property, so it fails as written and holds with the fix.
struct Lesson {
  std::string section;      // the essay section it teaches
  std::string question;     // to predict before running
  std::string look_at;      // what to look at in the report
  std::string explanation;  // what happened and why
  std::vector<std::string> fix;
  // Metrics (as `expect` names them) whose values show the point: printed after a run.
  std::vector<std::string> point;

  // The fix assignments `overrides` lacks, in order.
  std::vector<std::string> missing_from(const std::vector<std::string>& overrides) const;
  // The overrides include every fix assignment.
  bool fixed_by(const std::vector<std::string>& overrides) const {
    return missing_from(overrides).empty();
  }
};

struct Scenario {
  std::string file;  // as given on the command line
  std::string name;  // default: the file name without .json
  std::string description;
  std::string lesson;  // for lessons: what to look at in the report (lesson.look_at)
  std::optional<Lesson> lesson_block;  // when `lesson` is an object
  std::uint64_t seed = 1;
  sim::Duration duration = std::chrono::seconds{10};
  sim::Duration drain = std::chrono::seconds{2};
  ClusterSpec cluster;
  sim::NetworkOptions network = default_network();
  sim::DiskOptions disk;  // every server's disk
  nodes::WorkloadOptions workload;
  sim::Distribution client_cpu_per_message;
  std::vector<faults::FaultSpec> faults;
  std::vector<faults::FlagChange> flags;  // the `flag` entries of `faults`, in file order
  std::optional<faults::NemesisSpec> nemesis;
  std::vector<std::string> checks;  // history checks to run after the run: "linearizable"
  std::vector<reports::Expectation> expect;
  // "report": {"mean": true}: the reports show each operation's mean latency beside the
  // percentiles, with a warning that it hides the tail. Off by default: percentiles only.
  bool report_mean = false;
  Limits limits;
  std::vector<std::string> overrides;  // the --set arguments applied, for replay commands

  std::vector<std::string> operation_names() const;
  // The counters the protocol declares (Protocol::metrics): metrics.<name> in expectations.
  std::vector<std::string> counter_names() const;
};

}  // namespace scar::tools
