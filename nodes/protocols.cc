#include "nodes/protocols.h"

#include <algorithm>

#include "nodes/cache/protocol.h"
#include "nodes/dual_write.h"
#include "nodes/durable_log.h"
#include "nodes/g_counter.h"
#include "nodes/ids/protocol.h"
#include "nodes/kv.h"
#include "nodes/lock/lock_protocol.h"
#include "nodes/migration/protocol.h"
#include "nodes/primary_backup.h"
#include "nodes/quorum/quorum.h"
#include "nodes/raft/protocol.h"
#include "nodes/search/protocol.h"
#include "nodes/service_chain/protocol.h"

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
      .options = KvServer::options(),
      .operations = {OperationKind::get, OperationKind::put, OperationKind::cas,
                     OperationKind::add},
      .nodes_min = 1,
      .nodes_max = 10'000,
      .option_problem = KvServer::option_problem,
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<KvServer>(options); },
      .make_router = [](const ProtocolOptions&) -> Router { return route_by_key; },
      .metrics = KvServer::metrics()});
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
      .operations = {OperationKind::get, OperationKind::put, OperationKind::cas,
                     OperationKind::add},
      .nodes_min = 1,
      .nodes_max = 1'000,
      .replicated = true,
      .make_server =
          [](const ProtocolOptions& options) {
            return std::make_unique<PrimaryBackupServer>(options);
          },
      .make_router = primary_backup_router,
      .metrics = durable_log_metrics()});
  protocols.push_back(raft::raft_protocol());
  protocols.push_back(Protocol{
      .name = "quorum",
      .summary = "Dynamo-style: every server a replica of every key, any server coordinates "
                 "(key k to server k mod N); puts wait for w acks, gets for r replies (newest "
                 "by timestamp wins, read repair); timestamps from the wall clock or logical.",
      .options = quorum_options(),
      .operations = {OperationKind::get, OperationKind::put},
      .nodes_min = 1,
      .nodes_max = 1'000,
      .replicated = true,
      .option_problem = quorum_option_problem,
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<QuorumServer>(options); },
      .make_router = [](const ProtocolOptions&) -> Router { return route_by_key; }});
  protocols.push_back(Protocol{
      .name = "dual-write",
      .summary = "n1, the application, writes each put to store n2 then store n3 (\"just send "
                 "it to both\"), ok only if both took it; gets read n2. Nothing keeps the "
                 "stores equal.",
      .options = dual_write_options(),
      .operations = {OperationKind::get, OperationKind::put},
      .nodes_min = 3,
      .nodes_max = 3,
      .replicated = true,
      .option_problem = dual_write_option_problem,
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<DualWriteServer>(options); },
      .make_router = [](const ProtocolOptions&) -> Router { return route_to_first; }});
  protocols.push_back(lock::lock_protocol());
  protocols.push_back(Protocol{
      .name = "g-counter",
      .summary = "A grow-only counter (CRDT): each server counts the adds it serves in its own "
                 "slot and answers at once; servers gossip their slots and a get returns the "
                 "merged sum. Available on both sides of a partition; converges once it heals.",
      .options = GCounterServer::options(),
      .operations = {OperationKind::get, OperationKind::add},
      .nodes_min = 1,
      .nodes_max = 1'000,
      .replicated = true,
      .any_server = true,
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<GCounterServer>(options); },
      .make_router = [](const ProtocolOptions&) -> Router { return route_to_first; }});
  protocols.push_back(cache::cache_protocol());
  protocols.push_back(search::search_protocol());
  protocols.push_back(ids::ids_protocol());
  protocols.push_back(service_chain::service_chain_protocol());
  protocols.push_back(migration::migration_protocol());
  return protocols;
}

}  // namespace

std::vector<Protocol> built_in_protocols() { return make_protocols(); }

}  // namespace scar::nodes
