#include "faults/targets.h"

#include <algorithm>

namespace scar::faults {
namespace {

// `count` servers drawn without replacement, in id order.
std::vector<sim::NodeId> draw_servers(const sim::World& world, std::size_t count,
                                      sim::Random& random) {
  std::vector<sim::NodeId> pool(world.servers().begin(), world.servers().end());
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

std::vector<sim::NodeId> resolve_target(std::string_view target, const sim::World& world,
                                        sim::Random& random) {
  const std::size_t servers = world.servers().size();
  if (target == "all") return {world.servers().begin(), world.servers().end()};
  if (target == "everything") target = "*";
  if (target == "random") return draw_servers(world, 1, random);
  if (target == "random_minority" || target == "minority") {
    return draw_servers(world, minority_size(servers), random);
  }
  if (target == "majority") return draw_servers(world, servers / 2 + 1, random);
  std::vector<sim::NodeId> nodes;
  for (std::uint32_t i = 0; i < world.node_count(); ++i) {
    const sim::NodeId id{i};
    bool match = false;
    if (target == "leader") {
      const sim::Node* node = world.node(id);
      match = node != nullptr && (node->role() == "leader" || node->role() == "primary");
    } else if (target.starts_with("role:")) {
      const sim::Node* node = world.node(id);
      match = world.is_server(id) && node != nullptr && node->role() == target.substr(5);
    } else if (target.starts_with("zone:")) {
      match = world.zone(id) == target.substr(5);
    } else if (target.starts_with("rack:")) {
      match = world.rack(id) == target.substr(5);
    } else {
      match = glob_matches(target, world.name(id));
    }
    if (match) nodes.push_back(id);
  }
  return nodes;
}

}  // namespace scar::faults
