#include "tools/check_history.h"

#include <fmt/format.h>

#include <charconv>
#include <variant>

#include "reports/checkers/history_file.h"
#include "reports/checkers/linearizability.h"
#include "reports/checkers/violation_table.h"
#include "sim/time.h"
#include "tools/commands.h"
#include "tools/text_file.h"

namespace scar::tools {
namespace {

using namespace reports::checkers;

// The model the arguments name, or null after printing why not.
std::optional<Model> parse_model(const CheckHistoryArguments& arguments) {
  Model model;
  const auto kind = parse_model_kind(arguments.model);
  if (!kind) {
    fmt::print(stderr, "scar: --model: expected register, cas-register or kv, found \"{}\"\n",
               arguments.model);
    return std::nullopt;
  }
  model.kind = *kind;
  model.nil_read_matches_anything = !arguments.strict_nil;
  if (arguments.initial_value == "nil") {
    model.initial_value = std::nullopt;
    return model;
  }
  const std::string& text = arguments.initial_value;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    fmt::print(stderr, "scar: --initial-value: expected an integer or nil, found \"{}\"\n", text);
    return std::nullopt;
  }
  model.initial_value = value;
  return model;
}

}  // namespace

int check_history_command(const CheckHistoryArguments& arguments) {
  const std::optional<Model> model = parse_model(arguments);
  if (!model) return exit_bad_input;
  const auto time_limit = sim::parse_duration(arguments.time_limit);
  if (!time_limit || time_limit->count() <= 0) {
    fmt::print(stderr,
               "scar: --time-limit: expected a duration such as 500ms or 10s, found \"{}\"\n",
               arguments.time_limit);
    return exit_bad_input;
  }
  // Histories are larger than scenarios: up to 1 GB.
  const auto text = read_text_file(arguments.file, std::uint64_t{1} << 30);
  if (!text.ok()) {
    fmt::print(stderr, "scar: cannot read {}: {}\n", arguments.file, text.error);
    return exit_bad_input;
  }
  auto read = read_history(text.text);
  if (const auto* error = std::get_if<LineError>(&read)) {
    fmt::print(stderr, "scar: {}:{}: {}\n", arguments.file, error->line, error->message);
    return exit_bad_input;
  }
  const History& history = std::get<History>(read);
  if (const std::string problem = unsupported(history, *model); !problem.empty()) {
    fmt::print(stderr, "scar: {}: {}\n", arguments.file, problem);
    return exit_bad_input;
  }
  const CheckResult result = check_linearizable(history, *model, {.time_max = *time_limit});
  if (result.violation) fmt::print("{}", violation_table(history, *model, *result.violation));
  fmt::print("{}: {} as a {}: {} operations on {} key{}, {} configurations, {}\n", arguments.file,
             verdict_name(result.verdict), model_kind_name(model->kind), result.operations_checked,
             result.keys_checked, result.keys_checked == 1 ? "" : "s", result.configurations,
             sim::format_duration(result.elapsed));
  switch (result.verdict) {
    case Verdict::linearizable:
      return exit_ok;
    case Verdict::not_linearizable:
      return exit_failed;
    case Verdict::unknown:
      fmt::print(stderr, "scar: {}: no verdict: {} (--time-limit {})\n", arguments.file,
                 result.unknown_reason, arguments.time_limit);
      return exit_limit;
  }
  return exit_internal;
}

}  // namespace scar::tools
