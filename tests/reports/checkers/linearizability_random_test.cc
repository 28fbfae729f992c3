// The checker against the definition, on thousands of small random histories: a
// brute-force search over every order of the operations that respects real time (an ok
// operation completed before another's invocation comes first), places every ok
// operation, places each indeterminate one or not, and never places a failed one. The
// brute force keeps a whole map of registers as its state, so for kv it also checks that
// checking key by key (compositionality) changes no verdict. Fixed seeds: reproducible.
#include <catch2/catch.hpp>
#include <map>

#include "reports/checkers/linearizability.h"
#include "sim/random.h"

using namespace scar::reports::checkers;

namespace {

// Random histories of a few processes running a few operations on a register that
// really takes each operation's effect at one moment between invocation and completion;
// then some results are corrupted, so that both verdicts come up.
History random_history(scar::sim::Random& random, bool keyed, bool with_cas) {
  History history;
  history.independent_keys = keyed;
  const std::uint64_t processes = 2 + random.next_below(3);
  std::uint64_t operations_left = 1 + random.next_below(7);
  std::map<std::int64_t, Value> registers;
  struct Open {
    std::size_t index;
    bool applied = false;
    bool worked = false;
    Value read;
  };
  std::map<std::int64_t, Open> open;
  const auto small_value = [&]() -> Value {
    if (random.chance(0.1)) return std::nullopt;
    return static_cast<std::int64_t>(random.next_below(3));
  };
  for (int steps = 0; steps < 40 && (operations_left > 0 || !open.empty()); ++steps) {
    const auto process = static_cast<std::int64_t>(random.next_below(processes));
    const auto it = open.find(process);
    if (it == open.end()) {
      if (operations_left == 0) continue;
      --operations_left;
      const auto function = static_cast<Function>(random.next_below(with_cas ? 3 : 2));
      const std::int64_t key = keyed ? static_cast<std::int64_t>(random.next_below(2)) : 0;
      if (!registers.count(key)) registers[key] = 0;
      open[process] = {history.invoke(process, key, function, small_value(), small_value(), {})};
      continue;
    }
    Open& operation = it->second;
    const Operation& op = history.operations[operation.index];
    if (!operation.applied && random.chance(0.6)) {  // it takes effect now
      operation.applied = true;
      Value& state = registers[op.key];
      operation.read = state;
      operation.worked = op.function != Function::cas || op.value == state;
      if (op.function == Function::write) state = op.value;
      if (op.function == Function::cas && operation.worked) state = op.cas_new_value;
      continue;
    }
    if (random.chance(0.2)) {  // a crash or a timeout: nobody knows whether it happened
      history.complete(operation.index, Outcome::info, std::nullopt, {});
    } else if (!operation.applied || !operation.worked) {
      history.complete(operation.index, random.chance(0.9) ? Outcome::fail : Outcome::ok,
                       small_value(), {});
    } else {
      const Value read = random.chance(0.85) ? operation.read : small_value();
      history.complete(operation.index, random.chance(0.95) ? Outcome::ok : Outcome::fail, read,
                       {});
    }
    open.erase(it);
  }
  return history;
}

// Exhaustive: tries every operation that may go next, in every order.
class BruteForce {
 public:
  BruteForce(const History& history, const Model& model)
      : history_(history), model_(model), placed_(history.operations.size(), false) {}

  bool linearizable() { return search({}); }

 private:
  bool search(const std::map<std::int64_t, Value>& state) {
    bool every_ok_placed = true;
    for (std::size_t i = 0; i < placed_.size(); ++i) {
      if (!placed_[i] && history_.operations[i].outcome == Outcome::ok) every_ok_placed = false;
    }
    if (every_ok_placed) return true;
    for (std::size_t i = 0; i < placed_.size(); ++i) {
      const Operation& op = history_.operations[i];
      if (placed_[i] || op.outcome == Outcome::fail || !may_go_next(op)) continue;
      const auto known = state.find(op.key);
      const Value current = known == state.end() ? model_.initial_value : known->second;
      const auto next = step(model_, current, op);
      if (!next) continue;
      auto next_state = state;
      next_state[op.key] = *next;
      placed_[i] = true;
      const bool found = search(next_state);
      placed_[i] = false;
      if (found) return true;
    }
    return false;
  }

  // No unplaced ok operation completed before `op` was invoked.
  bool may_go_next(const Operation& op) const {
    for (std::size_t j = 0; j < placed_.size(); ++j) {
      const Operation& other = history_.operations[j];
      if (!placed_[j] && other.outcome == Outcome::ok &&
          *other.complete_position < op.invoke_position)
        return false;
    }
    return true;
  }

  const History& history_;
  const Model& model_;
  std::vector<bool> placed_;
};

void agree_on_random_histories(const Model& model, bool keyed, std::uint64_t seed) {
  scar::sim::Random random(seed, "linearizability/random-histories");
  int linearizable = 0, not_linearizable = 0;
  for (int round = 0; round < 3000; ++round) {
    const History history =
        random_history(random, keyed, model.kind != ModelKind::read_write_register);
    const bool expected = BruteForce(history, model).linearizable();
    const CheckResult result = check_linearizable(history, model);
    INFO("seed " << seed << " round " << round);
    REQUIRE(result.verdict != Verdict::unknown);
    REQUIRE((result.verdict == Verdict::linearizable) == expected);
    (expected ? linearizable : not_linearizable) += 1;
  }
  // Both verdicts come up often, or the comparison would prove little.
  CHECK(linearizable > 300);
  CHECK(not_linearizable > 300);
}

}  // namespace

TEST_CASE("the cas-register checker agrees with a brute-force search", "[linearizability]") {
  agree_on_random_histories(Model{}, false, 1);
  agree_on_random_histories(
      Model{.initial_value = std::nullopt, .nil_read_matches_anything = false}, false, 2);
}

TEST_CASE("the register checker agrees with a brute-force search", "[linearizability]") {
  agree_on_random_histories(Model{.kind = ModelKind::read_write_register}, false, 3);
}

TEST_CASE("the kv checker, key by key, agrees with a brute-force search over all keys",
          "[linearizability]") {
  agree_on_random_histories(Model{.kind = ModelKind::kv}, true, 4);
}
