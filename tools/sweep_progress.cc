#include "tools/sweep_progress.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <string>

namespace scar::tools {
namespace {

constexpr char erase_line[] = "\r\x1b[K";

// Ctrl-C while the line is shown: erase it, then die of the signal as before. (C linkage:
// the name must differ from progress_line.cc's.)
extern "C" void erase_sweep_line_and_reraise(int signal) {
  [[maybe_unused]] const auto ignored = ::write(STDERR_FILENO, erase_line, sizeof erase_line - 1);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

std::size_t terminal_width() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace

SweepProgress::SweepProgress(std::uint64_t seeds, bool enabled) : seeds_(seeds), enabled_(enabled) {
  if (enabled_) std::signal(SIGINT, erase_sweep_line_and_reraise);
}

SweepProgress::~SweepProgress() {
  if (shown_) fmt::print(stderr, "{}", erase_line);
  if (enabled_) std::signal(SIGINT, SIG_DFL);
}

void SweepProgress::seed_done(bool failed) {
  if (!enabled_) return;
  const std::lock_guard lock(mutex_);
  ++done_;
  failed_ += failed ? 1 : 0;
  const auto wall = std::chrono::steady_clock::now();
  if (shown_ && wall - last_ < std::chrono::milliseconds{200}) return;
  last_ = wall;
  shown_ = true;
  const double elapsed = std::chrono::duration<double>(wall - start_).count();
  const double left = elapsed * static_cast<double>(seeds_ - done_) / static_cast<double>(done_);
  std::string text =
      fmt::format("[{} of {} seeds, {} failed] about {:.0f}s left", done_, seeds_, failed_, left);
  // One column short of the width: writing the last column wraps on some terminals.
  text.resize(std::min(text.size(), terminal_width() - 1));
  fmt::print(stderr, "{}{}", erase_line, text);
}

}  // namespace scar::tools
