// Gathers what the clients saw into the report: per-operation summaries for the whole run
// and for each phase between fault boundaries, and the history the durability checker
// reads. Operations invoked but never completed are counted as unfinished at the end.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "faults/injector.h"
#include "nodes/operation.h"
#include "reports/checkers/history.h"
#include "reports/counter_check.h"
#include "reports/lost_writes.h"
#include "reports/run_observer.h"
#include "reports/run_report.h"

namespace scar::tools {

class Recorder final : public nodes::OperationSink {
 public:
  // Phases are cut at every planned fault's start and end, up to `workload_end`; the time
  // series has `window_count` windows of length `window`.
  Recorder(const std::vector<faults::PlannedFault>& plan, sim::Time workload_end,
           sim::Duration window, std::size_t window_count);

  // Completed operations are also told to `observer`, if set (client c<i> is node
  // `first_client + i`).
  void observe(reports::RunObserver* observer, sim::NodeId first_client) {
    observer_ = observer;
    first_client_ = first_client;
  }

  // Also records the operations as a history for the checkers (history()). Off by default:
  // it costs memory per operation.
  void keep_history() {
    keep_history_ = true;
    history_.independent_keys = true;  // every operation names its key
  }
  // The history of adds and counter reads for the counter check (counters()). Off by
  // default: it costs memory per add and per read. The register history (keep_history)
  // leaves adds out: its checkers model registers.
  void keep_counters() { keep_counters_ = true; }
  reports::CounterChecker& counters() { return counters_; }
  reports::checkers::History& history() { return history_; }
  const reports::LostWriteChecker& durability() const { return durability_; }

  void invoked(const nodes::Operation& operation) override;
  void completed(const nodes::Operation& operation) override;

  // Writes operations, phases and durability into `report`; `timeline` is the faults as
  // they happened (a fault that resolved to no node makes no phase).
  void finish(reports::RunReport& report, const std::vector<faults::FaultRecord>& timeline);

 private:
  using Summaries = std::map<std::string, reports::OperationSummary>;  // by operation name

  static void record(Summaries& summaries, const nodes::Operation& operation,
                     reports::Outcome outcome);
  void record_window(const nodes::Operation& operation, reports::Outcome outcome);
  std::size_t window_of(sim::Time time) const;  // the last window holds the drain
  std::size_t phase_of(sim::Time invoked) const;
  void add_phases(reports::RunReport& report, const std::vector<faults::FaultRecord>& timeline);
  static std::vector<reports::OperationSummary> sorted(Summaries& summaries);

  // A completed add or get, to the counter check: what it saw, and an add's acknowledgement.
  void count(const nodes::Operation& operation);
  void history_invoked(const nodes::Operation& operation, std::uint64_t key);
  void history_completed(const nodes::Operation& operation, std::uint64_t key);

  // By (client << 40 | id). Looked up and erased; iterated only to count what never ended,
  // where order cannot matter.
  std::unordered_map<std::uint64_t, nodes::Operation> in_flight_;
  bool keep_history_ = false;
  bool keep_counters_ = false;
  reports::CounterChecker counters_;
  reports::checkers::History history_;
  // The history's process and operation index of each operation in flight, by the same key.
  // A process is an in-flight slot: the smallest number free when an operation starts.
  std::unordered_map<std::uint64_t, std::pair<std::int64_t, std::size_t>> history_open_;
  std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> free_processes_;
  std::int64_t processes_ = 0;
  Summaries total_;
  std::vector<sim::Time> boundaries_;  // phase i is [boundaries_[i], boundaries_[i + 1])
  std::vector<Summaries> phases_;
  sim::Duration window_;
  std::size_t window_count_;
  std::map<std::string, std::vector<reports::OperationWindow>> windows_;  // by operation name
  reports::LostWriteChecker durability_;
  reports::RunObserver* observer_ = nullptr;
  sim::NodeId first_client_{};
};

}  // namespace scar::tools
