#include "reports/checkers/history.h"

#include "sim/assert.h"

namespace scar::reports::checkers {

std::string_view function_name(Function function) {
  switch (function) {
    case Function::read:
      return "read";
    case Function::write:
      return "write";
    case Function::cas:
      return "cas";
  }
  return "?";
}

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::ok:
      return "ok";
    case Outcome::fail:
      return "fail";
    case Outcome::info:
      return "info";
  }
  return "?";
}

std::size_t History::invoke(std::int64_t process, std::int64_t key, Function function, Value value,
                            Value cas_new_value, std::optional<sim::Time> time) {
  Operation& operation = operations.emplace_back();
  operation.process = process;
  operation.key = key;
  operation.function = function;
  if (function != Function::read) operation.value = value;
  if (function == Function::cas) operation.cas_new_value = cas_new_value;
  operation.invoke_position = events++;
  operation.invoke_time = time;
  return operations.size() - 1;
}

void History::complete(std::size_t index, Outcome outcome, Value read_value,
                       std::optional<sim::Time> time) {
  SCAR_ASSERT(index < operations.size());
  Operation& operation = operations[index];
  SCAR_ASSERT(!operation.complete_position);
  operation.outcome = outcome;
  if (operation.function == Function::read && outcome == Outcome::ok) operation.value = read_value;
  operation.complete_position = events++;
  operation.complete_time = time;
}

std::vector<std::pair<std::size_t, bool>> History::event_order() const {
  std::vector<std::pair<std::size_t, bool>> order(events);
  for (std::size_t index = 0; index < operations.size(); ++index) {
    const Operation& operation = operations[index];
    SCAR_ASSERT(operation.invoke_position < events);
    order[operation.invoke_position] = {index, false};
    if (operation.complete_position) {
      SCAR_ASSERT(*operation.complete_position < events);
      order[*operation.complete_position] = {index, true};
    }
  }
  return order;
}

}  // namespace scar::reports::checkers
