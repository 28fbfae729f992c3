// `kv`: an in-memory key-value store on every server node, each the sole owner of its
// keys (key k lives on server k mod N). No replication: the simplest system, for seeing
// queueing, the network and the disk on their own.
//
// Option `durability` (none, write, fsync; see durable_log.h) says what a put or cas waits
// for before it is acknowledged. After a restart the server replays its log before it serves
// again; meanwhile it answers every request with an error.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "nodes/client_protocol.h"
#include "nodes/durable_log.h"
#include "nodes/protocol_options.h"
#include "nodes/register_store.h"
#include "sim/context.h"

namespace scar::nodes {

class KvServer final : public sim::Node {
 public:
  explicit KvServer(const ProtocolOptions& options);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;

 private:
  sim::Task<> recover(sim::Context& ctx);
  void on_client(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  sim::Task<> write(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client);

  DurableLog log_;
  bool recovering_ = false;
  RegisterStore store_;
};

}  // namespace scar::nodes
