// SCAR_ASSERT: the channel for programmer errors (a broken invariant in scar or in node
// code). On in every build type. A failure prints the condition, the source location and,
// when a run is in progress, its seed, simulated time and the command that replays it,
// then exits with code 70 (an internal error, as the CLI documents) without unwinding.
//
// Bad user input never reaches an assertion: loaders return error values. Simulated
// faults never reach one either: they arrive in node code as ordinary values.
#pragma once

#include <cstdint>
#include <string>

namespace scar::sim {

// What an assertion prints about the run in progress. The World installs one for the
// duration of a run. Per thread: a run is single-threaded, but `scar sweep` runs several
// at once, one per thread, and each assertion names its own thread's run.
struct RunContext {
  std::uint64_t seed = 0;
  std::int64_t now_ns = 0;
};
void set_assert_context(const RunContext* context);

// The command line that replays the run in progress on this thread, printed by a failed
// assertion. Set by the CLI before a run; empty prints none.
void set_assert_replay(std::string command);

inline constexpr int internal_error_exit_code = 70;

[[noreturn]] void assertion_failed(const char* condition, const char* file, int line);

}  // namespace scar::sim

#define SCAR_ASSERT(condition)                                       \
  do {                                                               \
    if (!(condition)) [[unlikely]]                                   \
      ::scar::sim::assertion_failed(#condition, __FILE__, __LINE__); \
  } while (false)
