#include "tools/describe.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <variant>

#include "faults/fault.h"
#include "faults/flag_schedule.h"
#include "tools/scenario_loader.h"

namespace scar::tools {
namespace {

std::string describe_workload(const nodes::WorkloadOptions& workload) {
  std::string text;
  if (workload.mode == nodes::LoadMode::open) {
    text = fmt::format("open loop, {} ops/s {} over {} client(s)", workload.rate_per_second,
                       workload.arrival == nodes::Arrival::poisson ? "poisson" : "evenly spaced",
                       workload.clients);
    for (const nodes::RateChange& change : workload.rate_changes) {
      text += fmt::format(", {} ops/s from {}", change.rate_per_second,
                          sim::format_duration(change.at));
    }
  } else {
    text = fmt::format("closed loop, {} client(s) x {} outstanding, think {}", workload.clients,
                       workload.concurrency, sim::format_duration(workload.think));
  }
  text += ", mix";
  for (const nodes::MixEntry& entry : workload.mix) {
    text += fmt::format(" {} {}", nodes::name_of(entry.kind), entry.weight);
  }
  text += fmt::format(", {} keys {}", workload.key_count,
                      workload.keys == nodes::KeyDistribution::zipf
                          ? fmt::format("zipf({})", workload.zipf_exponent)
                          : std::string("uniform"));
  const nodes::RetryOptions& retry = workload.retry;
  text += fmt::format(
      ", timeout {}, retry {}", sim::format_duration(workload.timeout),
      retry.policy == nodes::RetryPolicy::none ? std::string("none")
      : retry.policy == nodes::RetryPolicy::immediate
          ? fmt::format("immediate x{}", retry.attempts)
          : fmt::format("exponential x{} base {} cap {} jitter {}", retry.attempts,
                        sim::format_duration(retry.base), sim::format_duration(retry.cap),
                        retry.jitter == nodes::Jitter::full ? "full" : "none"));
  return text;
}

std::string option_text(const nodes::OptionValue& value) {
  if (const bool* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const double* number = std::get_if<double>(&value)) return fmt::format("{}", *number);
  if (const sim::Duration* duration = std::get_if<sim::Duration>(&value))
    return sim::format_duration(*duration);
  return std::get<std::string>(value);
}

}  // namespace

std::string shell_quote(const std::string& word) {
  const bool plain = std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-_./=:,@%+").find(c) != std::string_view::npos;
  });
  if (plain && !word.empty()) return word;
  std::string quoted = "'";
  for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::filesystem::path scenario_directory() {
  if (std::filesystem::is_directory("scenarios")) return "scenarios";
  return std::filesystem::path(SCAR_SOURCE_DIR) / "scenarios";
}

std::string describe_scenario(const Scenario& scenario) {
  const ClusterSpec& cluster = scenario.cluster;
  std::string options;
  for (const nodes::OptionSpec& spec : cluster.protocol->options) {
    options += fmt::format("{}{}={}", options.empty() ? "" : ", ", spec.name,
                           option_text(cluster.options.at(spec.name)));
  }
  const sim::NetworkOptions& network = scenario.network;
  std::string text =
      fmt::format("scenario {} ({}), seed {}\n", scenario.name, scenario.file, scenario.seed);
  if (!scenario.description.empty()) text += fmt::format("  {}\n", scenario.description);
  text += fmt::format("  cluster: {} x{}{}, cpu per message {}\n", cluster.protocol->name,
                      cluster.nodes, options.empty() ? "" : " (" + options + ")",
                      cluster.cpu_per_message.describe());
  text += fmt::format("  workload: {}\n", describe_workload(scenario.workload));
  text += fmt::format(
      "  network: latency {}{}{}, loss {}, duplicate {}, {}\n", network.latency.describe(),
      network.cross_rack_latency ? ", cross rack " + network.cross_rack_latency->describe() : "",
      network.cross_zone_latency ? ", cross zone " + network.cross_zone_latency->describe() : "",
      network.loss_probability, network.duplicate_probability,
      network.fifo ? "fifo links" : "reordering links");
  text +=
      fmt::format("  time: {} of workload, then {} drain", sim::format_duration(scenario.duration),
                  sim::format_duration(scenario.drain));
  if (!scenario.overrides.empty())
    text += fmt::format("; overrides: {}", fmt::join(scenario.overrides, " "));
  text += "\n";
  if (scenario.lesson_block) {
    text += describe_lesson(scenario);
  } else if (!scenario.lesson.empty()) {
    text += fmt::format("  lesson: {}\n", scenario.lesson);
  }
  return text;
}

std::string describe_lesson(const Scenario& scenario) {
  const Lesson& lesson = *scenario.lesson_block;
  std::string text = fmt::format("  lesson: {}\n", lesson.section);
  if (!lesson.question.empty()) text += fmt::format("    predict: {}\n", lesson.question);
  if (!lesson.look_at.empty()) text += fmt::format("    look at: {}\n", lesson.look_at);
  if (lesson.fix.empty()) return text;
  if (lesson.fixed_by(scenario.overrides)) {
    text += fmt::format("    variant: with the fix ({})\n", fmt::join(lesson.fix, ", "));
  } else {
    text += fmt::format("    variant: as written, without the fix (--set {})\n",
                        fmt::join(lesson.fix, " --set "));
  }
  return text;
}

namespace {
std::string& mutable_command_name() {
  static std::string name = "scar";
  return name;
}
}  // namespace

const std::string& command_name() { return mutable_command_name(); }
void set_command_name(std::string name) { mutable_command_name() = std::move(name); }

namespace {

// "scar run FILE --seed N --set A --set B": a run of `scenario` with these overrides.
std::string run_command(const Scenario& scenario, const std::vector<std::string>& overrides) {
  std::string command =
      fmt::format("{} run {} --seed {}", command_name(), shell_quote(scenario.file), scenario.seed);
  for (const std::string& assignment : overrides) command += " --set " + shell_quote(assignment);
  return command;
}

}  // namespace

std::string replay_command(const Scenario& scenario) {
  return run_command(scenario, scenario.overrides);
}

std::string fixed_command(const Scenario& scenario) {
  if (!scenario.lesson_block) return replay_command(scenario);
  const std::vector<std::string> missing = scenario.lesson_block->missing_from(scenario.overrides);
  const auto path_of = [](const std::string& assignment) {
    return assignment.substr(0, assignment.find('='));
  };
  // An override of a path the fix sets would be overridden by the fix anyway: leave it out.
  std::vector<std::string> overrides = scenario.overrides;
  std::erase_if(overrides, [&](const std::string& override_assignment) {
    return std::any_of(missing.begin(), missing.end(), [&](const std::string& assignment) {
      return path_of(assignment) == path_of(override_assignment);
    });
  });
  overrides.insert(overrides.end(), missing.begin(), missing.end());
  return run_command(scenario, overrides);
}

std::string describe_protocols() {
  std::string text;
  for (const nodes::Protocol& protocol : nodes::all_protocols()) {
    text += fmt::format("{}  ({}..{} nodes; operations:", protocol.name, protocol.nodes_min,
                        protocol.nodes_max);
    for (nodes::OperationKind kind : protocol.operations)
      text += fmt::format(" {}", nodes::name_of(kind));
    text += fmt::format(")\n  {}\n", protocol.summary);
    if (!protocol.roles.empty())
      text += fmt::format("  roles (fault targets): {}\n", fmt::join(protocol.roles, ", "));
    for (const nodes::MetricSpec& metric : protocol.metrics)
      text += fmt::format("  metrics.{}: {}\n", metric.name, metric.meaning);
    for (const nodes::OptionSpec& spec : protocol.options) {
      text += fmt::format(
          "  option {} (default {}{}): {}\n", spec.name, spec.default_value,
          spec.choices.empty() ? "" : fmt::format("; one of {}", fmt::join(spec.choices, ", ")),
          spec.meaning);
    }
    text += "\n";
  }
  return text;
}

std::string describe_fault_kinds() {
  std::string text;
  for (const faults::FaultKindInfo& kind : faults::fault_kinds()) {
    text += fmt::format("{:<14} {}\n", kind.name, kind.meaning);
    if (!kind.parameters.empty())
      text += fmt::format("{:<14} {}\n", "", faults::parameter_ranges(kind));
  }
  text += fmt::format("{:<14} {}\n", faults::flag_kind, faults::flag_meaning);
  text += fmt::format("{:<14} `name` non-empty; `value` any finite number\n", "");
  text += fmt::format(
      "\ntargets: a node name (n2), a glob (c*), zone:Z, rack:Z/R, role:R (the servers whose "
      "role is R now; `scar list protocols` lists each protocol's roles), or one of {}; `all` "
      "is every server (not the clients), `everything` every server and client\n",
      fmt::join(faults::target_words(), ", "));
  return text;
}

std::vector<std::filesystem::path> scenario_files() {
  const std::filesystem::path directory = scenario_directory();
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(directory)) {
    for (const auto& entry : std::filesystem::directory_iterator(directory)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string describe_scenario_files() {
  std::string text;
  for (const auto& file : scenario_files()) {
    LoadResult loaded = load_scenario(file.string());
    if (auto* error = std::get_if<InputError>(&loaded)) {
      text += fmt::format("{:<44} (does not load: {})\n", file.string(), error->message);
      continue;
    }
    const Scenario& scenario = std::get<Scenario>(loaded);
    text += fmt::format("{:<44} {}\n", file.string(), scenario.description);
  }
  if (text.empty()) text = fmt::format("no scenarios found in {}\n", scenario_directory().string());
  return text;
}

}  // namespace scar::tools
