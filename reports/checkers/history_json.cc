#include "reports/checkers/history_json.h"

#include <fmt/format.h>

#include <limits>
#include <map>
#include <nlohmann/json.hpp>

namespace scar::reports::checkers {
namespace {

using Json = nlohmann::json;

struct HistoryException {
  LineError error;
};

class Reader {
 public:
  History read(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      ++line_;
      const std::string_view line = text.substr(start, end - start);
      if (line.find_first_not_of(" \t\r") != std::string_view::npos) read_event(line);
      start = end + 1;
    }
    return std::move(history_);
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw HistoryException{LineError{line_, message}};
  }

  const Json& required(const Json& event, const char* name) const {
    const auto field = event.find(name);
    if (field == event.end()) fail(fmt::format("expected the event to have \"{}\"", name));
    return *field;
  }

  std::int64_t integer(const Json& value, const char* what) const {
    if (!value.is_number_integer() ||
        (value.is_number_unsigned() &&
         value.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())))
      fail(fmt::format("expected {} to be a 64-bit integer, found {}", what, value.dump()));
    return value.get<std::int64_t>();
  }

  Value to_value(const Json& value, const char* what) const {
    if (value.is_null()) return std::nullopt;
    return integer(value, what);
  }

  template <typename Enum, std::size_t count>
  Enum choose(const Json& value, const char* field,
              const std::pair<const char*, Enum> (&choices)[count]) const {
    if (value.is_string()) {
      for (const auto& [name, choice] : choices) {
        if (value.get<std::string>() == name) return choice;
      }
    }
    std::vector<std::string> names;
    for (const auto& choice : choices) names.push_back(fmt::format("\"{}\"", choice.first));
    fail(fmt::format("expected \"{}\" to be {}, found {}", field, fmt::join(names, " or "),
                     value.dump()));
  }

  void read_event(std::string_view line) {
    const Json event = Json::parse(line, nullptr, false);
    if (event.is_discarded() || !event.is_object())
      fail(fmt::format("expected one JSON object, found \"{}\"",
                       line.substr(0, std::min<std::size_t>(line.size(), 60))));
    for (const auto& [name, value] : event.items()) {
      if (name != "process" && name != "type" && name != "f" && name != "value" && name != "key" &&
          name != "time_ns")
        fail(fmt::format("expected fields process, type, f, value, key and time_ns, found \"{}\"",
                         name));
    }
    const std::int64_t process = integer(required(event, "process"), "\"process\"");
    enum class Type { invoke, ok, fail, info };
    const Type type = choose(required(event, "type"), "type",
                             {std::pair{"invoke", Type::invoke}, std::pair{"ok", Type::ok},
                              std::pair{"fail", Type::fail}, std::pair{"info", Type::info}});
    const Function function =
        choose(required(event, "f"), "f",
               {std::pair{"read", Function::read}, std::pair{"write", Function::write},
                std::pair{"cas", Function::cas}});
    const std::int64_t key = read_key(event);
    const Json& value = required(event, "value");
    std::optional<sim::Time> time;
    if (const auto field = event.find("time_ns"); field != event.end())
      time = sim::Time{sim::Duration{integer(*field, "\"time_ns\"")}};
    const auto open = open_.find(process);
    if (type == Type::invoke) {
      if (open != open_.end())
        fail(
            fmt::format("expected process {} to complete its open operation (line {}) before "
                        "invoking another, found a second invoke",
                        process, open->second.line));
      const auto [expected, new_value] = read_argument(function, value);
      open_[process] = {history_.invoke(process, key, function, expected, new_value, time), line_};
      return;
    }
    if (open == open_.end())
      fail(
          fmt::format("expected an invoke by process {} before this completion, found none "
                      "open",
                      process));
    const Operation& invoked = history_.operations[open->second.index];
    if (invoked.function != function || invoked.key != key)
      fail(
          fmt::format("expected f \"{}\" and key {} to complete the invoke on line {}, found "
                      "\"{}\" and {}",
                      function_name(invoked.function), invoked.key, open->second.line,
                      function_name(function), key));
    const Outcome outcome = type == Type::ok     ? Outcome::ok
                            : type == Type::fail ? Outcome::fail
                                                 : Outcome::info;
    const Value read_value =
        function == Function::read ? to_value(value, "\"value\"") : std::nullopt;
    history_.complete(open->second.index, outcome, read_value, time);
    open_.erase(open);
  }

  std::int64_t read_key(const Json& event) {
    const auto field = event.find("key");
    const bool keyed = field != event.end();
    if (!first_line_) {
      first_line_ = line_;
      history_.independent_keys = keyed;
    }
    if (keyed != history_.independent_keys)
      fail(fmt::format("expected {} \"key\", as on the first event (line {})", keyed ? "no" : "a",
                       first_line_));
    return keyed ? integer(*field, "\"key\"") : 0;
  }

  std::pair<Value, Value> read_argument(Function function, const Json& value) const {
    if (function != Function::cas) return {to_value(value, "\"value\""), std::nullopt};
    if (!value.is_array() || value.size() != 2)
      fail("expected a cas \"value\" [expected, new], found " + value.dump());
    return {to_value(value[0], "the expected value"), to_value(value[1], "the new value")};
  }

  struct OpenOperation {
    std::size_t index = 0;
    std::size_t line = 0;
  };
  History history_;
  std::map<std::int64_t, OpenOperation> open_;  // by process
  std::size_t line_ = 0;
  std::size_t first_line_ = 0;  // line of the first event
};

std::string json_value(Value value) { return value ? std::to_string(*value) : "null"; }

}  // namespace

std::variant<History, LineError> read_json_history(std::string_view text) {
  try {
    return Reader().read(text);
  } catch (const HistoryException& exception) {
    return exception.error;
  }
}

std::string write_json_history(const History& history) {
  std::string text;
  auto out = std::back_inserter(text);
  for (const auto& [index, completion] : history.event_order()) {
    const Operation& op = history.operations[index];
    std::string value;
    if (op.function == Function::cas)
      value = fmt::format("[{},{}]", json_value(op.value), json_value(op.cas_new_value));
    else if (op.function == Function::write || (completion && op.outcome == Outcome::ok))
      value = json_value(op.value);
    else
      value = "null";
    fmt::format_to(out, R"({{"process":{},"type":"{}","f":"{}")", op.process,
                   completion ? outcome_name(op.outcome) : "invoke", function_name(op.function));
    if (history.independent_keys) fmt::format_to(out, R"(,"key":{})", op.key);
    fmt::format_to(out, R"(,"value":{})", value);
    const auto& time = completion ? op.complete_time : op.invoke_time;
    if (time) fmt::format_to(out, R"(,"time_ns":{})", sim::to_ns(*time));
    text += "}\n";
  }
  return text;
}

}  // namespace scar::reports::checkers
