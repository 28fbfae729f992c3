// `primary-backup`: n1 is the primary, every other server a backup. The primary applies
// a put, sends it to every backup in parallel, and answers the client once enough backups
// acknowledged (`ack`: all of them, or enough for a majority of the cluster counting
// itself). If they do not within `replication_timeout`, the client gets an error: the
// put's fate is unknown (it is applied on the primary and maybe some backups). A cas is
// decided by the primary (against the last write it accepted) and, when it matches,
// replicated like a put. An add is decided by the primary too, as a put of the sum (see
// register_store.h), and replicated as that put: backups only ever see absolute values.
// Gets are served by the primary from its own copy, and backups
// answer clients `not_leader`, unless `reads` is `any`: then clients send gets to any
// server (key k to server k mod N) and a backup answers from its own copy, which may lag
// the primary's (ack=majority) or miss writes during a partition: stale reads, which the
// linearizability check catches.
//
// Option `durability` (none, write, fsync; see durable_log.h) applies on every node: the
// primary persists a put before replicating it, a backup before acknowledging it. After a
// restart a node replays its log before it serves again.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "nodes/client_protocol.h"
#include "nodes/durable_log.h"
#include "nodes/protocol_options.h"
#include "nodes/register_store.h"
#include "nodes/replica.h"
#include "sim/context.h"

namespace scar::nodes {

struct Replicate {
  static constexpr std::string_view name = "replicate";
  std::uint64_t key = 0;
  std::uint64_t value = 0;
};

struct ReplicateAck {
  static constexpr std::string_view name = "replicate_ack";
};

class PrimaryBackupServer final : public sim::Node, public Replica {
 public:
  explicit PrimaryBackupServer(const ProtocolOptions& options);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  std::string_view role() const override { return is_primary_ ? "primary" : "backup"; }
  const RegisterStore::Map& replica_contents() const override { return store_.applied(); }

 private:
  void on_client(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  sim::Task<> replicate(sim::Context& ctx, ClientRequest write, RegisterStore::Decision decision,
                        sim::ReplyAddress client);
  sim::Task<> apply_replica(sim::Context& ctx, Replicate put, sim::ReplyAddress primary);
  sim::Task<> recover(sim::Context& ctx);

  bool wait_for_all_;
  bool reads_anywhere_;  // reads: any
  sim::Duration replication_timeout_;
  DurableLog log_;
  bool recovering_ = false;
  bool is_primary_ = false;
  sim::NodeId primary_{};
  std::vector<sim::NodeId> backups_;
  RegisterStore store_;
};

}  // namespace scar::nodes
