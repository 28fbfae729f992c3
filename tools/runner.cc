#include "tools/runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "faults/flag_schedule.h"
#include "faults/injector.h"
#include "nodes/client.h"
#include "nodes/operation.h"
#include "nodes/replica.h"
#include "nodes/stored_values.h"
#include "reports/expectation.h"
#include "sim/assert.h"
#include "sim/world.h"
#include "tools/describe.h"
#include "tools/history_checks.h"
#include "tools/metric_sampler.h"
#include "tools/recorder.h"

namespace scar::tools {
namespace {

// The protocol's invariants, over the servers as they are after each event.
void add_invariants(sim::World& world, const nodes::Protocol& protocol) {
  for (const nodes::ClusterInvariant& invariant : protocol.invariants) {
    world.add_invariant({std::string(invariant.name),
                         [&invariant, servers = std::vector<const sim::Node*>()](
                             const sim::World& world) mutable -> std::optional<std::string> {
                           servers.clear();  // reused: no allocation per event
                           for (const sim::NodeId server : world.servers())
                             servers.push_back(world.node(server));
                           return invariant.violation(servers);
                         }});
  }
}

// Client i's own server when any server serves every request: clients spread evenly, and
// a partition's groups can put a client beside its server.
nodes::Router own_server(std::uint32_t client) {
  return [client](nodes::OperationKind, std::uint64_t, std::span<const sim::NodeId> servers) {
    return servers[client % servers.size()];
  };
}

std::vector<reports::NodeSummary> node_summaries(const sim::World& world) {
  std::vector<reports::NodeSummary> nodes;
  for (std::uint32_t i = 0; i < world.node_count(); ++i) {
    const sim::NodeId id{i};
    nodes.push_back(summarize_node(world.name(id), world.node(id), world.counters(id)));
  }
  return nodes;
}

}  // namespace

std::vector<sim::NodeSpec> cluster_specs(const Scenario& scenario, Recorder& recorder) {
  std::vector<sim::NodeSpec> specs;
  const ClusterSpec& cluster = scenario.cluster;
  for (std::uint32_t i = 1; i <= cluster.nodes; ++i) {
    sim::NodeSpec spec;
    spec.name = fmt::format("n{}", i);
    if (auto place = cluster.placement.find(spec.name); place != cluster.placement.end()) {
      spec.zone = place->second.zone;
      spec.rack = place->second.rack;
    }
    spec.cpu_per_message = cluster.cpu_per_message;
    spec.inbox_max = cluster.inbox_max;
    spec.disk = scenario.disk;
    spec.make = [&cluster] { return cluster.protocol->make_server(cluster.options); };
    specs.push_back(std::move(spec));
  }
  for (std::uint32_t i = 0; i < scenario.workload.clients; ++i) {
    sim::NodeSpec spec;
    spec.name = fmt::format("c{}", i + 1);
    spec.server = false;
    spec.cpu_per_message = scenario.client_cpu_per_message;
    spec.make = [&scenario, &recorder, i] {
      nodes::ClientSetup setup;
      setup.workload = scenario.workload;
      setup.index = i;
      setup.workload_end = sim::at(scenario.duration);
      setup.route = scenario.cluster.protocol->any_server
                        ? own_server(i)
                        : scenario.cluster.protocol->make_router(scenario.cluster.options);
      if (scenario.cluster.protocol->make_client_logic)
        setup.logic = scenario.cluster.protocol->make_client_logic(scenario.cluster.options);
      setup.sink = &recorder;
      setup.seed = scenario.seed;
      return std::make_unique<nodes::Client>(std::move(setup));
    };
    specs.push_back(std::move(spec));
  }
  return specs;
}

reports::NodeSummary summarize_node(std::string_view name, const sim::Node* node,
                                    const sim::NodeCounters& counters) {
  reports::NodeSummary summary;
  summary.name = std::string(name);
  if (node != nullptr) summary.role = std::string(node->role());
  summary.sent = counters.sent;
  summary.sent_bytes = counters.sent_bytes;
  summary.received = counters.received;
  summary.dropped = counters.dropped();
  summary.inbox_depth_max = counters.inbox_depth_max;
  summary.metrics.assign(counters.metrics.begin(), counters.metrics.end());
  return summary;
}

std::vector<std::pair<std::string, std::int64_t>> metric_totals(
    const std::vector<reports::NodeSummary>& nodes) {
  std::map<std::string, std::int64_t> totals;
  for (const reports::NodeSummary& node : nodes)
    for (const auto& [name, value] : node.metrics) totals[name] += value;
  return {totals.begin(), totals.end()};
}

void describe_run(const Scenario& scenario, reports::RunReport& report) {
  report.scenario = scenario.name;
  report.description = scenario.description;
  report.lesson = scenario.lesson;
  report.show_mean = scenario.report_mean;
  if (const auto& lesson = scenario.lesson_block) {
    report.lesson_block =
        reports::LessonSummary{lesson->section, lesson->question, lesson->explanation, lesson->fix,
                               lesson->fixed_by(scenario.overrides)};
  }
  report.parameters = describe_scenario(scenario);
  report.replay = replay_command(scenario);
  report.seed = scenario.seed;
  report.workload_duration = scenario.duration;
  for (const faults::FlagChange& flag : scenario.flags)
    report.flags.push_back({flag.name, sim::at(flag.at), flag.value});
  std::stable_sort(report.flags.begin(), report.flags.end(),
                   [](const auto& a, const auto& b) { return a.at < b.at; });
}

void judge_run(const Scenario& scenario, reports::RunReport& report) {
  for (const reports::Expectation& expectation : scenario.expect) {
    report.expectations.push_back(reports::evaluate(expectation, report));
  }
  if (scenario.lesson_block) {
    for (const std::string& metric : scenario.lesson_block->point)
      report.lesson_block->point.emplace_back(metric,
                                              reports::metric_value(report, metric).value_or(NAN));
  }
}

// Samples the servers' counters at every window boundary into node series.
class NodeSampler {
 public:
  NodeSampler(sim::World& world, sim::Duration window, std::size_t window_count)
      : world_(world), window_(window) {
    for (sim::NodeId server : world.servers()) {
      if (series_.size() == reports::TimeSeries::nodes_max) break;
      series_.push_back(
          {std::string(world.name(server)), std::vector<reports::NodeWindow>(window_count)});
      ids_.push_back(server);
      previous_.emplace_back();
    }
  }

  void sample(sim::Time boundary) {
    const auto index = static_cast<std::size_t>((boundary - sim::time_zero) / window_) - 1;
    for (std::size_t i = 0; i < ids_.size(); ++i) {
      const sim::NodeCounters& now = world_.counters(ids_[i]);
      const Totals& before = previous_[i];
      if (index < series_[i].windows.size()) {
        reports::NodeWindow& window = series_[i].windows[index];
        window.sent = now.sent - before.sent;
        window.received = now.received - before.received;
        window.dropped = now.dropped() - before.dropped;
        window.inbox_depth_max = now.inbox_depth_window_max;
        window.disk_queue_max = now.disk_queue_window_max;
        window.cpu_utilisation = static_cast<double>(now.cpu_busy_ns - before.cpu_busy_ns) /
                                 static_cast<double>(window_.count());
        const sim::Node* node = world_.node(ids_[i]);
        window.role = role_index(series_[i], node == nullptr ? "" : node->role());
      }
      previous_[i] = {now.sent, now.received, now.dropped(), now.cpu_busy_ns};
      world_.reset_window_counters(ids_[i]);
    }
  }

  std::vector<reports::NodeSeries> take() { return std::move(series_); }

 private:
  // The counters a window is the difference of (not NodeCounters: no map copied).
  struct Totals {
    std::uint64_t sent = 0;
    std::uint64_t received = 0;
    std::uint64_t dropped = 0;
    std::int64_t cpu_busy_ns = 0;
  };

  static std::uint8_t role_index(reports::NodeSeries& series, std::string_view role) {
    auto& roles = series.roles;
    const auto found = std::find(roles.begin(), roles.end(), role);
    if (found != roles.end()) return static_cast<std::uint8_t>(found - roles.begin());
    if (roles.size() > reports::NodeSeries::roles_max) return 0;
    roles.emplace_back(role);
    return static_cast<std::uint8_t>(roles.size() - 1);
  }

  sim::World& world_;
  sim::Duration window_;
  std::vector<sim::NodeId> ids_;
  std::vector<Totals> previous_;
  std::vector<reports::NodeSeries> series_;
};

std::size_t window_count(const Scenario& scenario, sim::Duration window) {
  const sim::Duration span = scenario.duration + scenario.drain;
  return static_cast<std::size_t>((span + window - sim::Duration{1}) / window);
}

// The up servers' replicas, by name, in id order.
std::vector<std::pair<std::string, const nodes::RegisterStore::Map*>> replicas_of(
    std::span<const ServerState> servers) {
  std::vector<std::pair<std::string, const nodes::RegisterStore::Map*>> replicas;
  for (const auto& [name, node] : servers) {
    const auto* replica = dynamic_cast<const nodes::Replica*>(node);
    if (replica != nullptr && replica->is_replica())
      replicas.emplace_back(std::string(name), &replica->replica_contents());
  }
  return replicas;
}

reports::CheckSummary run_common_check(const std::string& check, const Scenario& scenario,
                                       Recorder& recorder, std::span<const ServerState> servers) {
  if (check == "linearizable")
    return check_linearizable(recorder.history(), scenario.limits.check_time);
  if (check == "stale_reads") return check_stale_reads(recorder.durability());
  if (check == "lost_writes") return check_lost_writes(recorder.durability());
  SCAR_ASSERT(check == "converged");  // the loader admits no other but counter
  return check_converged(replicas_of(servers));
}

// The counters after the drain, read from the up servers: for a replicated protocol the
// smallest value any up replica holds (a replica without the key holds 0), otherwise the
// value at the server that owns the key. None when no server shows its values.
std::optional<std::map<std::uint64_t, std::uint64_t>> final_counters(const sim::World& world,
                                                                     bool replicated) {
  std::vector<const nodes::RegisterStore::Map*> holdings;
  for (const sim::NodeId server : world.servers()) {
    if (!world.is_up(server)) continue;
    const sim::Node* node = world.node(server);
    if (const auto* replica = dynamic_cast<const nodes::Replica*>(node)) {
      holdings.push_back(&replica->replica_contents());
    } else if (const auto* owner = dynamic_cast<const nodes::StoredValues*>(node)) {
      holdings.push_back(&owner->stored_values());
    }
  }
  if (holdings.empty()) return std::nullopt;
  std::map<std::uint64_t, std::uint64_t> values;
  for (const auto* held : holdings)
    for (const auto& [key, value] : *held) values[key] = std::max(values[key], value);
  if (replicated) {
    for (auto& [key, value] : values) {
      for (const auto* held : holdings) {
        const auto found = held->find(key);
        value = std::min(value, found == held->end() ? std::uint64_t{0} : found->second);
      }
    }
  }
  return values;
}

// The running total of double counts at the end of each window (the last holds the rest).
std::vector<std::uint64_t> proven_by_window(const reports::CounterResult& result,
                                            const reports::TimeSeries& series) {
  const auto& proofs = result.double_counted_over_time;  // in time order
  std::vector<std::uint64_t> totals(series.window_count, 0);
  std::size_t next = 0;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < totals.size(); ++i) {
    const sim::Time window_end = sim::time_zero + series.window * static_cast<std::int64_t>(i + 1);
    const bool last = i + 1 == totals.size();
    for (; next < proofs.size() && (last || proofs[next].first < window_end); ++next)
      total = proofs[next].second;
    totals[i] = total;
  }
  return totals;
}

reports::CheckSummary check_counter(Recorder& recorder, const Scenario& scenario,
                                    const sim::World& world, reports::RunReport& report) {
  const auto final_values = final_counters(world, scenario.cluster.protocol->replicated);
  const reports::CounterResult result = recorder.counters().finish(final_values, world.now());
  report.counter = reports::CounterSummary{result.double_counted, result.lost_adds, result.adds,
                                           proven_by_window(result, report.series)};
  reports::CheckSummary summary;
  summary.name = "counter";
  summary.keys = result.keys;
  summary.operations = result.adds;
  const bool held = result.double_counted == 0 && result.lost_adds == 0;
  summary.verdict = held ? reports::CheckVerdict::passed : reports::CheckVerdict::failed;
  summary.outcome = held
                        ? "no add applied twice or lost"
                        : fmt::format("adds applied twice: at least {}; acknowledged adds lost: {}",
                                      result.double_counted, result.lost_adds);
  if (!held) summary.detail = "the first: " + result.first_problem;
  if (!final_values) {
    summary.detail += (summary.detail.empty() ? "" : "; ") +
                      std::string("no server shows its values: lost adds not checked");
  }
  return summary;
}

reports::CheckSummary run_check(const std::string& check, const Scenario& scenario,
                                Recorder& recorder, const sim::World& world,
                                reports::RunReport& report) {
  if (check == "counter") return check_counter(recorder, scenario, world, report);
  std::vector<ServerState> servers;
  for (const sim::NodeId server : world.servers())
    servers.push_back({world.name(server), world.node(server)});  // null while down
  return run_common_check(check, scenario, recorder, servers);
}

reports::RunReport run_scenario(const Scenario& scenario, const RunOptions& run_options) {
  sim::WorldOptions options;
  options.seed = scenario.seed;
  options.network = scenario.network;
  options.events_max = scenario.limits.events_max;
  sim::World world(options);
  world.set_tracer(run_options.tracer);
  world.set_observer(run_options.observer);
  const std::size_t windows = window_count(scenario, run_options.window);
  SCAR_ASSERT(windows <= reports::TimeSeries::windows_max);
  faults::FaultInjector injector(scenario.faults, scenario.nemesis, scenario.duration,
                                 scenario.seed);
  Recorder recorder(injector.plan(), sim::at(scenario.duration), run_options.window, windows);
  recorder.observe(run_options.observer, sim::NodeId{scenario.cluster.nodes});
  const bool linearizable = std::find(scenario.checks.begin(), scenario.checks.end(),
                                      "linearizable") != scenario.checks.end();
  if (linearizable || run_options.history != nullptr) recorder.keep_history();
  if (std::find(scenario.checks.begin(), scenario.checks.end(), "counter") != scenario.checks.end())
    recorder.keep_counters();
  std::vector<sim::NodeSpec> specs = cluster_specs(scenario, recorder);
  for (std::uint32_t i = 0; i < scenario.cluster.nodes; ++i) world.add_node(std::move(specs[i]));
  add_invariants(world, *scenario.cluster.protocol);
  for (std::size_t i = scenario.cluster.nodes; i < specs.size(); ++i)
    world.add_node(std::move(specs[i]));
  injector.schedule(world);  // before start: a fault at 0 s precedes timers due at 0 s
  faults::schedule_flags(scenario.flags, world);  // likewise: nodes starting at 0 s see them
  world.start();
  if (run_options.progress) {
    world.set_heartbeat(1 << 20, [&world, &run_options] {
      run_options.progress(world.now(), world.events_handled());
    });
  }
  NodeSampler sampler(world, run_options.window, windows);
  MetricSampler metric_sampler(world, run_options.window, windows);
  world.set_sampler(run_options.window, [&sampler, &metric_sampler](sim::Time boundary) {
    sampler.sample(boundary);
    metric_sampler.sample(boundary);
  });
  const sim::RunEnd end = world.run_until(sim::at(scenario.duration + scenario.drain));

  reports::RunReport report;
  describe_run(scenario, report);
  report.trace_hash = world.trace_hash();
  report.end = end == sim::RunEnd::events_max           ? "events_max"
               : end == sim::RunEnd::invariant_violated ? "invariant_violated"
                                                        : "completed";
  if (const auto& violation = world.invariant_violation()) {
    report.invariant = reports::InvariantSummary{violation->name, violation->detail,
                                                 violation->time, violation->event};
  }
  report.simulated_duration = world.now() - sim::time_zero;
  report.events = world.events_handled();
  recorder.finish(report, injector.timeline());
  for (const std::string& check : scenario.checks)
    report.checks.push_back(run_check(check, scenario, recorder, world, report));
  if (run_options.history != nullptr) *run_options.history = std::move(recorder.history());
  report.series.nodes = sampler.take();
  report.series.metrics = metric_sampler.finish(world.now(), scenario.cluster.protocol->metrics);
  for (const faults::FaultRecord& fault : injector.timeline()) {
    report.faults.push_back(
        {fault.kind, fault.start, fault.end, fault.targets, fault.from_nemesis});
    if (run_options.observer == nullptr) continue;
    std::vector<sim::NodeId> targets;
    for (const std::string& name : fault.targets) targets.push_back(*world.find(name));
    run_options.observer->fault(fault.kind, fault.start, fault.end, targets);
  }
  report.nodes = node_summaries(world);
  report.metrics = metric_totals(report.nodes);
  for (const auto& [type, counters] : world.message_counters()) {
    report.messages.push_back(
        {std::string(type), counters.sent, counters.delivered, counters.dropped});
  }
  judge_run(scenario, report);
  return report;
}

}  // namespace scar::tools
