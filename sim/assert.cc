#include "sim/assert.h"

#include <cstdio>
#include <cstdlib>

namespace scar::sim {
namespace {
// Per thread: `scar sweep` runs seeds on several threads at once, each its own run.
thread_local const RunContext* current_context = nullptr;
std::string& replay_command() {
  thread_local std::string command;
  return command;
}
}  // namespace

void set_assert_context(const RunContext* context) { current_context = context; }

void set_assert_replay(std::string command) { replay_command() = std::move(command); }

void assertion_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "scar: internal error: assertion failed: %s\n  at %s:%d\n", condition, file,
               line);
  if (current_context != nullptr) {
    std::fprintf(stderr, "  seed %llu, simulated time %lld ns\n",
                 static_cast<unsigned long long>(current_context->seed),
                 static_cast<long long>(current_context->now_ns));
  }
  if (!replay_command().empty()) std::fprintf(stderr, "  replay: %s\n", replay_command().c_str());
  std::fflush(stderr);
  std::fflush(stdout);
  std::_Exit(internal_error_exit_code);
}

}  // namespace scar::sim
