#include "faults/targets.h"

#include <algorithm>

namespace scar::faults {
namespace {

// `count` servers drawn without replacement, in id order.
std::vector<sim::NodeId> draw_servers(std::vector<sim::NodeId> pool, std::size_t count,
                                      sim::Random& random) {
  count = std::min(count, pool.size());
  for (std::size_t i = 0; i < count; ++i) {  // partial Fisher-Yates
    std::swap(pool[i], pool[i + random.next_below(pool.size() - i)]);
  }
  pool.resize(count);
  std::sort(pool.begin(), pool.end());
  return pool;
}

}  // namespace

bool glob_matches(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (std::size_t skip = 0; skip <= text.size(); ++skip) {
      if (glob_matches(pattern.substr(1), text.substr(skip))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  if (pattern.front() != '?' && pattern.front() != text.front()) return false;
  return glob_matches(pattern.substr(1), text.substr(1));
}

std::size_t minority_size(std::size_t servers) {
  return servers == 0 ? 0 : std::max<std::size_t>(1, (servers - 1) / 2);
}

std::vector<sim::NodeId> resolve_target(std::string_view target,
                                        std::span<const TargetCandidate> candidates,
                                        sim::Random& random) {
  std::vector<sim::NodeId> servers;
  for (std::uint32_t i = 0; i < candidates.size(); ++i)
    if (candidates[i].server) servers.push_back(sim::NodeId{i});
  const std::size_t server_count = servers.size();
  if (target == "all") return servers;
  if (target == "everything") target = "*";
  if (target == "random") return draw_servers(std::move(servers), 1, random);
  if (target == "random_minority" || target == "minority") {
    return draw_servers(std::move(servers), minority_size(server_count), random);
  }
  if (target == "majority") return draw_servers(std::move(servers), server_count / 2 + 1, random);
  std::vector<sim::NodeId> nodes;
  for (std::uint32_t i = 0; i < candidates.size(); ++i) {
    const TargetCandidate& candidate = candidates[i];
    bool match = false;
    if (target == "leader") {
      match = candidate.node != nullptr &&
              (candidate.node->role() == "leader" || candidate.node->role() == "primary");
    } else if (target.starts_with("role:")) {
      match = candidate.server && candidate.node != nullptr &&
              candidate.node->role() == target.substr(5);
    } else if (target.starts_with("zone:")) {
      match = candidate.zone == target.substr(5);
    } else if (target.starts_with("rack:")) {
      match = candidate.rack == target.substr(5);
    } else {
      match = glob_matches(target, candidate.name);
    }
    if (match) nodes.push_back(sim::NodeId{i});
  }
  return nodes;
}

std::vector<sim::NodeId> resolve_target(std::string_view target, const sim::World& world,
                                        sim::Random& random) {
  std::vector<TargetCandidate> candidates;
  for (std::uint32_t i = 0; i < world.node_count(); ++i) {
    const sim::NodeId id{i};
    candidates.push_back(
        {world.name(id), world.zone(id), world.rack(id), world.is_server(id), world.node(id)});
  }
  return resolve_target(target, candidates, random);
}

}  // namespace scar::faults
