#include "nodes/ids/protocol.h"

#include "nodes/ids/id_server.h"

namespace scar::nodes::ids {
namespace {

sim::NodeId route_to_counter(OperationKind, std::uint64_t, std::span<const sim::NodeId> servers) {
  return servers.front();
}

sim::NodeId route_by_key(OperationKind, std::uint64_t key, std::span<const sim::NodeId> servers) {
  return servers[key % servers.size()];
}

Router ids_router(const ProtocolOptions& options) {
  if (id_scheme_named(options.choice("scheme")) == IdScheme::counter) return route_to_counter;
  return route_by_key;
}

}  // namespace

Protocol ids_protocol() {
  return Protocol{
      .name = "ids",
      .summary =
          "Id generation: an add returns a new id. scheme=counter: n1 counts for "
          "everyone (ordered; one node's CPU and uptime for all); timestamp: each "
          "server's clock ms | server | sequence (k-sortable while clocks behave); "
          "random: 64 random bits (unique in practice, unordered).",
      .options = IdServer::options(),
      .operations = {OperationKind::add},
      .nodes_min = 1,
      .nodes_max = TimestampLayout::server_max + 1,
      .roles = {"counter"},
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<IdServer>(options); },
      .make_router = ids_router,
      .metrics = {{"ids_issued", "ids the server issued"},
                  {"ids_backwards", "ids not above every id the same server issued before"},
                  {"ids_duplicate", "ids the same server had issued before"}}};
}

}  // namespace scar::nodes::ids
