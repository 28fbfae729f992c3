// The progress line of a seed sweep on a terminal's stderr: seeds done and failed, and
// the wall time left (a StatusLine: nothing when stderr is not a terminal, never wider
// than the terminal, erased at the end or on Ctrl-C).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

#include "tools/status_line.h"

namespace scar::tools {

class SweepProgress {
 public:
  // Shows nothing unless `enabled` (the caller checks that stderr is a terminal).
  SweepProgress(std::uint64_t seeds, bool enabled) : seeds_(seeds), line_(enabled) {}
  SweepProgress(const SweepProgress&) = delete;
  SweepProgress& operator=(const SweepProgress&) = delete;

  // One more seed done. Thread-safe: the sweep's threads call it as their runs end.
  void seed_done(bool failed);

 private:
  std::mutex mutex_;
  std::uint64_t seeds_;
  StatusLine line_;
  std::uint64_t done_ = 0;
  std::uint64_t failed_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace scar::tools
