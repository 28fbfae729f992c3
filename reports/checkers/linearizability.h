// The linearizability checker: is there an order of the history's operations that
// respects real time (an operation completed before another was invoked comes first) and
// that the model accepts, step by step? Wing and Gong's search with Lowe's memo of
// explored configurations (Knossos' wgl, Porcupine's checker):
//
// - `ok` operations must all be placed; `fail` operations never happened and are dropped;
//   `info` and never-completed operations may be placed anywhere after their invocation
//   or not at all (their completion is at +infinity). Indeterminate reads are dropped:
//   they constrain nothing.
// - Each key is checked on its own (model.h), in ascending key order; the first key that
//   is not linearizable decides the verdict.
// - The search is iterative (an explicit stack: no recursion, whatever the history's
//   length) and tries completed operations before indeterminate ones at every step.
// - The limits are on wall-clock time (the checker runs after the deterministic run) and
//   on the memo's memory. Past either the verdict is `unknown`, never a guess.
//
// On a violation, the report is where the search got furthest (as Knossos and Porcupine
// report it): the longest linearizable prefix it found, the completed operation whose
// completion came before it could be placed, and the operations that could have gone next
// at that point; from there no order goes on.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/checkers/history.h"
#include "reports/checkers/model.h"

namespace scar::reports::checkers {

enum class Verdict { linearizable, not_linearizable, unknown };
std::string_view verdict_name(Verdict verdict);  // "linearizable", "not linearizable", "unknown"

struct CheckLimits {
  std::chrono::steady_clock::duration time_max = std::chrono::seconds{10};  // wall clock
  std::size_t memo_bytes_max = std::size_t{2} << 30;  // memory for explored configurations
};

// Operations are indexes into History::operations.
struct Violation {
  std::int64_t key = 0;
  std::vector<std::size_t> prefix;  // the longest linearizable prefix found, in its order
  Value state;                      // the register's state after the prefix
  std::size_t blocked = 0;          // an ok operation that completed before it could be placed
  // Operations invoked before `blocked` completed and not in the prefix: the candidates to
  // go next, in invocation order (`blocked` among them). Each is impossible in `state`, or
  // leads only to dead ends.
  std::vector<std::size_t> pending;
};

struct CheckResult {
  Verdict verdict = Verdict::linearizable;
  std::size_t operations_checked = 0;  // placed or optional: fails, indeterminate reads excluded
  std::size_t keys_checked = 0;        // keys searched (all keys unless stopped early)
  std::uint64_t configurations = 0;    // configurations explored (memo entries)
  std::chrono::steady_clock::duration elapsed{};
  std::string unknown_reason;          // with Verdict::unknown: which limit was reached
  std::optional<Violation> violation;  // with Verdict::not_linearizable
};

// REQUIRES: unsupported(history, model).empty().
CheckResult check_linearizable(const History& history, const Model& model,
                               const CheckLimits& limits = {});

}  // namespace scar::reports::checkers
