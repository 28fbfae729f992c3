#include "reports/checkers/linearizability.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "reports/checkers/configuration_set.h"
#include "sim/assert.h"
#include "sim/random.h"
#include "sim/time.h"

namespace scar::reports::checkers {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr std::uint64_t deadline_check_interval = 1024;  // search steps between clock reads

std::uint64_t state_hash(Value state) { return state ? sim::mix64(std::uint64_t(*state)) : 1; }

// The search over one key's operations. Entries are the operations' invocations and
// completions in real-time order, in a doubly linked list (indexes) between a head and a
// tail sentinel; placing an operation lifts both its entries out of the list. The first
// completion left in the list bounds what can go next: only invocations before it.
class KeySearch {
 public:
  KeySearch(const History& history, const Model& model, std::vector<std::size_t> operations,
            const CheckLimits& limits, SteadyClock::time_point deadline)
      : history_(history),
        model_(model),
        operations_(std::move(operations)),
        limits_(limits),
        deadline_(deadline),
        memo_(operations_.size()),
        linearized_(memo_.words(), 0) {
    build_entries();
  }

  Verdict run();
  const Violation& violation() const { return furthest_; }
  std::size_t configurations() const { return memo_.size(); }
  const std::string& unknown_reason() const { return unknown_reason_; }

 private:
  const Operation& operation(std::uint32_t local) const {
    return history_.operations[operations_[local]];
  }
  bool optional(std::uint32_t local) const { return operation(local).outcome != Outcome::ok; }

  void build_entries();
  void lift(std::uint32_t local);
  void unlift(std::uint32_t local);
  void flip(std::uint32_t local);
  void record_dead_end(std::uint32_t blocking_entry, Value state);

  const History& history_;
  const Model& model_;
  const std::vector<std::size_t> operations_;  // this key's operations, ok ones first
  const CheckLimits& limits_;
  const SteadyClock::time_point deadline_;

  // Entry e (1..2n) belongs to operation entry_operation_[e]; 0 is the head, 2n+1 the tail.
  std::vector<std::uint32_t> next_, previous_, entry_operation_;
  std::vector<bool> is_completion_;
  std::vector<std::uint32_t> invocation_entry_, completion_entry_;  // by operation
  std::uint32_t tail_ = 0;

  ConfigurationSet memo_;
  std::vector<std::uint64_t> linearized_;  // bit per operation: placed in the current order
  std::uint64_t linearized_hash_ = 0;      // XOR of the placed operations' random keys
  struct Placed {
    std::uint32_t operation;
    Value state_before;
  };
  std::vector<Placed> stack_;

  Violation furthest_;
  std::pair<std::uint64_t, std::size_t> furthest_progress_{0, 0};
  std::string unknown_reason_;
};

void KeySearch::build_entries() {
  const auto count = static_cast<std::uint32_t>(operations_.size());
  // (sort key, entry): completions of optional operations go last, at +infinity.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
  order.reserve(2 * count);
  for (std::uint32_t local = 0; local < count; ++local) {
    const Operation& op = operation(local);
    order.push_back({op.invoke_position, 2 * local + 1});
    const std::uint64_t completion =
        optional(local) ? history_.events + op.invoke_position : op.complete_position.value();
    order.push_back({completion, 2 * local + 2});
  }
  std::sort(order.begin(), order.end());
  tail_ = 2 * count + 1;
  next_.assign(tail_ + 1, 0);
  previous_.assign(tail_ + 1, 0);
  entry_operation_.assign(tail_ + 1, 0);
  is_completion_.assign(tail_ + 1, true);  // the tail counts as the last completion
  invocation_entry_.assign(count, 0);
  completion_entry_.assign(count, 0);
  std::uint32_t last = 0;
  for (const auto& [sort_key, id] : order) {
    const std::uint32_t local = (id - 1) / 2;
    const bool completion = id % 2 == 0;
    entry_operation_[id] = local;
    is_completion_[id] = completion;
    (completion ? completion_entry_ : invocation_entry_)[local] = id;
    next_[last] = id;
    previous_[id] = last;
    last = id;
  }
  next_[last] = tail_;
  previous_[tail_] = last;
}

void KeySearch::lift(std::uint32_t local) {
  for (const std::uint32_t entry : {invocation_entry_[local], completion_entry_[local]}) {
    next_[previous_[entry]] = next_[entry];
    previous_[next_[entry]] = previous_[entry];
  }
}

void KeySearch::unlift(std::uint32_t local) {
  for (const std::uint32_t entry : {completion_entry_[local], invocation_entry_[local]}) {
    next_[previous_[entry]] = entry;
    previous_[next_[entry]] = entry;
  }
}

void KeySearch::flip(std::uint32_t local) {
  linearized_[local / 64] ^= std::uint64_t{1} << (local % 64);
  linearized_hash_ ^= sim::mix64(local);
}

// A dead end at the completion `blocking_entry`: keep it when it got further than any
// before (a later blocking completion, then a longer prefix).
void KeySearch::record_dead_end(std::uint32_t blocking_entry, Value state) {
  const std::uint32_t blocked = entry_operation_[blocking_entry];
  const std::pair progress{operation(blocked).complete_position.value() + 1, stack_.size()};
  if (progress <= furthest_progress_) return;
  furthest_progress_ = progress;
  furthest_.key = operation(blocked).key;
  furthest_.state = state;
  furthest_.blocked = operations_[blocked];
  furthest_.prefix.clear();
  for (const Placed& placed : stack_) furthest_.prefix.push_back(operations_[placed.operation]);
  furthest_.pending.clear();
  for (std::uint32_t entry = next_[0]; entry != blocking_entry; entry = next_[entry])
    furthest_.pending.push_back(operations_[entry_operation_[entry]]);
}

// Tries the invocations before the first completion in the list, completed operations
// first (pass 1), then optional ones (pass 2); places the first that the model accepts in
// a configuration not explored yet, and starts over; at a dead end, takes the last placed
// operation back and tries the next candidate after it.
Verdict KeySearch::run() {
  Value state = model_.initial_value;
  memo_.insert(linearized_.data(), state, linearized_hash_ ^ state_hash(state));
  std::uint32_t entry = next_[0];
  bool optional_pass = false;
  for (std::uint64_t steps = 1;; ++steps) {
    if (steps % deadline_check_interval == 0 && SteadyClock::now() > deadline_) {
      unknown_reason_ = "the time limit was reached";
      return Verdict::unknown;
    }
    if (is_completion_[entry]) {
      // Only optional completions (at +infinity) or the tail left: every ok op is placed.
      if (entry == tail_ || optional(entry_operation_[entry])) return Verdict::linearizable;
      if (!optional_pass) {
        optional_pass = true;
        entry = next_[0];
        continue;
      }
      record_dead_end(entry, state);
      if (stack_.empty()) return Verdict::not_linearizable;
      const Placed placed = stack_.back();
      stack_.pop_back();
      state = placed.state_before;
      flip(placed.operation);
      unlift(placed.operation);
      entry = next_[invocation_entry_[placed.operation]];
      optional_pass = optional(placed.operation);
      continue;
    }
    const std::uint32_t local = entry_operation_[entry];
    if (optional(local) == optional_pass) {
      const std::optional<Value> next_state = step(model_, state, operation(local));
      // An optional operation that leaves the state as it was is never needed: the
      // configuration without it, this one, already covers everything it could lead to.
      if (next_state && !(optional_pass && *next_state == state)) {
        flip(local);
        if (memo_.insert(linearized_.data(), *next_state,
                         linearized_hash_ ^ state_hash(*next_state))) {
          if (memo_.bytes() > limits_.memo_bytes_max) {
            unknown_reason_ =
                fmt::format("the memo reached its limit of {} MiB", limits_.memo_bytes_max >> 20);
            return Verdict::unknown;
          }
          stack_.push_back({local, state});
          state = *next_state;
          lift(local);
          entry = next_[0];
          optional_pass = false;
          continue;
        }
        flip(local);
      }
    }
    entry = next_[entry];
  }
}

}  // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::linearizable:
      return "linearizable";
    case Verdict::not_linearizable:
      return "not linearizable";
    case Verdict::unknown:
      return "unknown";
  }
  return "?";
}

CheckResult check_linearizable(const History& history, const Model& model,
                               const CheckLimits& limits) {
  SCAR_ASSERT(unsupported(history, model).empty());
  const SteadyClock::time_point start = SteadyClock::now();
  std::map<std::int64_t, std::vector<std::size_t>> by_key;
  for (std::size_t index = 0; index < history.operations.size(); ++index) {
    const Operation& op = history.operations[index];
    std::vector<std::size_t>& operations = by_key[op.key];
    if (op.outcome == Outcome::fail) continue;
    if (op.outcome == Outcome::info && op.function == Function::read) continue;
    operations.push_back(index);
  }
  CheckResult result;
  for (auto& [key, operations] : by_key) {
    ++result.keys_checked;
    result.operations_checked += operations.size();
    // Numbered in the order they must be placed (ok by completion, then the optional ones),
    // the placed set is mostly a run of ones: the memo stores it short.
    const auto order = [&](std::size_t index) {
      const Operation& op = history.operations[index];
      return op.outcome == Outcome::ok ? std::pair{0, *op.complete_position}
                                       : std::pair{1, op.invoke_position};
    };
    std::sort(operations.begin(), operations.end(),
              [&](std::size_t a, std::size_t b) { return order(a) < order(b); });
    KeySearch search(history, model, std::move(operations), limits, start + limits.time_max);
    result.verdict = search.run();
    result.configurations += search.configurations();
    if (result.verdict == Verdict::not_linearizable) result.violation = search.violation();
    if (result.verdict == Verdict::unknown) result.unknown_reason = search.unknown_reason();
    if (result.verdict != Verdict::linearizable) break;
  }
  result.elapsed = SteadyClock::now() - start;
  return result;
}

}  // namespace scar::reports::checkers
