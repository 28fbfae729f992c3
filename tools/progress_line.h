// The progress line of `scar run` on a terminal's stderr: simulated time, events per
// second, time left (a StatusLine: fits the terminal, erased at the end and on Ctrl-C;
// nothing when stderr is not a terminal).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "sim/time.h"
#include "tools/status_line.h"

namespace scar::tools {

class ProgressLine {
 public:
  // Shows nothing unless `enabled` (the caller checks that stderr is a terminal).
  ProgressLine(sim::Duration total, bool enabled) : total_(total), line_(enabled) {}

  // For the World's heartbeat; empty when disabled.
  std::function<void(sim::Time, std::uint64_t)> callback();
  void clear() { line_.clear(); }

 private:
  void show(sim::Time now, std::uint64_t events);

  sim::Duration total_;
  StatusLine line_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace scar::tools
