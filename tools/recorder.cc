#include "tools/recorder.h"

#include <algorithm>
#include <set>

#include "sim/assert.h"

namespace scar::tools {
namespace {

reports::Outcome outcome_of(nodes::Outcome outcome) {
  switch (outcome) {
    case nodes::Outcome::ok:
      return reports::Outcome::ok;
    case nodes::Outcome::error:
      return reports::Outcome::error;
    case nodes::Outcome::timeout:
      return reports::Outcome::timeout;
  }
  SCAR_ASSERT(false);
}

// Names each segment [boundaries[i], boundaries[i+1]) by the faults that hit something in
// it, in one sweep: "during gc_pause+partition", or before, between or after faults.
std::vector<std::string> phase_names(const std::vector<faults::FaultRecord>& faults,
                                     const std::vector<sim::Time>& boundaries) {
  std::vector<const faults::FaultRecord*> by_start, by_end;
  for (const faults::FaultRecord& fault : faults) {
    if (fault.targets.empty()) continue;  // resolved to no node: it changed nothing
    by_start.push_back(&fault);
    by_end.push_back(&fault);
  }
  std::stable_sort(by_start.begin(), by_start.end(),
                   [](const auto* a, const auto* b) { return a->start < b->start; });
  std::stable_sort(by_end.begin(), by_end.end(),
                   [](const auto* a, const auto* b) { return a->end < b->end; });
  std::map<std::string, int> active;
  std::size_t started = 0, ended = 0;
  std::vector<std::string> names;
  for (std::size_t i = 0; i + 1 < boundaries.size(); ++i) {
    const sim::Time at = boundaries[i];
    for (; started < by_start.size() && by_start[started]->start <= at; ++started)
      ++active[by_start[started]->kind];
    for (; ended < by_end.size() && by_end[ended]->end <= at; ++ended)
      if (--active[by_end[ended]->kind] == 0) active.erase(by_end[ended]->kind);
    std::string name;
    for (const auto& [kind, count] : active) name += (name.empty() ? "during " : "+") + kind;
    if (name.empty()) {
      name = started == 0                                           ? "before faults"
             : i + 2 == boundaries.size() || ended == by_end.size() ? "after faults"
                                                                    : "between faults";
    }
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

Recorder::Recorder(const std::vector<faults::PlannedFault>& plan, sim::Time workload_end,
                   sim::Duration window, std::size_t window_count)
    : window_(window), window_count_(window_count) {
  if (plan.empty()) return;
  std::set<sim::Time> cuts = {sim::time_zero, workload_end};
  for (const faults::PlannedFault& fault : plan) {
    cuts.insert(std::min(fault.start, workload_end));
    cuts.insert(std::min(fault.end, workload_end));
  }
  boundaries_.assign(cuts.begin(), cuts.end());
  phases_.resize(boundaries_.size() - 1);
}

void Recorder::invoked(const nodes::Operation& operation) {
  const std::uint64_t key = std::uint64_t{operation.client} << 40 | operation.id;
  in_flight_.emplace(key, operation);
  const bool add = operation.kind == nodes::OperationKind::add;
  if (keep_history_ && !add) history_invoked(operation, key);
  if (keep_counters_ && add) counters_.add_invoked(operation.key, operation.invoked);
}

void Recorder::count(const nodes::Operation& operation) {
  if (operation.outcome != nodes::Outcome::ok || !operation.read) return;
  if (operation.kind == nodes::OperationKind::add) counters_.add_acknowledged(operation.key);
  counters_.observed(operation.key, *operation.read, operation.completed);
}

namespace {

using reports::checkers::Function;
using reports::checkers::Value;

Value value_of(std::optional<std::uint64_t> value) {
  return value ? Value(static_cast<std::int64_t>(*value)) : std::nullopt;
}

Function function_of(nodes::OperationKind kind) {
  switch (kind) {
    case nodes::OperationKind::get:
      return Function::read;
    case nodes::OperationKind::put:
      return Function::write;
    case nodes::OperationKind::cas:
      return Function::cas;
    case nodes::OperationKind::add:  // counters are not registers: kept out of the history
      break;
  }
  SCAR_ASSERT(false);
}

// ok: it happened as reported; fail: it certainly did not (a cas that found another value,
// or every attempt refused); info: it may have (a timeout or an error on some attempt).
reports::checkers::Outcome history_outcome(const nodes::Operation& operation) {
  using reports::checkers::Outcome;
  const bool succeeded = operation.outcome == nodes::Outcome::ok;
  if (succeeded && !(operation.kind == nodes::OperationKind::cas && !operation.cas_applied))
    return Outcome::ok;
  return operation.indeterminate ? Outcome::info : Outcome::fail;
}

}  // namespace

void Recorder::history_invoked(const nodes::Operation& operation, std::uint64_t key) {
  std::int64_t process = processes_;
  if (free_processes_.empty()) {
    ++processes_;
  } else {
    process = free_processes_.top();
    free_processes_.pop();
  }
  const bool cas = operation.kind == nodes::OperationKind::cas;
  const Value written = static_cast<std::int64_t>(operation.value);
  const std::size_t index =
      history_.invoke(process, static_cast<std::int64_t>(operation.key),
                      function_of(operation.kind), cas ? value_of(operation.expected) : written,
                      cas ? written : std::nullopt, operation.invoked);
  history_open_.emplace(key, std::pair{process, index});
}

void Recorder::history_completed(const nodes::Operation& operation, std::uint64_t key) {
  const auto open = history_open_.find(key);
  SCAR_ASSERT(open != history_open_.end());
  const auto [process, index] = open->second;
  history_open_.erase(open);
  history_.complete(index, history_outcome(operation), value_of(operation.read),
                    operation.completed);
  free_processes_.push(process);
}

void Recorder::record(Summaries& summaries, const nodes::Operation& operation,
                      reports::Outcome outcome) {
  auto [entry, inserted] = summaries.try_emplace(std::string(nodes::name_of(operation.kind)));
  if (inserted) entry->second.name = entry->first;
  entry->second.record(outcome, operation.completed - operation.invoked, operation.attempts);
}

std::size_t Recorder::window_of(sim::Time time) const {
  const auto index = static_cast<std::size_t>((time - sim::time_zero) / window_);
  return std::min(index, window_count_ - 1);
}

void Recorder::record_window(const nodes::Operation& operation, reports::Outcome outcome) {
  auto [entry, inserted] = windows_.try_emplace(std::string(nodes::name_of(operation.kind)));
  if (inserted) entry->second.resize(window_count_);
  std::vector<reports::OperationWindow>& windows = entry->second;
  if (outcome != reports::Outcome::unfinished) {
    reports::OperationWindow& completion = windows[window_of(operation.completed)];
    ++(outcome == reports::Outcome::ok ? completion.completed_ok : completion.completed_failed);
  }
  reports::OperationWindow& window = windows[window_of(operation.invoked)];
  ++window.count;
  switch (outcome) {
    case reports::Outcome::ok:
      ++window.ok;
      window.latency.record(operation.completed - operation.invoked);
      window.latency_sum += operation.completed - operation.invoked;
      break;
    case reports::Outcome::error:
      ++window.error;
      break;
    case reports::Outcome::timeout:
      ++window.timeout;
      break;
    case reports::Outcome::unfinished:
      ++window.unfinished;
      break;
  }
}

std::size_t Recorder::phase_of(sim::Time invoked) const {
  const auto after = std::upper_bound(boundaries_.begin(), boundaries_.end(), invoked);
  SCAR_ASSERT(after != boundaries_.begin());
  return std::min<std::size_t>(after - boundaries_.begin() - 1, phases_.size() - 1);
}

void Recorder::completed(const nodes::Operation& operation) {
  const std::uint64_t key = std::uint64_t{operation.client} << 40 | operation.id;
  in_flight_.erase(key);
  const bool add = operation.kind == nodes::OperationKind::add;
  if (keep_history_ && !add) history_completed(operation, key);
  if (keep_counters_) count(operation);
  const reports::Outcome outcome = outcome_of(operation.outcome);
  record(total_, operation, outcome);
  record_window(operation, outcome);
  if (observer_ != nullptr) {
    static constexpr const char* outcome_names[] = {"ok", "error", "timeout", "unfinished"};
    observer_->operation(sim::NodeId{sim::index_of(first_client_) + operation.client}, operation.id,
                         std::string(nodes::name_of(operation.kind)), operation.key,
                         operation.invoked, operation.completed,
                         outcome_names[static_cast<int>(outcome)]);
  }
  if (!phases_.empty()) record(phases_[phase_of(operation.invoked)], operation, outcome);
  if (add) return;  // the durability checker reads registers
  reports::HistoryOperation history;
  // An applied cas is a write; one that found another value wrote nothing, but its value
  // is still never read, so it can count as an unacknowledged write.
  history.is_put = operation.kind != nodes::OperationKind::get;
  history.ok = outcome == reports::Outcome::ok &&
               (operation.kind != nodes::OperationKind::cas || operation.cas_applied);
  history.key = operation.key;
  history.value = operation.value;
  history.read = operation.read;
  history.invoked = operation.invoked;
  history.completed = operation.completed;
  durability_.add(history);
}

std::vector<reports::OperationSummary> Recorder::sorted(Summaries& summaries) {
  std::vector<reports::OperationSummary> result;
  for (auto& [name, summary] : summaries) result.push_back(std::move(summary));
  return result;
}

// Segments between planned fault boundaries become phases, named by the faults that hit a
// node; neighbours of the same name (a planned fault that found no target) are one phase.
void Recorder::add_phases(reports::RunReport& report,
                          const std::vector<faults::FaultRecord>& timeline) {
  if (std::all_of(timeline.begin(), timeline.end(),
                  [](const faults::FaultRecord& fault) { return fault.targets.empty(); }))
    return;
  const std::vector<std::string> names = phase_names(timeline, boundaries_);
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    if (!report.phases.empty() && report.phases.back().name == names[i]) {
      report.phases.back().end = boundaries_[i + 1];
      Summaries merged;
      for (auto& summary : report.phases.back().operations) merged[summary.name] = summary;
      for (auto& [name, summary] : phases_[i]) {
        auto [entry, inserted] = merged.try_emplace(name, summary);
        if (!inserted) entry->second.merge(summary);
      }
      report.phases.back().operations = sorted(merged);
      continue;
    }
    report.phases.push_back({names[i], boundaries_[i], boundaries_[i + 1], sorted(phases_[i])});
  }
}

void Recorder::finish(reports::RunReport& report,
                      const std::vector<faults::FaultRecord>& timeline) {
  for (const auto& [key, operation] : in_flight_) {
    nodes::Operation unfinished = operation;
    unfinished.completed = unfinished.invoked;
    record(total_, unfinished, reports::Outcome::unfinished);
    record_window(unfinished, reports::Outcome::unfinished);
    if (!phases_.empty())
      record(phases_[phase_of(operation.invoked)], unfinished, reports::Outcome::unfinished);
  }
  in_flight_.clear();
  report.operations = sorted(total_);
  report.series.window = window_;
  report.series.window_count = window_count_;
  for (auto& [name, windows] : windows_)
    report.series.operations.push_back({name, std::move(windows)});
  add_phases(report, timeline);
  report.lost_acknowledged_writes = durability_.lost_acknowledged_writes();
  report.stale_reads = durability_.stale_reads();
}

}  // namespace scar::tools
