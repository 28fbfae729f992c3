// One line of status on a terminal's stderr, rewritten in place: never wider than the
// terminal (so it never wraps), at most five times a second, erased when it ends and on
// Ctrl-C (so the shell prompt starts on a clean line). Nothing at all when disabled (the
// caller checks that stderr is a terminal). Wall-clock based: for the CLI, outside runs.
#pragma once

#include <chrono>
#include <string>

namespace scar::tools {

class StatusLine {
 public:
  explicit StatusLine(bool enabled);
  ~StatusLine();  // erases the line
  StatusLine(const StatusLine&) = delete;
  StatusLine& operator=(const StatusLine&) = delete;

  bool enabled() const { return enabled_; }
  // Whether a new text would be shown now (enabled, and 200 ms since the last one).
  bool due() const;
  void show(std::string text);
  void clear();

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace scar::tools
