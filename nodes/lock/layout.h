// Where each part of a `lock` cluster runs, by position among the servers (ctx.servers()):
// n1 the lock service, n2 the storage, n3 and later the workers. Every part finds the
// others by this, so it is stated once.
#pragma once

#include <cstddef>
#include <span>

#include "sim/node.h"

namespace scar::nodes::lock {

inline constexpr std::size_t service_index = 0;
inline constexpr std::size_t storage_index = 1;
inline constexpr std::size_t first_worker_index = 2;

inline std::size_t worker_count(std::span<const sim::NodeId> servers) {
  return servers.size() - first_worker_index;
}

}  // namespace scar::nodes::lock
