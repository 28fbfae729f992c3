#include "nodes/protocols.h"

#include <algorithm>

#include "nodes/durable_log.h"
#include "nodes/kv.h"
#include "nodes/primary_backup.h"

namespace scar::nodes {
namespace {

sim::NodeId route_by_key(OperationKind, std::uint64_t key, std::span<const sim::NodeId> servers) {
  return servers[key % servers.size()];
}

sim::NodeId route_to_first(OperationKind, std::uint64_t, std::span<const sim::NodeId> servers) {
  return servers.front();
}

// reads: any sends gets by key to every server; writes still go to the primary.
Router primary_backup_router(const ProtocolOptions& options) {
  if (options.choice("reads") != "any") return route_to_first;
  return [](OperationKind kind, std::uint64_t key, std::span<const sim::NodeId> servers) {
    return kind == OperationKind::get ? route_by_key(kind, key, servers) : servers.front();
  };
}

template <class... Lists>
std::vector<OptionSpec> join(std::vector<OptionSpec> first, Lists... rest) {
  (first.insert(first.end(), rest.begin(), rest.end()), ...);
  return first;
}

std::vector<Protocol> make_protocols() {
  std::vector<Protocol> protocols;
  protocols.push_back(Protocol{
      .name = "kv",
      .summary = "In-memory key-value servers, no replication; key k lives on server k mod N.",
      .options = durable_log_options(),
      .operations = {OperationKind::get, OperationKind::put, OperationKind::cas},
      .nodes_min = 1,
      .nodes_max = 10'000,
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<KvServer>(options); },
      .make_router = [](const ProtocolOptions&) -> Router { return route_by_key; }});
  protocols.push_back(Protocol{
      .name = "primary-backup",
      .summary = "n1 applies puts and replicates them to every backup; answers once enough "
                 "backups acknowledged; a cas is decided by the primary. Gets are served by the "
                 "primary (or, with reads=any, by any server).",
      .options = join({{"ack",
                        OptionType::choice,
                        "all",
                        {"all", "majority"},
                        "how many backups must acknowledge a put: all, or enough for a majority "
                        "of the cluster counting the primary"},
                       {"reads",
                        OptionType::choice,
                        "primary",
                        {"primary", "any"},
                        "who serves gets: the primary, or any server from its own copy (stale "
                        "reads: not linearizable)"},
                       {"replication_timeout",
                        OptionType::duration,
                        "100ms",
                        {},
                        "how long the primary waits for acknowledgements before answering error"}},
                      durable_log_options()),
      .operations = {OperationKind::get, OperationKind::put, OperationKind::cas},
      .nodes_min = 1,
      .nodes_max = 1'000,
      .replicated = true,
      .make_server =
          [](const ProtocolOptions& options) {
            return std::make_unique<PrimaryBackupServer>(options);
          },
      .make_router = primary_backup_router});
  return protocols;
}

}  // namespace

std::vector<Protocol> built_in_protocols() { return make_protocols(); }

}  // namespace scar::nodes
