// `g-counter`: a grow-only counter, the simplest CRDT (Shapiro et al., "Conflict-free
// Replicated Data Types", 2011). Every server keeps, for every key, one slot per server: its
// own slot counts the adds it served, the others what it last heard of its peers'. An add
// increments the server's own slot and is answered at once, with no message to anyone; a
// get answers the sum of the slots. Every `gossip` interval each server sends all its slots
// to every peer, and a server merges what it receives slot by slot, keeping the larger.
// Any server serves any key: client c<i> talks to its own server (Protocol::any_server).
//
// The merge (per-slot max) is commutative, associative and idempotent, so gossip may be
// lost, duplicated, reordered or delayed by a partition, and servers that have received the
// same slots, in any order and any number of times, hold the same sums: available on both
// sides of a partition, convergent once it heals. What it gives up: a get may miss adds
// served elsewhere and not gossiped yet (not linearizable), and only increments exist.
//
// Volatile: a crash loses the adds the server had not gossiped, and a restarted server's
// own slot starts again at 0, below what its peers remember of it, so its next adds are
// hidden until it passes that. It is a lesson in partitions, not in crashes.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "nodes/client_protocol.h"
#include "nodes/protocol_options.h"
#include "nodes/register_store.h"
#include "nodes/replica.h"
#include "sim/context.h"

namespace scar::nodes {

// One key's counter: a slot per server, each only ever growing.
class GCounter {
 public:
  explicit GCounter(std::size_t slots) : slots_(slots, 0) {}

  // REQUIRES: slot < slots().size().
  void increment(std::size_t slot, std::uint64_t by);
  // Each slot becomes the larger of the two. REQUIRES: the same number of slots.
  void merge(const GCounter& other);
  std::uint64_t sum() const;
  const std::vector<std::uint64_t>& slots() const { return slots_; }
  bool operator==(const GCounter&) const = default;

 private:
  std::vector<std::uint64_t> slots_;
};

// A server's slots for every key it knows, sent to every peer each gossip interval.
struct GCounterGossip {
  static constexpr std::string_view name = "g_counter_gossip";
  std::vector<std::pair<std::uint64_t, GCounter>> counters;  // by key, in key order
  std::uint32_t size_bytes() const;
};

class GCounterServer final : public sim::Node, public Replica {
 public:
  explicit GCounterServer(const ProtocolOptions& options);
  static std::vector<OptionSpec> options();  // gossip

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  void on_timer(sim::Context& ctx, sim::TimerId timer) override;
  // The merged sums, by key.
  const RegisterStore::Map& replica_contents() const override { return sums_; }

 private:
  void on_client(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  void merge(const GCounterGossip& gossip);
  GCounter& counter(std::uint64_t key);

  sim::Duration gossip_interval_;
  std::size_t self_slot_ = 0;
  std::vector<sim::NodeId> peers_;
  std::map<std::uint64_t, GCounter> counters_;  // ordered: gossip lists keys in key order
  RegisterStore::Map sums_;                     // counters_' sums, for gets and the checks
};

}  // namespace scar::nodes
