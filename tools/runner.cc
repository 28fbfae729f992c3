#include "tools/runner.h"

#include <fmt/format.h>

#include <map>

#include "nodes/client.h"
#include "nodes/operation.h"
#include "sim/assert.h"
#include "sim/world.h"

namespace scar::tools {
namespace {

// Gathers client operations into per-operation summaries. Operations invoked but never
// completed by the end of the run are counted as unfinished.
class Recorder final : public nodes::OperationSink {
 public:
  void invoked(const nodes::Operation& operation) override {
    in_flight_.emplace(std::pair{operation.client, operation.id}, operation.kind);
  }

  void completed(const nodes::Operation& operation) override {
    in_flight_.erase({operation.client, operation.id});
    summary(operation.kind)
        .record(outcome_of(operation.outcome), operation.completed - operation.invoked,
                operation.attempts);
  }

  std::vector<reports::OperationSummary> finish() {
    for (const auto& [key, kind] : in_flight_) {
      summary(kind).record(reports::Outcome::unfinished, {}, 0);
    }
    in_flight_.clear();
    std::vector<reports::OperationSummary> result;
    for (auto& [name, operation] : summaries_) result.push_back(std::move(operation));
    return result;
  }

 private:
  static reports::Outcome outcome_of(nodes::Outcome outcome) {
    switch (outcome) {
      case nodes::Outcome::ok: return reports::Outcome::ok;
      case nodes::Outcome::error: return reports::Outcome::error;
      case nodes::Outcome::timeout: return reports::Outcome::timeout;
    }
    SCAR_ASSERT(false);
  }

  reports::OperationSummary& summary(nodes::OperationKind kind) {
    auto [entry, inserted] = summaries_.try_emplace(std::string(nodes::name_of(kind)));
    if (inserted) entry->second.name = entry->first;
    return entry->second;
  }

  std::map<std::pair<std::uint32_t, std::uint64_t>, nodes::OperationKind> in_flight_;
  std::map<std::string, reports::OperationSummary> summaries_;  // sorted by name
};

void add_servers(sim::World& world, const Scenario& scenario) {
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
    spec.make = [&cluster] { return cluster.protocol->make_server(cluster.options); };
    world.add_node(std::move(spec));
  }
}

void add_clients(sim::World& world, const Scenario& scenario, Recorder& recorder) {
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
      setup.route = scenario.cluster.protocol->route;
      setup.sink = &recorder;
      setup.seed = scenario.seed;
      return std::make_unique<nodes::Client>(std::move(setup));
    };
    world.add_node(std::move(spec));
  }
}

std::vector<reports::NodeSummary> node_summaries(const sim::World& world) {
  std::vector<reports::NodeSummary> nodes;
  for (std::uint32_t i = 0; i < world.node_count(); ++i) {
    const sim::NodeId id{i};
    const sim::NodeCounters& counters = world.counters(id);
    reports::NodeSummary node;
    node.name = std::string(world.name(id));
    if (const sim::Node* object = world.node(id)) node.role = std::string(object->role());
    node.sent = counters.sent;
    node.sent_bytes = counters.sent_bytes;
    node.received = counters.received;
    node.dropped = counters.dropped_network + counters.dropped_inbox_full + counters.dropped_node_down;
    node.inbox_depth_max = counters.inbox_depth_max;
    nodes.push_back(std::move(node));
  }
  return nodes;
}

}  // namespace

std::optional<InputError> check_runnable(const Scenario& scenario) {
  for (std::size_t i = 0; i < scenario.faults.size(); ++i) {
    if (!faults::find_fault_kind(scenario.faults[i].kind)->implemented) {
      return InputError{scenario.file, fmt::format("faults[{}].kind", i),
                        fmt::format("fault kind \"{}\" is not supported by this build of scar yet",
                                    scenario.faults[i].kind)};
    }
  }
  if (scenario.nemesis) {
    return InputError{scenario.file, "nemesis", "the nemesis is not supported by this build of scar yet"};
  }
  return std::nullopt;
}

reports::RunReport run_scenario(const Scenario& scenario, sim::Tracer* tracer) {
  SCAR_ASSERT(!check_runnable(scenario));
  sim::WorldOptions options;
  options.seed = scenario.seed;
  options.network = scenario.network;
  options.events_max = scenario.limits.events_max;
  sim::World world(options);
  world.set_tracer(tracer);
  Recorder recorder;
  add_servers(world, scenario);
  add_clients(world, scenario, recorder);
  world.start();
  const sim::RunEnd end = world.run_until(sim::at(scenario.duration + scenario.drain));

  reports::RunReport report;
  report.scenario = scenario.name;
  report.seed = scenario.seed;
  report.trace_hash = world.trace_hash();
  report.end = end == sim::RunEnd::events_max ? "events_max" : "completed";
  report.workload_duration = scenario.duration;
  report.simulated_duration = world.now() - sim::time_zero;
  report.events = world.events_handled();
  report.operations = recorder.finish();
  report.nodes = node_summaries(world);
  for (const auto& [type, counters] : world.message_counters()) {
    report.messages.push_back({std::string(type), counters.sent, counters.delivered, counters.dropped});
  }
  for (const reports::Expectation& expectation : scenario.expect) {
    report.expectations.push_back(reports::evaluate(expectation, report));
  }
  return report;
}

}  // namespace scar::tools
