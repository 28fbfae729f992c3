#include "tools/live_command.h"

#include <fmt/format.h>

#include <chrono>
#include <exception>
#include <variant>

#include "live/live_run.h"
#include "reports/run_report.h"
#include "tools/describe.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

namespace scar::tools {
namespace {

// The scenario, if it loads and can run live; else the error has been printed.
std::optional<Scenario> load_for_live(const RunArguments& arguments) {
  LoadResult loaded = load_scenario(arguments.file, arguments.overrides);
  if (auto* error = std::get_if<InputError>(&loaded)) {
    fmt::print(stderr, "scar: {}\n", error->to_string());
    return std::nullopt;
  }
  Scenario scenario = std::get<Scenario>(std::move(loaded));
  if (arguments.seed) scenario.seed = *arguments.seed;
  if (const auto refusal = live::live_refusal(scenario)) {
    fmt::print(stderr, "scar: {}: {}: {}\n", arguments.file, refusal->path, refusal->message);
    return std::nullopt;
  }
  return scenario;
}

std::optional<reports::RunReport> run_live_reporting(const Scenario& scenario,
                                                     const live::LiveOptions& options) {
  try {
    return live::run_live(scenario, options);
  } catch (const std::exception& error) {
    fmt::print(stderr, "scar: the live run stopped: {}\n", error.what());
    return std::nullopt;
  }
}

std::string percentile_cell(const reports::OperationSummary* operation, double quantile) {
  if (operation == nullptr || operation->latency.count() == 0) return "-";
  return sim::format_duration(operation->latency.percentile(quantile));
}

}  // namespace

int live_command(const RunArguments& arguments) {
  if (!load_for_live(arguments)) return exit_bad_input;
  return run_command(arguments, [](const Scenario& scenario, const RunOptions& options) {
    return live::run_live(scenario, {.tracer = options.tracer,
                                     .observer = options.observer,
                                     .window = options.window,
                                     .history = options.history});
  });
}

int calibrate_command(const RunArguments& arguments) {
  std::optional<Scenario> scenario = load_for_live(arguments);
  if (!scenario) return exit_bad_input;
  fmt::print("{}\nsimulating, then running live for {} of real time\n",
             describe_scenario(*scenario),
             sim::format_duration(scenario->duration + scenario->drain));
  const reports::RunReport simulated = run_scenario(*scenario);
  std::optional<reports::RunReport> live = run_live_reporting(*scenario, {});
  if (!live) return exit_internal;
  fmt::print("\n{:<8} {:<10} {:>9} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "op", "runtime", "ok",
             "p50", "p90", "p99", "p99.9", "max");
  for (const reports::OperationSummary& operation : simulated.operations) {
    const reports::RunReport* runs[] = {&simulated, &*live};
    for (const reports::RunReport* report : runs) {
      const reports::OperationSummary* mine = report->operation(operation.name);
      fmt::print("{:<8} {:<10} {:>9} {:>10} {:>10} {:>10} {:>10} {:>10}\n", operation.name,
                 report->runtime, mine == nullptr ? 0 : mine->ok, percentile_cell(mine, 0.5),
                 percentile_cell(mine, 0.9), percentile_cell(mine, 0.99),
                 percentile_cell(mine, 0.999), percentile_cell(mine, 1.0));
    }
  }
  fmt::print(
      "\nTo fit the model, move network.latency (the round trip is two of it) and cluster.cpu\n"
      "until the simulated rows match the live ones; `--set` tries a value without editing.\n");
  return exit_ok;
}

}  // namespace scar::tools
