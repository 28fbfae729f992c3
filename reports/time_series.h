// The run over time, in windows of simulated time (default 1 s).
//
// Operations are counted in the window of their intended start (the same rule as the
// phases): "requests that arrived at t saw this"; completions are also counted in the
// window they happened in, for throughput. Latency per window is of successful
// operations, in WindowHistograms (0.8% relative error). Node columns count what happened
// in the window: messages sent and handled, drops, the inbox's and disk queue's deepest
// point, and CPU utilisation (service time of the messages handled in the window, over
// the window's length; above 1 when service spans windows).
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

struct TimeSeries {
  static constexpr std::size_t windows_max = 100'000;
  static constexpr std::size_t nodes_max = 64;  // servers with a node series, in id order

  sim::Duration window{};
  std::size_t window_count = 0;
  std::vector<OperationSeries> operations;  // sorted by name
  std::vector<NodeSeries> nodes;
};

}  // namespace scar::reports
