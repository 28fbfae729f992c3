#include "tools/progress_line.h"

#include <fmt/format.h>

#include <algorithm>

namespace scar::tools {

std::function<void(sim::Time, std::uint64_t)> ProgressLine::callback() {
  if (!line_.enabled()) return {};
  return [this](sim::Time now, std::uint64_t events) { show(now, events); };
}

void ProgressLine::show(sim::Time now, std::uint64_t events) {
  if (!line_.due()) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double done =
      static_cast<double>((now - sim::time_zero).count()) / static_cast<double>(total_.count());
  const double left = done > 0 ? elapsed * (1 - done) / done : 0;
  line_.show(fmt::format("[{} of {}] {:.1f}M events/s, about {:.0f}s left",
                         sim::format_duration(now - sim::time_zero), sim::format_duration(total_),
                         static_cast<double>(events) / std::max(elapsed, 1e-9) / 1e6, left));
}

}  // namespace scar::tools
