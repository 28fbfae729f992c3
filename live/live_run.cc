#include "live/live_run.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "live/live_cluster.h"
#include "live/live_faults.h"
#include "sim/assert.h"
#include "tools/recorder.h"
#include "tools/runner.h"

namespace scar::live {
namespace {

std::filesystem::path fresh_directory() {
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  std::filesystem::path directory =
      std::filesystem::temp_directory_path() / fmt::format("scar-live-{}-{}", getpid(), stamp);
  std::filesystem::create_directories(directory);
  return directory;
}

std::string joined(const std::vector<std::string_view>& words) {
  std::string text;
  for (std::string_view word : words) text += fmt::format("{}{}", text.empty() ? "" : ", ", word);
  return text;
}

}  // namespace

std::optional<LiveRefusal> live_refusal(const tools::Scenario& scenario) {
  const auto& kinds = live_fault_kinds();
  for (std::size_t i = 0; i < scenario.faults.size(); ++i) {
    const std::string& kind = scenario.faults[i].kind;
    if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) continue;
    return LiveRefusal{
        fmt::format("faults[{}].kind", i),
        fmt::format("`{}` cannot be done for real; live runs do {}", kind, joined(kinds))};
  }
  if (scenario.nemesis)
    return LiveRefusal{"nemesis", "live runs take scripted faults only, not the nemesis"};
  for (std::size_t i = 0; i < scenario.checks.size(); ++i) {
    if (scenario.checks[i] != "counter") continue;
    return LiveRefusal{fmt::format("checks[{}]", i),
                       "the counter check reads the servers' final state the simulator keeps; "
                       "live runs check linearizable, stale_reads, lost_writes and converged"};
  }
  return std::nullopt;
}

reports::RunReport run_live(const tools::Scenario& scenario, const LiveOptions& options) {
  SCAR_ASSERT(!live_refusal(scenario));
  const bool own_directory = options.directory.empty();
  const std::filesystem::path directory = own_directory ? fresh_directory() : options.directory;
  const std::size_t windows = tools::window_count(scenario, options.window);
  const faults::FaultInjector planner(scenario.faults, std::nullopt, scenario.duration,
                                      scenario.seed);
  tools::Recorder recorder(planner.plan(), sim::at(scenario.duration), options.window, windows);
  const auto& checks = scenario.checks;
  if (std::find(checks.begin(), checks.end(), "linearizable") != checks.end() ||
      options.history != nullptr)
    recorder.keep_history();
  recorder.observe(options.observer, sim::NodeId{scenario.cluster.nodes});

  reports::RunReport report;
  tools::describe_run(scenario, report);
  report.runtime = "live";
  report.replay =
      "a live run is not replayable (the machine's timing decides what happens "
      "when); simulate it: " +
      report.replay;
  {
    LiveCluster cluster(scenario.seed, directory, scenario.network.latency);
    cluster.set_tracer(options.tracer);
    cluster.set_observer(options.observer);
    for (sim::NodeSpec& spec : tools::cluster_specs(scenario, recorder))
      cluster.add_node(std::move(spec));
    LiveFaults faults(planner.plan(), scenario.seed);
    // Flags set at 0 s are in place when the nodes start, as in the simulator.
    for (const faults::FlagChange& change : scenario.flags)
      if (change.at == sim::Duration{0}) cluster.set_flag(change.name, change.value);
    cluster.start();
    faults.schedule(cluster);
    for (const faults::FlagChange& change : scenario.flags) {
      if (change.at == sim::Duration{0}) continue;  // set before the nodes started
      cluster.schedule(sim::at(change.at),
                       [&cluster, &change] { cluster.set_flag(change.name, change.value); });
    }
    cluster.run_until(sim::at(scenario.duration + scenario.drain));

    report.end = "completed";
    report.simulated_duration = cluster.now() - sim::time_zero;
    report.events = cluster.datagrams_handled();
    recorder.finish(report, faults.timeline());
    std::vector<tools::ServerState> servers;
    for (const sim::NodeId server : cluster.servers()) {
      const LiveNode& node = cluster.node(server);
      servers.push_back({node.spec.name, node.node.get()});
    }
    for (const std::string& check : checks)
      report.checks.push_back(tools::run_common_check(check, scenario, recorder, servers));
    if (options.history != nullptr) *options.history = std::move(recorder.history());
    for (const faults::FaultRecord& fault : faults.timeline()) {
      report.faults.push_back({fault.kind, fault.start, fault.end, fault.targets, false});
      if (options.observer == nullptr) continue;
      std::vector<sim::NodeId> targets;
      for (const std::string& name : fault.targets) targets.push_back(*cluster.find(name));
      options.observer->fault(fault.kind, fault.start, fault.end, targets);
    }
    for (std::uint32_t i = 0; i < cluster.node_count(); ++i) {
      const LiveNode& node = cluster.node(sim::NodeId{i});
      report.nodes.push_back(tools::summarize_node(node.spec.name, node.node.get(), node.counters));
    }
    report.metrics = tools::metric_totals(report.nodes);
    for (const auto& [type, counters] : cluster.message_counters())
      report.messages.push_back(
          {std::string(type), counters.sent, counters.delivered, counters.dropped});
  }
  if (own_directory) {
    std::error_code ignored;
    std::filesystem::remove_all(directory, ignored);
  }
  tools::judge_run(scenario, report);
  return report;
}

}  // namespace scar::live
