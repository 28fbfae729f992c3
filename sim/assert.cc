#include "sim/assert.h"

#include <cstdio>
#include <cstdlib>

namespace scar::sim {
namespace {
const RunContext* current_context = nullptr;
}

void set_assert_context(const RunContext* context) { current_context = context; }

void assertion_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "scar: internal error: assertion failed: %s\n  at %s:%d\n", condition, file,
               line);
  if (current_context != nullptr) {
    std::fprintf(stderr, "  seed %llu, simulated time %lld ns\n",
                 static_cast<unsigned long long>(current_context->seed),
                 static_cast<long long>(current_context->now_ns));
  }
  std::fflush(stderr);
  std::abort();
}

}  // namespace scar::sim
