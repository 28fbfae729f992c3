// `scar live`: a scenario's cluster run for real on this machine — the same node code, on
// UDP sockets on 127.0.0.1, real timers and real files — and the same report as a
// simulated run, marked "runtime": "live". A live run is not replayable: the machine's
// scheduling, not a seed, decides what happens when.
//
// Bounded by construction: loopback only, the scenario's duration plus drain in real
// time, and the disk directory removed at the end (unless kept).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "reports/checkers/history.h"
#include "reports/run_observer.h"
#include "reports/run_report.h"
#include "sim/trace.h"
#include "tools/scenario.h"

namespace scar::live {

struct LiveOptions {
  sim::Tracer* tracer = nullptr;             // not owned
  reports::RunObserver* observer = nullptr;  // not owned: messages, disk, operations, faults
  sim::Duration window = std::chrono::seconds{1};
  reports::checkers::History* history = nullptr;  // not owned: filled with the clients' history
  // Where the nodes' disks go; empty: a fresh directory under the system's temp directory,
  // removed after the run.
  std::filesystem::path directory;
};

// Why the scenario cannot run live (a fault kind, the nemesis, a check), with the JSON
// path; nothing when it can.
struct LiveRefusal {
  std::string path;
  std::string message;
};
std::optional<LiveRefusal> live_refusal(const tools::Scenario& scenario);

// REQUIRES: !live_refusal(scenario). Runs for the scenario's duration plus drain.
reports::RunReport run_live(const tools::Scenario& scenario, const LiveOptions& options = {});

}  // namespace scar::live
