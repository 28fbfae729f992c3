#include "tools/sweep_progress.h"

#include <fmt/format.h>

namespace scar::tools {

void SweepProgress::seed_done(bool failed) {
  if (!line_.enabled()) return;
  const std::lock_guard lock(mutex_);
  ++done_;
  failed_ += failed ? 1 : 0;
  if (!line_.due()) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double left = elapsed * static_cast<double>(seeds_ - done_) / static_cast<double>(done_);
  line_.show(
      fmt::format("[{} of {} seeds, {} failed] about {:.0f}s left", done_, seeds_, failed_, left));
}

}  // namespace scar::tools
