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
             " but its predecessor only up to " + std::to_string(predecessor->applied_sequence());
    }
    predecessor = server;
  }
  return std::nullopt;
}

}  // namespace

// Set field by field rather than with designated initializers: a program built with
// -Wextra then keeps compiling, without a warning, when scar adds a field to Protocol.
scar::nodes::Protocol protocol() {
  scar::nodes::Protocol protocol;
  protocol.name = "chain";
  protocol.summary =
      "Chain replication: n1 (head) decides and numbers writes and passes them down the "
      "chain; the last server (tail) serves reads and its acknowledgement answers the write.";
  protocol.options = {
      {"ack",
       OptionType::choice,
       "tail",
       {"tail", "head"},
       "who must have a write before the client is answered: the tail, or (a bug) only the "
       "head"},
      {"forward",
       OptionType::choice,
       "chain",
       {"chain", "fan-out"},
       "how the head passes a write on: down the chain, or (a bug) to every successor at once"},
      {"forward_timeout",
       OptionType::duration,
       "200ms",
       {},
       "how long a server waits for its successor's acknowledgement"}};
  protocol.operations = {OperationKind::get, OperationKind::put, OperationKind::cas};
  protocol.nodes_min = 1;
  protocol.nodes_max = 100;
  protocol.replicated = true;  // ChainServer is a nodes::Replica: the `converged` check works
  protocol.invariants = {{"chain_prefix", prefix_violation}};
  protocol.make_server = [](const scar::nodes::ProtocolOptions& options) {
    return std::make_unique<ChainServer>(options);
  };
  protocol.make_router = [](const scar::nodes::ProtocolOptions&) -> scar::nodes::Router {
    return route;
  };
  return protocol;
}

}  // namespace chain
