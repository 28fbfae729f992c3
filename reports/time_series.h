// The run over time, in windows of simulated time (default 1 s).
//
// Operations are counted in the window of their intended start (the same rule as the
// phases): "requests that arrived at t saw this"; completions are also counted in the
// window they happened in, for throughput. Latency per window is of successful
// operations, in WindowHistograms (0.8% relative error). Node columns count what happened
// in the window: messages sent and handled, drops, the inbox's and disk queue's deepest
// point, and CPU utilisation (service time of the messages handled in the window, over
// the window's length; above 1 when service spans windows). The protocol's own counters
// (Context::count, metrics.<name>) count how much they grew in each window, in total over
// every node and per holder; a counter that never changed has no series.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reports/latency_histogram.h"
#include "sim/time.h"

namespace scar::reports {

struct OperationWindow {
  // Counted in the window of the operation's intended start:
  std::uint64_t count = 0;
  std::uint64_t ok = 0;
  std::uint64_t error = 0;
  std::uint64_t timeout = 0;
  std::uint64_t unfinished = 0;
  WindowHistogram latency;
  sim::Duration latency_sum{};  // of the successful operations: the exact mean's numerator
  // Counted in the window the operation completed in (throughput as the clients saw it:
  // a pause shows as silence, then a burst): ok, and error or timeout.
  std::uint64_t completed_ok = 0;
  std::uint64_t completed_failed = 0;
};

struct NodeWindow {
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  std::uint64_t dropped = 0;
  std::uint64_t inbox_depth_max = 0;
  std::uint64_t disk_queue_max = 0;
  double cpu_utilisation = 0;
  std::uint8_t role = 0;  // at the window's end: an index into NodeSeries::roles
};

struct OperationSeries {
  std::string name;
  std::vector<OperationWindow> windows;
};

struct NodeSeries {
  static constexpr std::size_t roles_max = 255;  // past it, a role is recorded as roles[0]
  std::string name;
  std::vector<NodeWindow> windows;
  std::vector<std::string> roles = {""};  // the roles seen, in order; "" is none (or down)
};

// A holder of a protocol counter: one server, or "clients" (every client node together).
struct MetricHolderSeries {
  std::string name;
  std::vector<std::int64_t> windows;  // the counter's growth in each window
};

struct MetricSeries {
  std::string name;     // as in metrics.<name>
  std::string meaning;  // the protocol's declaration (Protocol::metrics); empty if undeclared
  std::vector<std::int64_t> total;  // growth in each window, summed over every node
  // Servers in id order (at most TimeSeries::nodes_max), then "clients"; only holders whose
  // counter changed in some window.
  std::vector<MetricHolderSeries> holders;
};

struct TimeSeries {
  static constexpr std::size_t windows_max = 100'000;
  static constexpr std::size_t nodes_max = 64;  // servers with a node series, in id order

  sim::Duration window{};
  std::size_t window_count = 0;
  std::vector<OperationSeries> operations;  // sorted by name
  std::vector<NodeSeries> nodes;
  std::vector<MetricSeries> metrics;  // sorted by name; counters that changed
};

}  // namespace scar::reports
