// A `search` server: n1 is the root, n2..nN are the shards of one index. Clients send every
// request to the root.
//
// get (a query): the root asks every shard at once (ShardQuery) and merges the answers.
// A shard answers after its own service time: the cluster's cpu per handled message (which
// a slow_node fault multiplies) and then `shard_work` of its own clock.
//
// wait=all: the root answers when every shard has answered, so a query is as slow as its
// slowest shard; a shard that has not answered within `shard_timeout` makes the query an
// error (the result would be incomplete).
// wait=deadline: the root answers when every shard has answered or at `deadline`, whichever
// comes first, with what it has: ok when at least `shards_min` shards answered, else error.
// The reply's `value` is the number of shards that answered (`found`: at least one did).
//
// Counters, at the root: shard_requests (shards asked, S per query) and shard_answers
// (shards that answered in time), so shard_answers / shard_requests is the fraction of the
// index the answers covered. put, cas and add are refused: queries are the point.
// Nothing is kept between queries; a crash loses nothing but the queries in flight.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "nodes/client_protocol.h"
#include "nodes/protocol_options.h"
#include "sim/context.h"

namespace scar::nodes::search {

class SearchNode final : public sim::Node {
 public:
  explicit SearchNode(const ProtocolOptions& options);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  std::string_view role() const override { return is_root_ ? "root" : "shard"; }

 private:
  sim::Task<> query(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client);
  sim::Task<> answer(sim::Context& ctx, sim::ReplyAddress root);
  // How long the root waits for the shards, and how many answers make an ok reply.
  sim::Duration wait_time() const;
  std::size_t answers_needed() const;

  bool wait_for_all_;
  sim::Duration shard_timeout_;
  sim::Duration deadline_;
  std::size_t shards_min_;
  sim::Duration shard_work_;
  bool is_root_ = false;
  std::vector<sim::NodeId> shards_;
};

}  // namespace scar::nodes::search
