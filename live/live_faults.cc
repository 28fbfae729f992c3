#include "live/live_faults.h"

#include <algorithm>
#include <functional>

#include "faults/effects.h"
#include "faults/targets.h"

namespace scar::live {
namespace {

using sim::NodeId;

std::vector<NodeId> resolve(std::string_view target, LiveCluster& cluster, sim::Random& random) {
  std::vector<faults::TargetCandidate> candidates;
  for (std::uint32_t i = 0; i < cluster.node_count(); ++i) {
    const LiveNode& node = cluster.node(NodeId{i});
    candidates.push_back(
        {node.spec.name, node.spec.zone, node.spec.rack, node.spec.server, node.node.get()});
  }
  return faults::resolve_target(target, candidates, random);
}

// Every (from, to) pair the partition cuts.
std::vector<std::pair<NodeId, NodeId>> cut_links(const faults::ResolvedFault& who,
                                                 std::size_t node_count) {
  std::vector<std::pair<NodeId, NodeId>> links;
  auto both_ways = [&links](NodeId a, NodeId b) {
    links.emplace_back(a, b);
    links.emplace_back(b, a);
  };
  if (!who.groups.empty()) {
    for (std::size_t a = 0; a < who.groups.size(); ++a)
      for (std::size_t b = a + 1; b < who.groups.size(); ++b)
        for (NodeId x : who.groups[a])
          for (NodeId y : who.groups[b]) both_ways(x, y);
  } else if (!who.from.empty()) {
    for (NodeId x : who.from)
      for (NodeId y : who.to) links.emplace_back(x, y);
  } else {
    for (NodeId x : who.targets)
      for (std::uint32_t i = 0; i < node_count; ++i)
        if (std::find(who.targets.begin(), who.targets.end(), NodeId{i}) == who.targets.end())
          both_ways(x, NodeId{i});
  }
  return links;
}

std::function<void()> slow_links(const faults::ResolvedFault& who, LiveCluster& cluster,
                                 double factor) {
  std::vector<std::pair<NodeId, NodeId>> links;
  if (!who.from.empty()) {
    for (NodeId x : who.from)
      for (NodeId y : who.to) links.emplace_back(x, y);
  } else {
    for (NodeId x : who.targets) {
      for (std::uint32_t i = 0; i < cluster.node_count(); ++i) {
        links.emplace_back(x, NodeId{i});
        links.emplace_back(NodeId{i}, x);
      }
    }
  }
  for (auto [from, to] : links) cluster.set_link_factor(from, to, factor);
  return [&cluster, links] {
    for (auto [from, to] : links) cluster.set_link_factor(from, to, 1);
  };
}

std::function<void()> start_live_fault(const faults::FaultSpec& fault,
                                       const faults::ResolvedFault& who, LiveCluster& cluster) {
  const std::string& kind = fault.kind;
  const std::vector<NodeId> targets = who.targets;
  if (kind == "partition") {
    const auto links = cut_links(who, cluster.node_count());
    for (auto [from, to] : links) cluster.cut(from, to, +1);
    return [&cluster, links] {
      for (auto [from, to] : links) cluster.cut(from, to, -1);
    };
  }
  if (kind == "gc_pause") {
    for (NodeId node : targets) cluster.pause(node);
    return [&cluster, targets] {
      for (NodeId node : targets) cluster.resume(node);
    };
  }
  if (kind == "crash" || kind == "crash_restart") {
    std::vector<NodeId> crashed;
    for (NodeId node : targets) {
      if (!cluster.node(node).up) continue;
      cluster.crash(node);
      crashed.push_back(node);
    }
    if (kind == "crash") return {};
    return [&cluster, crashed] {
      for (NodeId node : crashed) cluster.restart(node);
    };
  }
  if (kind == "restart") {
    for (NodeId node : targets) cluster.restart(node);
    return {};
  }
  const double parameter = faults::parameter_or_default(
      fault, kind == "packet_loss" || kind == "duplicate" ? "probability" : "factor");
  if (kind == "slow_node") {
    for (NodeId node : targets) cluster.set_cpu_factor(node, parameter);
    return [&cluster, targets] {
      for (NodeId node : targets) cluster.set_cpu_factor(node, 1);
    };
  }
  if (kind == "packet_loss" || kind == "duplicate") {
    const bool loss = kind == "packet_loss";
    for (NodeId node : targets)
      loss ? cluster.set_loss(node, parameter) : cluster.set_duplication(node, parameter);
    return [&cluster, targets, loss] {
      for (NodeId node : targets)
        loss ? cluster.set_loss(node, 0) : cluster.set_duplication(node, 0);
    };
  }
  return slow_links(who, cluster, parameter);  // the only kind left (live_fault_kinds)
}

}  // namespace

const std::vector<std::string_view>& live_fault_kinds() {
  static const std::vector<std::string_view> kinds = {"partition",   "gc_pause",  "slow_node",
                                                      "crash",       "restart",   "crash_restart",
                                                      "packet_loss", "duplicate", "slow_link"};
  return kinds;
}

void LiveFaults::schedule(LiveCluster& cluster) {
  for (std::size_t i = 0; i < plan_.size(); ++i)
    cluster.schedule(plan_[i].start, [this, i, &cluster] { start(i, cluster); });
}

void LiveFaults::start(std::size_t index, LiveCluster& cluster) {
  const faults::PlannedFault& fault = plan_[index];
  sim::Random random(seed_, "fault/" + std::to_string(index));
  const faults::ResolvedFault who = faults::resolve_scripted(
      fault.spec, [&](std::string_view name) { return resolve(name, cluster, random); });
  faults::FaultRecord record{fault.spec.kind, fault.start, fault.end, {}, false};
  for (NodeId node : who.targets) record.targets.emplace_back(cluster.node(node).spec.name);
  timeline_.push_back(std::move(record));
  if (who.targets.empty()) return;
  std::function<void()> heal = start_live_fault(fault.spec, who, cluster);
  if (heal && fault.end > fault.start) cluster.schedule(fault.end, std::move(heal));
}

}  // namespace scar::live
