#include "tools/progress_line.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <string>

namespace scar::tools {
namespace {

constexpr char erase_line[] = "\r\x1b[K";

// Ctrl-C while the line is shown: erase it, then die of the signal as before.
extern "C" void erase_and_reraise(int signal) {
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

ProgressLine::ProgressLine(sim::Duration total, bool enabled) : total_(total), enabled_(enabled) {
  if (enabled_) std::signal(SIGINT, erase_and_reraise);
}

ProgressLine::~ProgressLine() {
  clear();
  if (enabled_) std::signal(SIGINT, SIG_DFL);
}

std::function<void(sim::Time, std::uint64_t)> ProgressLine::callback() {
  if (!enabled_) return {};
  return [this](sim::Time now, std::uint64_t events) { show(now, events); };
}

void ProgressLine::clear() {
  if (!shown_) return;
  fmt::print(stderr, "{}", erase_line);
  shown_ = false;
}

void ProgressLine::show(sim::Time now, std::uint64_t events) {
  const auto wall = std::chrono::steady_clock::now();
  if (shown_ && wall - last_ < std::chrono::milliseconds{200}) return;
  last_ = wall;
  shown_ = true;
  const double elapsed = std::chrono::duration<double>(wall - start_).count();
  const double done =
      static_cast<double>((now - sim::time_zero).count()) / static_cast<double>(total_.count());
  const double left = done > 0 ? elapsed * (1 - done) / done : 0;
  std::string text =
      fmt::format("[{} of {}] {:.1f}M events/s, about {:.0f}s left",
                  sim::format_duration(now - sim::time_zero), sim::format_duration(total_),
                  static_cast<double>(events) / std::max(elapsed, 1e-9) / 1e6, left);
  // One column short of the width: writing the last column wraps on some terminals.
  text.resize(std::min(text.size(), terminal_width() - 1));
  fmt::print(stderr, "{}{}", erase_line, text);
}

}  // namespace scar::tools
