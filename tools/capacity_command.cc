#include "tools/capacity_command.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>
#include <variant>

#include "tools/capacity.h"
#include "tools/capacity_report.h"
#include "tools/commands.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"
#include "tools/text_file.h"

namespace scar::tools {
namespace {

// The request, or what is wrong with the arguments.
std::variant<CapacityRequest, std::string> make_request(const CapacityArguments& arguments) {
  LoadResult loaded = load_scenario(arguments.file, arguments.overrides);
  if (auto* error = std::get_if<InputError>(&loaded)) return error->to_string();
  CapacityRequest request{.scenario = std::get<Scenario>(std::move(loaded))};
  Scenario& scenario = request.scenario;
  if (arguments.seed) scenario.seed = *arguments.seed;
  if (scenario.workload.mode != nodes::LoadMode::open)
    return fmt::format(
        "{}: workload.mode is \"closed\": scar capacity varies the open-loop "
        "rate (workload.rate), so it needs \"mode\": \"open\"",
        scenario.file);
  if (!scenario.workload.rate_changes.empty())
    return fmt::format(
        "{}: workload.rate_changes sets rates of its own: scar capacity varies one open-loop "
        "rate (workload.rate), so remove the changes",
        scenario.file);
  auto slo = reports::parse_expectation(arguments.slo, scenario.operation_names());
  if (auto* problem = std::get_if<std::string>(&slo)) return "--slo: " + *problem;
  request.slo = std::get<reports::Expectation>(slo);
  request.low = capacity_rate(arguments.low.value_or(scenario.workload.rate_per_second / 10));
  request.high = capacity_rate(arguments.high.value_or(scenario.workload.rate_per_second * 2));
  if (request.low < capacity_rate_step)
    return fmt::format("--low: expected a rate of at least {:g}/s", capacity_rate_step);
  if (request.low >= request.high)
    return fmt::format("--low {:g} must be below --high {:g}", request.low, request.high);
  const double seconds = std::chrono::duration<double>(scenario.duration).count();
  if (request.high > ScenarioLimits::rate_max ||
      request.high * seconds > ScenarioLimits::operations_max)
    return fmt::format("--high {:g}: at most {:g}/s and {:g} operations a run", request.high,
                       ScenarioLimits::rate_max, ScenarioLimits::operations_max);
  if (window_count(scenario, RunOptions{}.window) > reports::TimeSeries::windows_max)
    return scenario.file + ": the run is too long for its time series' 1 s windows";
  request.runs_max = arguments.runs_max;
  request.jobs = std::max(1u, std::thread::hardware_concurrency());
  return request;
}

std::string check_outputs(const CapacityArguments& arguments) {
  for (const auto& [option, path] :
       {std::pair{"--json", arguments.json_path}, std::pair{"--html", arguments.html_path}}) {
    if (path.empty()) continue;
    if (const std::string problem = check_output_path(path, arguments.file); !problem.empty())
      return fmt::format("{} {}: {}", option, path, problem);
  }
  if (!arguments.json_path.empty() && arguments.json_path == arguments.html_path)
    return "--json and --html name the same file";
  return "";
}

std::string write_outputs(const CapacityArguments& arguments, const CapacityRequest& request,
                          const CapacityResult& result) {
  if (!arguments.json_path.empty()) {
    if (std::string problem = write_text_file(arguments.json_path, capacity_json(request, result));
        !problem.empty())
      return fmt::format("cannot write {}: {}", arguments.json_path, problem);
  }
  if (!arguments.html_path.empty()) {
    if (std::string problem = write_text_file(arguments.html_path, capacity_html(request, result));
        !problem.empty())
      return fmt::format("cannot write {}: {}", arguments.html_path, problem);
  }
  return "";
}

}  // namespace

int capacity_command(const CapacityArguments& arguments) {
  auto made = make_request(arguments);
  if (auto* problem = std::get_if<std::string>(&made)) {
    fmt::print(stderr, "scar capacity: {}\n", *problem);
    return exit_bad_input;
  }
  if (const std::string problem = check_outputs(arguments); !problem.empty()) {
    fmt::print(stderr, "scar capacity: {}\n", problem);
    return exit_bad_input;
  }
  const CapacityRequest& request = std::get<CapacityRequest>(made);
  const CapacityResult result = find_capacity(request);
  if (!result.internal_error.empty()) {
    fmt::print(stderr, "scar capacity: internal error in a run: {}\n", result.internal_error);
    return exit_internal;
  }
  fmt::print("{}", capacity_text(request, result));
  if (const std::string problem = write_outputs(arguments, request, result); !problem.empty()) {
    fmt::print(stderr, "scar capacity: {}\n", problem);
    return exit_bad_input;
  }
  return result.max_rate ? exit_ok : exit_failed;
}

}  // namespace scar::tools
