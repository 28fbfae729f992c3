#include "nodes/search/search_node.h"

#include "nodes/search/messages.h"

namespace scar::nodes::search {

SearchNode::SearchNode(const ProtocolOptions& options)
    : wait_for_all_(options.choice("wait") == "all"),
      shard_timeout_(options.duration("shard_timeout")),
      deadline_(options.duration("deadline")),
      shards_min_(static_cast<std::size_t>(options.number("shards_min"))),
      shard_work_(options.duration("shard_work")) {}

void SearchNode::on_start(sim::Context& ctx) {
  const auto servers = ctx.servers();
  is_root_ = ctx.self() == servers.front();
  shards_.assign(servers.begin() + 1, servers.end());
}

void SearchNode::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (const auto* request = envelope.as<ClientRequest>(); request && is_root_) {
    if (request->kind == OperationKind::get) {
      ctx.spawn(query(ctx, *request, envelope.reply_address()));
    } else {
      ctx.reply(envelope.reply_address(), ClientReply{.status = ReplyStatus::refused});
    }
  } else if (envelope.as<ShardQuery>() && !is_root_) {
    ctx.spawn(answer(ctx, envelope.reply_address()));
  }
}

sim::Task<> SearchNode::query(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client) {
  ctx.count("shard_requests", static_cast<std::int64_t>(shards_.size()));
  const auto answers =
      co_await ctx.call_all<ShardAnswer>(shards_, ShardQuery{request.key}, wait_time());
  const std::size_t answered = sim::count_ok(answers);
  ctx.count("shard_answers", static_cast<std::int64_t>(answered));
  const bool ok = answered >= answers_needed();
  ctx.reply(client, ClientReply{.status = ok ? ReplyStatus::ok : ReplyStatus::error,
                                .found = answered > 0,
                                .value = answered});
}

sim::Task<> SearchNode::answer(sim::Context& ctx, sim::ReplyAddress root) {
  if (shard_work_ > sim::Duration{0}) co_await ctx.sleep_for(shard_work_);
  ctx.reply(root, ShardAnswer{});
}

sim::Duration SearchNode::wait_time() const { return wait_for_all_ ? shard_timeout_ : deadline_; }

std::size_t SearchNode::answers_needed() const {
  return wait_for_all_ ? shards_.size() : shards_min_;
}

}  // namespace scar::nodes::search
