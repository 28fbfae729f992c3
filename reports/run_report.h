// What a run produced, as plain data: the source of the terminal table, the JSON report
// (schema_version 1, see README) and the `expect` checks. Everything here is a pure
// function of the scenario and seed, except `wall_seconds`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reports/latency_histogram.h"
#include "reports/time_series.h"
#include "sim/time.h"

namespace scar::reports {

enum class Outcome : std::uint8_t { ok, error, timeout, unfinished };

// One kind of client operation ("get", "put"). Latency is recorded for operations that
// succeeded, from the intended start of the first attempt to the final reply, so that
// neither fast failures nor a stalled load generator can flatter the percentiles; errors,
// timeouts and operations still running at the end are counted beside it.
struct OperationSummary {
  std::string name;
  std::uint64_t count = 0;
  std::uint64_t ok = 0;
  std::uint64_t error = 0;
  std::uint64_t timeout = 0;
  std::uint64_t unfinished = 0;
  std::uint64_t retries = 0;  // attempts beyond the first, over all operations
  LatencyHistogram latency;
  sim::Duration latency_sum{};  // of the successful operations: the exact mean, not the histogram's

  // The mean latency of the successful operations (sum / ok, in whole ns); null when none
  // succeeded. It hides the tail: reports show it only where a scenario asks (report.mean).
  std::optional<sim::Duration> mean() const;
  void record(Outcome outcome, sim::Duration latency, std::uint32_t attempts);
  // Adds `other`'s operations (of the same kind) to these.
  void merge(const OperationSummary& other);
};

// A fault as it happened.
struct FaultSummary {
  std::string kind;
  sim::Time start{};
  sim::Time end{};
  std::vector<std::string> targets;
  bool from_nemesis = false;
};

// A feature flag change (a scenario's `flag` event): from `at` on, nodes read `value`.
struct FlagSummary {
  std::string name;
  sim::Time at{};
  double value = 0;
};

// A stretch of the run between fault boundaries, and the operations invoked in it.
struct PhaseSummary {
  std::string name;  // "before faults", "during gc_pause(n1)", "between faults", "after faults"
  sim::Time start{};
  sim::Time end{};
  std::vector<OperationSummary> operations;  // sorted by name
};

struct NodeSummary {
  std::string name;
  std::string role;
  std::uint64_t sent = 0;
  std::uint64_t sent_bytes = 0;
  std::uint64_t received = 0;
  std::uint64_t dropped = 0;
  std::uint64_t inbox_depth_max = 0;
  std::vector<std::pair<std::string, std::int64_t>> metrics;  // the protocol's counters, by name
};

struct MessageSummary {
  std::string type;
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;
};

// A correctness check of the run's history (the scenario's `checks`).
enum class CheckVerdict : std::uint8_t { passed, failed, unknown };

// An operation around a violation, for its picture: the last of the longest linearizable
// order found, the candidates that could not go next, and the blocked one among them.
struct CheckOperation {
  enum class Role : std::uint8_t { linearized, could_go_next, blocked };
  std::string text;     // "c2 read c4:17", "c1 cas c4:17 -> c1:20"
  std::string outcome;  // "ok", "fail", "info"
  sim::Time invoked{};
  std::optional<sim::Time> completed;  // none: never completed
  Role role = Role::linearized;
};

struct CheckSummary {
  std::string name;  // "linearizable"
  CheckVerdict verdict = CheckVerdict::unknown;
  std::string outcome;           // "linearizable", "not linearizable", "unknown"
  std::uint64_t operations = 0;  // operations the check placed
  std::uint64_t keys = 0;
  std::uint64_t divergent_keys = 0;       // converged: the keys on which replicas disagree
  std::string detail;                     // the violation as a table, or why the verdict is unknown
  std::vector<CheckOperation> violation;  // around the violation, in invocation order
  double wall_seconds = 0;  // time the check took: wall clock, like RunReport::wall_seconds
};

// The counter check's numbers (see counter_check.h), when the scenario asked for it.
struct CounterSummary {
  std::uint64_t double_counted = 0;  // extra applications of adds proven, summed over keys
  std::uint64_t lost_adds = 0;       // acknowledged adds missing after the drain
  std::uint64_t adds = 0;            // adds invoked
  // double_counted as proven by the end of each window of the time series (the final
  // state's part in the last window).
  std::vector<std::uint64_t> double_counted_by_window;
};

struct ExpectationResult {
  std::string text;
  bool held = false;
  double actual = 0;
};

// A teaching scenario's lesson, as the report shows it.
struct LessonSummary {
  std::string section;
  std::string question;
  std::string explanation;
  std::vector<std::string> fix;  // --set assignments: the good variant
  bool fixed = false;            // this run had the fix applied
  // The metrics that show the lesson's point, with this run's values (NaN: no value).
  std::vector<std::pair<std::string, double>> point;
};

// The first protocol invariant a run broke: the run stops there.
struct InvariantSummary {
  std::string name;
  std::string detail;
  sim::Time time{};
  std::uint64_t event = 0;
};

// Printed wherever a report shows a mean latency.
inline constexpr std::string_view mean_warning = "the mean hides the tail: compare it with the p99";

struct RunReport {
  std::string scenario;
  std::string description;
  std::string lesson;                         // what to look at
  std::optional<LessonSummary> lesson_block;  // for a lesson with a block
  std::string parameters;  // the resolved parameters, as printed at the start of a run
  std::string replay;      // the command that replays this run
  std::uint64_t seed = 0;
  std::uint64_t trace_hash = 0;
  std::string end;                            // "completed", "events_max" or "invariant_violated"
  std::optional<InvariantSummary> invariant;  // with "invariant_violated"
  sim::Duration workload_duration{};
  sim::Duration simulated_duration{};
  std::uint64_t events = 0;
  std::vector<OperationSummary> operations;  // sorted by name
  bool show_mean = false;  // the scenario's report.mean: the mean beside the percentiles
  std::uint64_t lost_acknowledged_writes = 0;
  std::uint64_t stale_reads = 0;  // gets that missed a write acknowledged before they began
  std::vector<FaultSummary> faults;
  std::vector<FlagSummary> flags;    // in time order (ties: the scenario's order)
  std::vector<PhaseSummary> phases;  // empty when no fault was planned
  TimeSeries series;
  std::vector<NodeSummary> nodes;  // in node id order
  // The protocol's counters summed over every node, by name (metrics.<name>).
  std::vector<std::pair<std::string, std::int64_t>> metrics;
  std::vector<MessageSummary> messages;  // sorted by type
  std::vector<CheckSummary> checks;      // in the scenario's order
  // With the counter check.
  std::optional<CounterSummary> counter;
  std::vector<ExpectationResult> expectations;
  double wall_seconds = 0;  // the one field allowed to differ between replays

  // ok / count over every operation; 1 when there were none.
  double availability() const;
  std::uint64_t network_sent() const;
  std::uint64_t network_delivered() const;
  std::uint64_t network_dropped() const;
  const OperationSummary* operation(std::string_view name) const;
  bool expectations_held() const;
  const CheckSummary* check(std::string_view name) const;
  bool checks_passed() const;  // none failed (an unknown verdict is not a failure)
};

}  // namespace scar::reports
