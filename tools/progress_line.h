// The progress line on a terminal's stderr: simulated time, events per second, time left.
// Wall-clock based, so it lives in the CLI, outside the run; nothing at all when stderr is
// not a terminal (CI logs). It fits the terminal's width (never wraps), and is erased when
// the run ends or is interrupted (Ctrl-C), so the shell prompt starts on a clean line.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "sim/time.h"

namespace scar::tools {

class ProgressLine {
 public:
  // Shows nothing unless `enabled` (the caller checks that stderr is a terminal).
  ProgressLine(sim::Duration total, bool enabled);
  ~ProgressLine();  // erases the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // For the World's heartbeat; empty when disabled.
  std::function<void(sim::Time, std::uint64_t)> callback();
  void clear();

 private:
  void show(sim::Time now, std::uint64_t events);

  sim::Duration total_;
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_;
};

}  // namespace scar::tools
