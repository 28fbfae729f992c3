#include "chain_protocol.h"

#include <string>

#include "chain_server.h"

namespace chain {
namespace {

using scar::nodes::OperationKind;
using scar::nodes::OptionType;
using scar::sim::NodeId;

// Writes enter at the head, reads are served by the tail.
NodeId route(OperationKind kind, std::uint64_t, std::span<const NodeId> servers) {
  return kind == OperationKind::get ? servers.back() : servers.front();
}

// Every write a server has, its predecessor has too: along the chain, the applied sequence
// never grows. Servers that are down are skipped (the example keeps no log, so a crash
// would break this; its scenario pauses servers but crashes none).
std::optional<std::string> prefix_violation(std::span<const scar::sim::Node* const> servers) {
  const ChainServer* predecessor = nullptr;
  for (const scar::sim::Node* node : servers) {
    const auto* server = dynamic_cast<const ChainServer*>(node);
    if (server == nullptr) continue;
    if (predecessor != nullptr && server->applied_sequence() > predecessor->applied_sequence()) {
      return "a server applied write " + std::to_string(server->applied_sequence()) +
             " but its predecessor only up to " +
             std::to_string(predecessor->applied_sequence());
    }
    predecessor = server;
  }
  return std::nullopt;
}

}  // namespace

scar::nodes::Protocol protocol() {
  return scar::nodes::Protocol{
      .name = "chain",
      .summary = "Chain replication: n1 (head) decides and numbers writes and passes them down "
                 "the chain; the last server (tail) serves reads and its acknowledgement "
                 "answers the write.",
      .options = {{"ack",
                   OptionType::choice,
                   "tail",
                   {"tail", "head"},
                   "who must have a write before the client is answered: the tail, or (a bug) "
                   "only the head"},
                  {"forward",
                   OptionType::choice,
                   "chain",
                   {"chain", "fan-out"},
                   "how the head passes a write on: down the chain, or (a bug) to every "
                   "successor at once"},
                  {"forward_timeout",
                   OptionType::duration,
                   "200ms",
                   {},
                   "how long a server waits for its successor's acknowledgement"}},
      .operations = {OperationKind::get, OperationKind::put, OperationKind::cas},
      .nodes_min = 1,
      .nodes_max = 100,
      .replicated = true,
      .invariants = {{"chain_prefix", prefix_violation}},
      .make_server =
          [](const scar::nodes::ProtocolOptions& options) {
            return std::make_unique<ChainServer>(options);
          },
      .make_router = [](const scar::nodes::ProtocolOptions&) -> scar::nodes::Router {
        return route;
      }};
}

}  // namespace chain
