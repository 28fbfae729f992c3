#include "faults/effects.h"

#include <algorithm>
#include <memory>

#include "sim/assert.h"

namespace scar::faults {
namespace {

using sim::NodeId;
using sim::World;

std::vector<bool> membership(const World& world, const std::vector<NodeId>& nodes) {
  std::vector<bool> member(world.node_count(), false);
  for (NodeId node : nodes) member[sim::index_of(node)] = true;
  return member;
}

std::vector<bool> complement(std::vector<bool> member) {
  member.flip();
  return member;
}

std::function<void()> partition(const ResolvedFault& who, World& world) {
  std::vector<sim::NetworkFaults::CutId> cuts;
  sim::NetworkFaults& network = world.network_faults();
  if (!who.groups.empty()) {
    for (std::size_t a = 0; a < who.groups.size(); ++a) {
      for (std::size_t b = a + 1; b < who.groups.size(); ++b) {
        cuts.push_back(network.add_cut(membership(world, who.groups[a]),
                                       membership(world, who.groups[b]), true));
      }
    }
  } else if (!who.from.empty()) {
    cuts.push_back(network.add_cut(membership(world, who.from), membership(world, who.to), false));
  } else {
    const auto isolated = membership(world, who.targets);
    cuts.push_back(network.add_cut(isolated, complement(isolated), true));
  }
  return [&world, cuts] {
    for (auto cut : cuts) world.network_faults().heal_cut(cut);
  };
}

std::function<void()> pause(const ResolvedFault& who, World& world) {
  std::vector<NodeId> paused;
  for (NodeId node : who.targets) {
    if (world.is_up(node) && !world.is_paused(node)) {
      world.pause(node);
      paused.push_back(node);
    }
  }
  return [&world, paused] {
    for (NodeId node : paused) {
      if (world.is_up(node) && world.is_paused(node)) world.resume(node);
    }
  };
}

// A setting changed on each target for the window, restored at its end.
template <class Apply>
std::function<void()> for_window(const std::vector<NodeId>& targets, Apply apply) {
  for (NodeId node : targets) apply(node, true);
  return [targets, apply] {
    for (NodeId node : targets) apply(node, false);
  };
}

std::function<void()> crash(const std::vector<NodeId>& targets, World& world) {
  for (NodeId node : targets) {
    if (world.is_up(node)) world.crash(node);
  }
  return {};
}

std::function<void()> restart(const std::vector<NodeId>& targets, World& world) {
  for (NodeId node : targets) {
    if (!world.is_up(node)) world.restart(node);
  }
  return {};
}

std::function<void()> slow_link(const ResolvedFault& who, World& world, double factor) {
  sim::NetworkFaults& network = world.network_faults();
  std::vector<sim::NetworkFaults::WindowId> links;
  if (!who.from.empty()) {
    links.push_back(
        network.add_slow_link(membership(world, who.from), membership(world, who.to), factor));
  } else {
    const auto targets = membership(world, who.targets);
    const std::vector<bool> everyone(world.node_count(), true);
    links.push_back(network.add_slow_link(targets, everyone, factor));
    links.push_back(network.add_slow_link(complement(targets), targets, factor));
  }
  return [&world, links] {
    for (auto link : links) world.network_faults().heal_slow_link(link);
  };
}

// Loss or duplication on every link of the targets, applied once per message.
std::function<void()> noisy_links(std::vector<bool> members, World& world, bool loss,
                                  double probability) {
  sim::NetworkFaults& network = world.network_faults();
  const auto window = loss ? network.add_loss(std::move(members), probability)
                           : network.add_duplicate(std::move(members), probability);
  return [&world, window, loss] {
    loss ? world.network_faults().heal_loss(window) : world.network_faults().heal_duplicate(window);
  };
}

}  // namespace

ResolvedFault resolve_scripted(
    const FaultSpec& fault,
    const std::function<std::vector<sim::NodeId>(std::string_view)>& resolve) {
  auto sorted_unique = [](std::vector<NodeId> nodes) {
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    return nodes;
  };
  ResolvedFault who;
  for (const auto& group : fault.groups) {
    std::vector<NodeId> members;
    for (const std::string& name : group)
      for (NodeId node : resolve(name)) members.push_back(node);
    who.groups.push_back(sorted_unique(std::move(members)));
  }
  if (!fault.from.empty()) who.from = resolve(fault.from);
  if (!fault.to.empty()) who.to = resolve(fault.to);
  if (!fault.target.empty()) who.targets = resolve(fault.target);
  for (const auto& group : who.groups)
    who.targets.insert(who.targets.end(), group.begin(), group.end());
  who.targets.insert(who.targets.end(), who.from.begin(), who.from.end());
  who.targets.insert(who.targets.end(), who.to.begin(), who.to.end());
  who.targets = sorted_unique(std::move(who.targets));
  return who;
}

double parameter_or_default(const FaultSpec& fault, const std::string& name) {
  if (auto found = fault.parameters.find(name); found != fault.parameters.end())
    return found->second;
  const FaultKindInfo* kind = find_fault_kind(fault.kind);
  SCAR_ASSERT(kind != nullptr);
  const FaultParameter* parameter = kind->parameter(name);
  SCAR_ASSERT(parameter != nullptr);
  return parameter->default_value;
}

std::function<void()> start_fault(const FaultSpec& fault, const ResolvedFault& who, World& world) {
  const std::string& kind = fault.kind;
  const auto& targets = who.targets;
  if (kind == "partition") return partition(who, world);
  if (kind == "gc_pause") return pause(who, world);
  if (kind == "crash") return crash(targets, world);
  if (kind == "restart") return restart(targets, world);
  if (kind == "crash_restart") {
    std::vector<NodeId> crashed;
    for (NodeId node : targets) {
      if (world.is_up(node)) crashed.push_back(node);
    }
    crash(crashed, world);
    return [&world, crashed] { restart(crashed, world); };
  }
  if (kind == "slow_node") {
    const double factor = parameter_or_default(fault, "factor");
    return for_window(targets, [&world, factor](NodeId node, bool on) {
      world.set_cpu_factor(node, on ? factor : 1);
    });
  }
  if (kind == "slow_disk") {
    const double factor = parameter_or_default(fault, "factor");
    return for_window(targets, [&world, factor](NodeId node, bool on) {
      world.disk(node).faults().latency_factor = on ? factor : 1;
    });
  }
  if (kind == "disk_error") {
    return for_window(
        targets, [&world](NodeId node, bool on) { world.disk(node).faults().fail_writes = on; });
  }
  if (kind == "lying_write") {
    return for_window(targets,
                      [&world](NodeId node, bool on) { world.disk(node).faults().lying = on; });
  }
  if (kind == "fsync_failure") {
    return for_window(
        targets, [&world](NodeId node, bool on) { world.disk(node).faults().fsync_fails = on; });
  }
  if (kind == "clock_skew") {
    const sim::Duration offset{
        static_cast<std::int64_t>(parameter_or_default(fault, "offset_ms") * 1e6)};
    return for_window(targets, [&world, offset](NodeId node, bool on) {
      world.clock(node).offset = on ? offset : sim::Duration{0};
    });
  }
  if (kind == "clock_drift") {
    const double ppm = parameter_or_default(fault, "ppm");
    return for_window(targets, [&world, ppm](NodeId node, bool on) {
      world.clock(node).drift_ppm = on ? ppm : 0;
      world.clock(node).drift_since = world.now();
    });
  }
  if (kind == "packet_loss" || kind == "duplicate") {
    return noisy_links(membership(world, targets), world, kind == "packet_loss",
                       parameter_or_default(fault, "probability"));
  }
  if (kind == "slow_link") return slow_link(who, world, parameter_or_default(fault, "factor"));
  SCAR_ASSERT(false);
}

}  // namespace scar::faults
