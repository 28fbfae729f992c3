// Chain replication (van Renesse and Schneider, OSDI 2004), written as a scar user would:
// a protocol that is not in scar, registered from outside (see main.cc).
//
// The servers form a chain in id order: n1 is the head, the last server the tail. The head
// decides every write (a cas against the latest accepted value), numbers it and passes it
// down the chain; each server applies it and passes it on; the tail applies it and the
// acknowledgement travels back up. The head answers the client once the tail has the
// write, and reads are served by the tail, so a read sees every acknowledged write.
//
// Options:
//   ack      "tail" (the protocol) or "head": the head answers as soon as it has decided
//            the write, before the chain has it: a deliberate bug, the tail then serves
//            reads that miss acknowledged writes (not linearizable)
//   forward  "chain" (the protocol) or "fan-out": the head sends each write to every
//            successor at once, so a later server can apply a write its predecessor has
//            not: the chain's prefix invariant breaks
//   forward_timeout  how long a server waits for its successor's acknowledgement
//
// Volatile: a crash loses a server's copy (the example keeps no log).
#pragma once

#include <cstdint>
#include <vector>

#include "nodes/client_protocol.h"
#include "nodes/protocol_options.h"
#include "nodes/register_store.h"
#include "nodes/replica.h"
#include "sim/context.h"

namespace chain {

// A write on its way down the chain; `sequence` numbers the head's writes from 1.
struct Forward {
  static constexpr std::string_view name = "chain_forward";
  std::uint64_t sequence = 0;
  std::uint64_t key = 0;
  std::uint64_t value = 0;
};

// The successor (and every server after it) has applied the write.
struct ForwardAck {
  static constexpr std::string_view name = "chain_forward_ack";
};

class ChainServer final : public scar::sim::Node, public scar::nodes::Replica {
 public:
  explicit ChainServer(const scar::nodes::ProtocolOptions& options);

  void on_start(scar::sim::Context& ctx) override;
  void on_message(scar::sim::Context& ctx, const scar::sim::Envelope& envelope) override;
  std::string_view role() const override;

  const scar::nodes::RegisterStore::Map& replica_contents() const override {
    return store_.applied();
  }
  // The sequence number of the last write this server applied (0: none).
  std::uint64_t applied_sequence() const { return applied_sequence_; }

 private:
  void on_client(scar::sim::Context& ctx, const scar::nodes::ClientRequest& request,
                 scar::sim::ReplyAddress client);
  scar::sim::Task<> replicate(scar::sim::Context& ctx, Forward write,
                              scar::sim::ReplyAddress client);
  scar::sim::Task<> pass_on(scar::sim::Context& ctx, Forward write,
                            scar::sim::ReplyAddress predecessor);
  void apply(const Forward& write);

  bool ack_at_tail_;
  bool fan_out_;
  scar::sim::Duration forward_timeout_;
  std::vector<scar::sim::NodeId> successors_;  // in chain order; empty at the tail
  bool is_head_ = false;
  std::uint64_t next_sequence_ = 1;  // the head's
  std::uint64_t applied_sequence_ = 0;
  scar::nodes::RegisterStore store_;
};

}  // namespace chain
