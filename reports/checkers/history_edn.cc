#include "reports/checkers/history_edn.h"

#include <fmt/format.h>

#include <map>

#include "reports/checkers/edn.h"

namespace scar::reports::checkers {
namespace {

struct HistoryException {
  LineError error;
};

[[noreturn]] void fail(const EdnValue& where, const std::string& message) {
  throw HistoryException{LineError{where.line, message}};
}

const EdnValue& required(const EdnValue& map, std::string_view name) {
  const EdnValue* value = map.find(name);
  if (!value) fail(map, fmt::format("expected the operation to have :{}, found none", name));
  return *value;
}

Value to_value(const EdnValue& value, std::string_view what) {
  if (value.kind == EdnValue::Kind::nil) return std::nullopt;
  if (value.kind != EdnValue::Kind::integer)
    fail(value,
         fmt::format("expected {} to be an integer or nil, found {}", what, describe(value)));
  return value.integer;
}

// Whether an operation's :value is a [key value] tuple (Jepsen's independent form).
bool is_independent(Function function, const EdnValue& value) {
  if (value.kind != EdnValue::Kind::vector || value.items.size() != 2) return false;
  if (function != Function::cas) return true;
  return value.items[1].kind == EdnValue::Kind::vector;
}

class Reader {
 public:
  History read(const std::vector<EdnValue>& top_level) {
    if (top_level.size() == 1 && (top_level[0].kind == EdnValue::Kind::vector ||
                                  top_level[0].kind == EdnValue::Kind::list)) {
      for (const EdnValue& op : top_level[0].items) read_operation(op);
    } else {
      for (const EdnValue& op : top_level) read_operation(op);
    }
    return std::move(history_);
  }

 private:
  void read_operation(const EdnValue& op) {
    if (op.kind != EdnValue::Kind::map)
      fail(op, "expected an operation map {:process .. :type .. :f .. :value ..}, found " +
                   describe(op));
    const EdnValue& process = required(op, "process");
    if (process.kind != EdnValue::Kind::integer) return;  // :nemesis and other non-clients
    const std::optional<Outcome> outcome = read_type(required(op, "type"));
    const Function function = read_function(required(op, "f"));
    const EdnValue* value_field = op.find("value");
    const EdnValue nil;
    const EdnValue& value = value_field ? *value_field : nil;
    const auto [key, argument] = split_key(op, function, value);
    std::optional<sim::Time> time;
    if (const EdnValue* field = op.find("time")) {
      if (field->kind != EdnValue::Kind::integer)
        fail(*field, "expected :time to be integer nanoseconds, found " + describe(*field));
      time = sim::Time{sim::Duration{field->integer}};
    }
    const auto open = open_.find(process.integer);
    if (!outcome) {
      if (open != open_.end())
        fail(op, fmt::format("expected process {} to complete its open operation (line {}) "
                             "before invoking another, found a second :invoke",
                             process.integer, open->second.line));
      const auto [expected, new_value] = read_argument(function, *argument);
      open_[process.integer] = {
          history_.invoke(process.integer, key, function, expected, new_value, time), op.line};
      return;
    }
    if (open == open_.end())
      fail(op, fmt::format("expected an :invoke by process {} before this completion, found "
                           "none open",
                           process.integer));
    const Operation& invoked = history_.operations[open->second.index];
    if (invoked.function != function)
      fail(op, fmt::format("expected :f :{} to complete the invocation on line {}, found :{}",
                           function_name(invoked.function), open->second.line,
                           function_name(function)));
    if (invoked.key != key)
      fail(op, fmt::format("expected key {} to complete the invocation on line {}, found {}",
                           invoked.key, open->second.line, key));
    const Value read_value =
        function == Function::read ? to_value(*argument, ":value") : std::nullopt;
    history_.complete(open->second.index, *outcome, read_value, time);
    open_.erase(open);
  }

  // The completion's outcome, or none for an invocation.
  std::optional<Outcome> read_type(const EdnValue& type) {
    if (type.kind == EdnValue::Kind::keyword) {
      if (type.text == "invoke") return std::nullopt;
      if (type.text == "info") return Outcome::info;
      if (type.text == "ok") return Outcome::ok;
      if (type.text == "fail") return Outcome::fail;
    }
    fail(type, "expected :type to be :invoke, :ok, :fail or :info, found " + describe(type));
  }

  Function read_function(const EdnValue& f) {
    if (f.kind == EdnValue::Kind::keyword) {
      if (f.text == "read") return Function::read;
      if (f.text == "write") return Function::write;
      if (f.text == "cas") return Function::cas;
    }
    fail(f, "expected :f to be :read, :write or :cas, found " + describe(f));
  }

  // The key and the register-level value, by the history's form.
  std::pair<std::int64_t, const EdnValue*> split_key(const EdnValue& op, Function function,
                                                     const EdnValue& value) {
    const bool independent = is_independent(function, value);
    if (!form_line_) {
      form_line_ = op.line;
      history_.independent_keys = independent;
    }
    if (independent != history_.independent_keys)
      fail(value,
           fmt::format("expected :value {}, as in the first operation (line {}), found {}",
                       history_.independent_keys ? "to be a [key value] tuple" : "without a key",
                       form_line_, describe(value)));
    if (!independent) return {0, &value};
    if (value.items[0].kind != EdnValue::Kind::integer)
      fail(value,
           "expected the key in [key value] to be an integer, found " + describe(value.items[0]));
    return {value.items[0].integer, &value.items[1]};
  }

  std::pair<Value, Value> read_argument(Function function, const EdnValue& argument) {
    if (function != Function::cas) return {to_value(argument, ":value"), std::nullopt};
    if (argument.kind != EdnValue::Kind::vector || argument.items.size() != 2)
      fail(argument, "expected a cas :value [expected new], found " + describe(argument));
    return {to_value(argument.items[0], "the expected value"),
            to_value(argument.items[1], "the new value")};
  }

  struct OpenOperation {
    std::size_t index = 0;
    std::size_t line = 0;
  };
  History history_;
  std::map<std::int64_t, OpenOperation> open_;  // by process
  std::size_t form_line_ = 0;                   // line of the first register operation
};

std::string edn_value(Value value) { return value ? std::to_string(*value) : "nil"; }

}  // namespace

std::variant<History, LineError> read_edn_history(std::string_view text) {
  auto parsed = read_edn(text);
  if (auto* error = std::get_if<LineError>(&parsed)) return *error;
  try {
    return Reader().read(std::get<std::vector<EdnValue>>(parsed));
  } catch (const HistoryException& exception) {
    return exception.error;
  }
}

std::string write_edn_history(const History& history) {
  std::string text;
  for (const auto& [index, completion] : history.event_order()) {
    const Operation& op = history.operations[index];
    std::string value;
    if (op.function == Function::cas)
      value = fmt::format("[{} {}]", edn_value(op.value), edn_value(op.cas_new_value));
    else if (op.function == Function::write || (completion && op.outcome == Outcome::ok))
      value = edn_value(op.value);
    else
      value = "nil";
    if (history.independent_keys) value = fmt::format("[{} {}]", op.key, value);
    const std::string_view type = completion ? outcome_name(op.outcome) : "invoke";
    const auto& time = completion ? op.complete_time : op.invoke_time;
    fmt::format_to(std::back_inserter(text), "{{:process {}, :type :{}, :f :{}, :value {}",
                   op.process, type, function_name(op.function), value);
    if (time) fmt::format_to(std::back_inserter(text), ", :time {}", sim::to_ns(*time));
    text += "}\n";
  }
  return text;
}

}  // namespace scar::reports::checkers
