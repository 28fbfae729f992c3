#include "tools/status_line.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>

namespace scar::tools {
namespace {

constexpr char erase_line[] = "\r\x1b[K";

// Ctrl-C while a line is shown: erase it, then die of the signal as before.
extern "C" void erase_status_line_and_reraise(int signal) {
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

StatusLine::StatusLine(bool enabled) : enabled_(enabled) {
  if (enabled_) std::signal(SIGINT, erase_status_line_and_reraise);
}

StatusLine::~StatusLine() {
  clear();
  if (enabled_) std::signal(SIGINT, SIG_DFL);
}

bool StatusLine::due() const {
  return enabled_ &&
         (!shown_ || std::chrono::steady_clock::now() - last_ >= std::chrono::milliseconds{200});
}

void StatusLine::show(std::string text) {
  if (!enabled_) return;
  last_ = std::chrono::steady_clock::now();
  shown_ = true;
  // One column short of the width: writing the last column wraps on some terminals.
  text.resize(std::min(text.size(), terminal_width() - 1));
  fmt::print(stderr, "{}{}", erase_line, text);
}

void StatusLine::clear() {
  if (!shown_) return;
  fmt::print(stderr, "{}", erase_line);
  shown_ = false;
}

}  // namespace scar::tools
