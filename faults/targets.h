// Resolving a fault's target to nodes, at the moment the fault starts.
//
//   n2           that node          c*, n[12]?   every node whose name matches the glob
//   zone:z2      nodes in zone z2   rack:z1/r3   nodes in that rack
//   leader       the servers whose role is "leader" or "primary" (none if none is up)
//   role:head    the servers whose Node::role() is "head" (none if none is up)
//   random       one server, drawn from the fault's stream
//   random_minority, minority   floor((n-1)/2) servers, at least one, drawn
//   majority     floor(n/2)+1 servers, drawn
//   all          every server
//
// "Servers" are the cluster's nodes, not clients. Results are in node id order.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/random.h"
#include "sim/world.h"

namespace scar::faults {

std::vector<sim::NodeId> resolve_target(std::string_view target, const sim::World& world,
                                        sim::Random& random);

// What resolution sees of a node, in any runtime: candidate i is node id i. `node` is
// null while the node is down.
struct TargetCandidate {
  std::string_view name, zone, rack;
  bool server;
  const sim::Node* node;
};
std::vector<sim::NodeId> resolve_target(std::string_view target,
                                        std::span<const TargetCandidate> candidates,
                                        sim::Random& random);

// Whether `pattern` (with * and ?) matches `text`.
bool glob_matches(std::string_view pattern, std::string_view text);

// floor((n-1)/2), at least 1 when n >= 1: the most servers a minority may hold.
std::size_t minority_size(std::size_t servers);

}  // namespace scar::faults
