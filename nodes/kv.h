// `kv`: an in-memory key-value store on every server node, each the sole owner of its
// keys (key k lives on server k mod N). No replication: the simplest system, for seeing
// queueing, the network and the disk on their own.
//
// Option `durability` (none, write, fsync; see durable_log.h) says what a put or cas waits
// for before it is acknowledged. After a restart the server replays its log before it serves
// again; meanwhile it answers every request with an error.
//
// Option `dedupe` (false, true): clients retry a write whose reply was lost, and without
// dedupe the server applies it again (an add counts twice). With it, the server remembers
// the replies to the writes it applied (request_deduplicator.h: the last 65,536, volatile)
// and answers a retry from them; a retry of a write still being made durable gets `error`
// (its fate is not known yet), and the client tries again later.
//
// Option `noisy_server` (0: none; k: server nk): that server writes a scary, harmless
// "ERROR" line to the trace for every client request it handles (a config warning logged
// at the wrong level) and counts it in metrics.errors_logged; it changes nothing else. It
// is the loud decoy of the metrics-not-logs lesson.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "nodes/client_protocol.h"
#include "nodes/durable_log.h"
#include "nodes/protocol_options.h"
#include "nodes/register_store.h"
#include "nodes/request_deduplicator.h"
#include "nodes/stored_values.h"
#include "sim/context.h"

namespace scar::nodes {

class KvServer final : public sim::Node, public StoredValues {
 public:
  explicit KvServer(const ProtocolOptions& options);
  static std::vector<OptionSpec> options();  // durability, fsync_error, dedupe, noisy_server
  static std::vector<MetricSpec> metrics();  // fsyncs, errors_logged
  // noisy_server names no server of the cluster (not 0..nodes, or not whole).
  static std::optional<OptionProblem> option_problem(const ProtocolOptions& options,
                                                     std::uint32_t nodes);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  const RegisterStore::Map& stored_values() const override { return store_.applied(); }

 private:
  sim::Task<> recover(sim::Context& ctx);
  void on_client(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  void log_harmless_error(sim::Context& ctx);
  // Answers a retry of a write this server already took on; false for a new request.
  bool answer_retry(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  sim::Task<> write(sim::Context& ctx, ClientRequest request, RegisterStore::Decision decision,
                    sim::ReplyAddress client);
  void acknowledge(sim::Context& ctx, const ClientRequest& request, const ClientReply& reply,
                   sim::ReplyAddress client);

  DurableLog log_;
  bool dedupe_;
  std::uint32_t noisy_server_;  // the option: 0 or a server's number
  bool noisy_ = false;          // this server is the noisy one
  RequestDeduplicator answered_;
  bool recovering_ = false;
  RegisterStore store_;
};

}  // namespace scar::nodes
