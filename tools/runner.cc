#include "tools/runner.h"

#include <fmt/format.h>


#include "faults/injector.h"
#include "nodes/client.h"
#include "nodes/operation.h"
#include "sim/assert.h"
#include "sim/world.h"
#include "tools/recorder.h"

namespace scar::tools {
namespace {

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
    node.dropped = counters.dropped_network + counters.dropped_inbox_full + counters.dropped_node_down +
                   counters.dropped_partition;
    node.inbox_depth_max = counters.inbox_depth_max;
    nodes.push_back(std::move(node));
  }
  return nodes;
}

}  // namespace

reports::RunReport run_scenario(const Scenario& scenario, sim::Tracer* tracer) {
  sim::WorldOptions options;
  options.seed = scenario.seed;
  options.network = scenario.network;
  options.events_max = scenario.limits.events_max;
  sim::World world(options);
  world.set_tracer(tracer);
  faults::FaultInjector injector(scenario.faults, scenario.nemesis, scenario.duration, scenario.seed);
  Recorder recorder(injector.plan(), sim::at(scenario.duration));
  add_servers(world, scenario);
  add_clients(world, scenario, recorder);
  injector.schedule(world);  // before start: a fault at 0 s precedes timers due at 0 s
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
  recorder.finish(report);
  for (const faults::FaultRecord& fault : injector.timeline()) {
    report.faults.push_back({fault.kind, fault.start, fault.end, fault.targets, fault.from_nemesis});
  }
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
