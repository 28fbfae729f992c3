#include "nodes/lock/lock_protocol.h"

#include <fmt/format.h>

#include "nodes/lock/layout.h"
#include "nodes/lock/lock_node.h"

namespace scar::nodes::lock {
namespace {

sim::NodeId route_to_worker(OperationKind, std::uint64_t key,
                            std::span<const sim::NodeId> servers) {
  return servers[first_worker_index + key % worker_count(servers)];
}

std::vector<OptionSpec> lock_options() {
  return {{"lease",
           OptionType::duration,
           "500ms",
           {},
           "how long a lease lasts on the lock service's clock; a worker may start a write "
           "until a quarter lease plus `work` before it ends by its own clock"},
          {"fencing",
           OptionType::boolean,
           "false",
           {},
           "the storage refuses a write whose token is lower than the highest it accepted "
           "(fencing tokens); without it, it accepts any write"},
          {"work",
           OptionType::duration,
           "20ms",
           {},
           "how long a worker holds the lock before each write (its critical section); keep it "
           "well under half the lease"}};
}

// The storage's write order (n2; null while down) has gone back to an older token.
std::optional<std::string> interleaved_writes(std::span<const sim::Node* const> servers) {
  if (servers.size() <= storage_index || servers[storage_index] == nullptr) return std::nullopt;
  const auto* node = dynamic_cast<const LockNode*>(servers[storage_index]);
  if (node == nullptr || node->storage() == nullptr) return std::nullopt;
  const auto& regression = node->storage()->write_order().first_regression();
  if (!regression) return std::nullopt;
  // Servers are n1..nN in id order, the first nodes of a run.
  return fmt::format(
      "the storage accepted n{}'s write to key {} with token {} after a write with token {}: "
      "a deposed holder wrote after its successor",
      sim::index_of(regression->writer) + 1, regression->key, regression->token,
      regression->newer_token);
}

}  // namespace

Protocol lock_protocol() {
  return Protocol{
      .name = "lock",
      .summary =
          "A lock service (n1) grants leases with increasing tokens, one holder at a "
          "time; workers (n3..) take the lock to write the storage (n2); fencing=true "
          "makes the storage refuse stale tokens.",
      .options = lock_options(),
      .operations = {OperationKind::get, OperationKind::put},
      .nodes_min = 3,
      .nodes_max = 1'000,
      .roles = {"lock-service", "storage", "holder", "worker"},
      .invariants = {{"one holder's writes at a time", interleaved_writes}},
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<LockNode>(options); },
      .make_router = [](const ProtocolOptions&) -> Router { return route_to_worker; },
      .metrics = {{"stale_writes_accepted",
                   "writes the storage accepted with a token older than one it had accepted"},
                  {"stale_writes_refused",
                   "writes the storage refused for an old token (fencing)"}}};
}

}  // namespace scar::nodes::lock
