#include "reports/report_text.h"

#include <fmt/format.h>

#include <cmath>

#include "reports/expectation.h"

namespace scar::reports {
namespace {

// "-" when no operation succeeded: there is no latency to show.
std::string latency(const LatencyHistogram& histogram, double quantile) {
  if (histogram.count() == 0) return "-";
  return sim::format_duration(quantile < 1 ? histogram.percentile(quantile) : histogram.max());
}

// Only where the scenario asks (report.mean): each operation's exact mean, beside its p99.
void append_means(std::string& out, const RunReport& report) {
  for (const OperationSummary& op : report.operations) {
    const std::optional<sim::Duration> mean = op.mean();
    out += fmt::format("{:<10} mean {:>8}   p99 {:>8}\n", op.name,
                       mean ? sim::format_duration(*mean) : "-", latency(op.latency, 0.99));
  }
  out += fmt::format("warning: {}\n", mean_warning);
}

void append_operations(std::string& out, const RunReport& report) {
  out += fmt::format("{:<10} {:>9} {:>9} {:>7} {:>8} {:>10} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n",
                     "operation", "count", "ok", "error", "timeout", "unfinished", "p50", "p90",
                     "p99", "p99.9", "p99.99", "max");
  for (const OperationSummary& op : report.operations) {
    const LatencyHistogram& h = op.latency;
    out += fmt::format(
        "{:<10} {:>9} {:>9} {:>7} {:>8} {:>10} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8}\n", op.name,
        op.count, op.ok, op.error, op.timeout, op.unfinished, latency(h, 0.5), latency(h, 0.9),
        latency(h, 0.99), latency(h, 0.999), latency(h, 0.9999), latency(h, 1));
  }
  out += "(latency of successful operations, from the intended start to the final reply)\n";
  if (report.show_mean) append_means(out, report);
}

std::string span(sim::Time start, sim::Time end) {
  return fmt::format("{}..{}", sim::format_duration(start - sim::time_zero),
                     sim::format_duration(end - sim::time_zero));
}

void append_faults(std::string& out, const RunReport& report) {
  if (report.faults.empty()) return;
  out += "\nfaults:\n";
  for (const FaultSummary& fault : report.faults) {
    out += fmt::format(
        "  {:<16} {:<14} {:<16} {}\n", span(fault.start, fault.end), fault.kind,
        fault.targets.empty() ? "(no target)" : fmt::format("{}", fmt::join(fault.targets, ",")),
        fault.from_nemesis ? "nemesis" : "");
  }
  out += fmt::format("\n{:<34} {:<10} {:>8} {:>8} {:>8} {:>9} {:>9} {:>9}\n", "phase", "operation",
                     "count", "ok", "failed", "p50", "p99", "max");
  for (const PhaseSummary& phase : report.phases) {
    for (const OperationSummary& op : phase.operations) {
      out += fmt::format(
          "{:<34} {:<10} {:>8} {:>8} {:>8} {:>9} {:>9} {:>9}\n",
          &op == &phase.operations.front() ? phase.name + " " + span(phase.start, phase.end) : "",
          op.name, op.count, op.ok, op.count - op.ok, latency(op.latency, 0.5),
          latency(op.latency, 0.99), latency(op.latency, 1));
    }
  }
}

void append_checks(std::string& out, const RunReport& report) {
  if (report.checks.empty()) return;
  out += "\nchecks:\n";
  for (const CheckSummary& check : report.checks) {
    out += fmt::format("  {:<6} {:<14} {}{}\n",
                       check.verdict == CheckVerdict::passed   ? "held"
                       : check.verdict == CheckVerdict::failed ? "FAILED"
                                                               : "UNKNOWN",
                       check.name, check.outcome,
                       check.operations == 0 ? ""
                                             : fmt::format(" ({} operations on {} keys)",
                                                           check.operations, check.keys));
    if (!check.detail.empty()) out += check.detail + (check.detail.ends_with('\n') ? "" : "\n");
  }
}

// The protocol's counters: the total, then each node's share.
void append_metrics(std::string& out, const RunReport& report) {
  if (report.metrics.empty()) return;
  out += "\nmetrics (the protocol's counters):\n";
  for (const auto& [name, total] : report.metrics) {
    std::string shares;
    for (const NodeSummary& node : report.nodes) {
      for (const auto& [metric, value] : node.metrics)
        if (metric == name)
          shares += fmt::format("{}{} {}", shares.empty() ? "" : ", ", node.name, value);
    }
    out += fmt::format("  {:<24} {:>10}   ({})\n", name, total, shares);
  }
}

void append_nodes(std::string& out, const RunReport& report) {
  out += fmt::format("\n{:<8} {:<9} {:>10} {:>10} {:>9} {:>10}\n", "node", "role", "sent",
                     "received", "dropped", "inbox max");
  for (const NodeSummary& node : report.nodes) {
    out += fmt::format("{:<8} {:<9} {:>10} {:>10} {:>9} {:>10}\n", node.name,
                       node.role.empty() ? "-" : node.role, node.sent, node.received, node.dropped,
                       node.inbox_depth_max);
  }
}

}  // namespace

std::string to_text(const RunReport& report) {
  std::string out;
  append_operations(out, report);
  const double seconds = static_cast<double>(report.workload_duration.count()) / 1e9;
  std::uint64_t ok = 0;
  for (const OperationSummary& op : report.operations) ok += op.ok;
  out += fmt::format(
      "\navailability {:.4f}%   throughput {:.1f} ok/s   lost acknowledged writes {}   stale reads "
      "{}\n",
      100 * report.availability(), seconds > 0 ? static_cast<double>(ok) / seconds : 0.0,
      report.lost_acknowledged_writes, report.stale_reads);
  if (report.counter) {
    out += fmt::format(
        "counters: {} adds invoked, applied twice (at least) {}, acknowledged and "
        "lost {}\n",
        report.counter->adds, report.counter->double_counted, report.counter->lost_adds);
  }
  out += fmt::format("network: sent {}, delivered {}, dropped {}\n", report.network_sent(),
                     report.network_delivered(), report.network_dropped());
  append_faults(out, report);
  if (report.nodes.size() <= 16) append_nodes(out, report);
  append_metrics(out, report);
  if (report.invariant) {
    out += fmt::format("\nINVARIANT VIOLATED: \"{}\" after event {} at {}: {}\n",
                       report.invariant->name, report.invariant->event,
                       sim::format_trace_time(report.invariant->time), report.invariant->detail);
  }
  append_checks(out, report);
  if (!report.expectations.empty()) out += "\nexpectations:\n";
  for (const ExpectationResult& result : report.expectations) {
    out += fmt::format("  {} {:<40} actual {}\n", result.held ? "held  " : "FAILED", result.text,
                       metric_text(result.text, result.actual));
  }
  if (report.runtime == "live") {
    out += fmt::format("\nran live for {}: {} datagrams handled; a live run is not replayable\n",
                       sim::format_duration(report.simulated_duration), report.events);
    return out;
  }
  out +=
      fmt::format("\nsimulated {} in {} events, trace hash {:016x}{}\n",
                  sim::format_duration(report.simulated_duration), report.events, report.trace_hash,
                  report.end == "completed" ? "" : " (stopped: " + report.end + ")");
  return out;
}

}  // namespace scar::reports
