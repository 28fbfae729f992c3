#include "tools/shrink_command.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "tools/commands.h"
#include "tools/describe.h"
#include "tools/shrink.h"
#include "tools/text_file.h"

namespace scar::tools {
namespace {

// "crash_restart n1 at 2.5s for 300ms", "partition [n2 n4] | [n1 n3 n5 c*] at 10s for 1s".
std::string describe_fault(const faults::FaultSpec& fault) {
  std::string where = fault.target;
  if (!fault.groups.empty()) {
    std::vector<std::string> groups;
    for (const auto& group : fault.groups)
      groups.push_back(fmt::format("[{}]", fmt::join(group, " ")));
    where = fmt::format("{}", fmt::join(groups, " | "));
  }
  if (!fault.from.empty()) where = fault.from + " -> " + fault.to;
  std::string text = fmt::format("{} {} at {}", fault.kind, where, duration_text(fault.at));
  if (fault.duration) text += " for " + duration_text(*fault.duration);
  return text;
}

// "faults 17 -> 1, duration 60s -> 4.5s, ...": what changed from the explicit schedule on.
std::string describe_reductions(const ScenarioValues& before, const ScenarioValues& after) {
  std::vector<std::string> parts;
  if (after.faults.size() < before.faults.size())
    parts.push_back(fmt::format("faults {} -> {}", before.faults.size(), after.faults.size()));
  if (after.duration < before.duration)
    parts.push_back(fmt::format("duration {} -> {}", duration_text(before.duration),
                                duration_text(after.duration)));
  if (after.clients < before.clients)
    parts.push_back(fmt::format("clients {} -> {}", before.clients, after.clients));
  if (before.rate && after.rate < before.rate)
    parts.push_back(fmt::format("rate {:g} -> {:g}", *before.rate, *after.rate));
  if (after.nodes < before.nodes)
    parts.push_back(fmt::format("servers {} -> {}", before.nodes, after.nodes));
  if (parts.empty()) return "nothing could be removed";
  return fmt::format("{}", fmt::join(parts, ", "));
}

// "1 fault", "3 faults".
std::string faults_text(std::size_t count) {
  return fmt::format("{} fault{}", count, count == 1 ? "" : "s");
}

std::string default_out_path(const std::string& file) {
  return std::filesystem::path(file).stem().string() + "-shrunk.json";
}

void print_summary(const ShrinkResult& result, const std::string& input_command,
                   const std::string& out_path, double wall_seconds) {
  fmt::print("input: {} ({} started); it {}\n", input_command, faults_text(result.faults_input),
             result.input.describe());
  fmt::print("written out: {} on fixed nodes, no nemesis; it {}\n",
             faults_text(result.explicit_values.faults.size()), result.explicit_outcome.describe());
  fmt::print("shrunk: {}\n", describe_reductions(result.explicit_values, result.shrunk_values));
  fmt::print("faults left ({}):\n", result.shrunk_values.faults.size());
  for (const faults::FaultSpec& fault : result.shrunk_values.faults)
    fmt::print("  {}\n", describe_fault(fault));
  fmt::print("final: it {}\n", result.shrunk.describe());
  fmt::print("runs: {} ({} candidates{}), {:.1f}s\n", result.runs, result.candidate_runs,
             result.budget_spent ? ", --runs-max reached" : "", wall_seconds);
  fmt::print("wrote {}\n  replay: {} run {}\n", out_path, command_name(), out_path);
}

}  // namespace

int shrink_command(const ShrinkArguments& arguments) {
  const std::string out_path =
      arguments.out_path.empty() ? default_out_path(arguments.file) : arguments.out_path;
  if (const std::string problem = check_output_path(out_path, arguments.file); !problem.empty()) {
    fmt::print(stderr, "scar: --out {}: {}\n", out_path, problem);
    return exit_bad_input;
  }
  const auto wall_start = std::chrono::steady_clock::now();
  ShrinkRequest request{
      .file = arguments.file,
      .overrides = arguments.overrides,
      .seed = arguments.seed,
      .runs_max = arguments.runs_max,
      .progress = [](const std::string& line) { fmt::print("  kept: {}\n", line); }};
  const ShrinkResult result = shrink(request);
  Scenario input;
  input.file = arguments.file;
  input.seed = result.seed;
  input.overrides = arguments.overrides;
  const std::string input_command = replay_command(input);
  switch (result.status) {
    case ShrinkResult::Status::bad_input:
      fmt::print(stderr, "scar: {}\n", result.problem);
      return exit_bad_input;
    case ShrinkResult::Status::passes:
      fmt::print(stderr, "scar: nothing to shrink: {} does not fail ({})\n", input_command,
                 result.input.describe());
      return exit_bad_input;
    case ShrinkResult::Status::not_reproduced:
      fmt::print(stderr, "scar: internal error: {} {}, but {}; please report it\n", input_command,
                 result.input.describe(), result.problem);
      return exit_internal;
    case ShrinkResult::Status::shrunk:
      break;
  }
  const std::string comment = fmt::format(
      "// Shrunk by `scar shrink` from `{}` ({}), which {}.\n// Shrunk: {}; {} runs. On its "
      "own it {}. Replay: {} run {}\n",
      input_command, faults_text(result.faults_input), result.input.describe(),
      describe_reductions(result.explicit_values, result.shrunk_values), result.runs,
      result.shrunk.describe(), command_name(), out_path);
  if (const std::string problem = write_text_file(out_path, comment + result.scenario_text);
      !problem.empty()) {
    fmt::print(stderr, "scar: cannot write {}: {}\n", out_path, problem);
    return exit_bad_input;
  }
  print_summary(
      result, input_command, out_path,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count());
  return exit_ok;
}

}  // namespace scar::tools
