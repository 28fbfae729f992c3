#include "reports/checkers/violation_table.h"

#include <fmt/format.h>

#include <iterator>

namespace scar::reports::checkers {
namespace {

std::string text(Value value) { return value ? std::to_string(*value) : "nil"; }

std::string argument(const Operation& op) {
  if (op.function == Function::cas)
    return fmt::format("{} -> {}", text(op.value), text(op.cas_new_value));
  if (op.function == Function::read && op.outcome != Outcome::ok) return "?";
  return text(op.value);
}

std::string when(std::optional<std::uint64_t> position, std::optional<sim::Time> time) {
  if (!position) return "never";
  if (time) return sim::format_duration(*time - sim::time_zero);
  return fmt::format("#{}", *position);
}

void row(std::string& out, const Operation& op, const std::string& first, const std::string& last) {
  fmt::format_to(
      std::back_inserter(out), "  {:>6}  {:>7}  {:<5}  {:<10}  {:<4}  {:>9}  {:>9}  {}\n", first,
      op.process, function_name(op.function), argument(op), outcome_name(op.outcome),
      when(op.invoke_position, op.invoke_time), when(op.complete_position, op.complete_time), last);
}

}  // namespace

std::string violation_table(const History& history, const Model& model, const Violation& violation,
                            std::size_t prefix_rows_max) {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "key {}: not linearizable as a {}.\n", violation.key,
                 model_kind_name(model.kind));
  const std::size_t shown = std::min(prefix_rows_max, violation.prefix.size());
  fmt::format_to(it, "The longest linearizable order found ({} operations{}), from register {}:\n",
                 violation.prefix.size(),
                 shown < violation.prefix.size() ? fmt::format(", the last {}", shown) : "",
                 text(model.initial_value));
  fmt::format_to(it, "  {:>6}  {:>7}  {:<5}  {:<10}  {:<4}  {:>9}  {:>9}  {}\n", "order", "process",
                 "f", "value", "type", "invoked", "completed", "then holds");
  Value state = model.initial_value;
  for (std::size_t i = 0; i < violation.prefix.size(); ++i) {
    const Operation& op = history.operations[violation.prefix[i]];
    state = step(model, state, op).value_or(state);
    if (i + shown >= violation.prefix.size()) row(out, op, std::to_string(i + 1), text(state));
  }
  const Operation& blocked = history.operations[violation.blocked];
  fmt::format_to(it,
                 "Then the register holds {}, and process {}'s {} ({}) completed before it "
                 "could take effect. What could have gone next:\n",
                 text(violation.state), blocked.process, function_name(blocked.function),
                 argument(blocked));
  fmt::format_to(it, "  {:>6}  {:>7}  {:<5}  {:<10}  {:<4}  {:>9}  {:>9}  {}\n", "", "process", "f",
                 "value", "type", "invoked", "completed",
                 fmt::format("in state {}", text(violation.state)));
  for (const std::size_t index : violation.pending) {
    const Operation& op = history.operations[index];
    const auto after = step(model, violation.state, op);
    row(out, op, index == violation.blocked ? "->" : "",
        after ? fmt::format("possible (-> {}), but leads nowhere", text(*after)) : "impossible");
  }
  return out;
}

}  // namespace scar::reports::checkers
