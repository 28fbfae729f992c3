#include "chain_server.h"

#include <algorithm>

namespace chain {

using scar::nodes::ClientReply;
using scar::nodes::ClientRequest;
using scar::nodes::OperationKind;
using scar::nodes::RegisterStore;
using scar::nodes::ReplyStatus;

ChainServer::ChainServer(const scar::nodes::ProtocolOptions& options)
    : ack_at_tail_(options.choice("ack") == "tail"),
      fan_out_(options.choice("forward") == "fan-out"),
      forward_timeout_(options.duration("forward_timeout")) {}

void ChainServer::on_start(scar::sim::Context& ctx) {
  const auto servers = ctx.servers();
  const auto self = std::find(servers.begin(), servers.end(), ctx.self());
  is_head_ = self == servers.begin();
  successors_.assign(self + 1, servers.end());
}

std::string_view ChainServer::role() const {
  if (is_head_) return "head";
  return successors_.empty() ? "tail" : "middle";
}

void ChainServer::on_message(scar::sim::Context& ctx, const scar::sim::Envelope& envelope) {
  if (const auto* request = envelope.as<ClientRequest>()) {
    on_client(ctx, *request, envelope.reply_address());
  } else if (const auto* write = envelope.as<Forward>()) {
    apply(*write);
    if (successors_.empty() || fan_out_) {
      ctx.reply(envelope.reply_address(), ForwardAck{});
    } else {
      ctx.spawn(pass_on(ctx, *write, envelope.reply_address()));
    }
  }
}

void ChainServer::on_client(scar::sim::Context& ctx, const ClientRequest& request,
                            scar::sim::ReplyAddress client) {
  if (request.kind == OperationKind::get) {  // the router sends gets to the tail
    ctx.reply(client, store_.read_reply(request.key));
    return;
  }
  if (!is_head_) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::not_leader, .leader_hint = 0});
    return;
  }
  const RegisterStore::Decision decision = store_.accept(request);
  if (!decision.accepted) {
    ctx.reply(client, RegisterStore::rejection(decision));
    return;
  }
  const Forward write{next_sequence_++, request.key, request.value};
  apply(write);
  if (successors_.empty()) {  // a chain of one
    ctx.reply(client, ClientReply{});
    return;
  }
  if (!ack_at_tail_) ctx.reply(client, ClientReply{});  // the bug: before the tail has it
  ctx.spawn(replicate(ctx, write, client));
}

// The head: down the chain (or to every successor at once), then answer the client.
scar::sim::Task<> ChainServer::replicate(scar::sim::Context& ctx, Forward write,
                                         scar::sim::ReplyAddress client) {
  bool replicated = false;
  if (fan_out_) {
    const auto acks = co_await ctx.call_all<ForwardAck>(successors_, write, forward_timeout_);
    replicated = scar::sim::count_ok(acks) == successors_.size();
  } else {
    replicated = (co_await ctx.call<ForwardAck>(successors_.front(), write, forward_timeout_)).ok();
  }
  // A write that did not reach the tail may still get there: its fate is unknown.
  if (ack_at_tail_)
    ctx.reply(client, ClientReply{.status = replicated ? ReplyStatus::ok : ReplyStatus::error});
}

// A middle server: acknowledge up the chain once the rest of the chain has the write.
scar::sim::Task<> ChainServer::pass_on(scar::sim::Context& ctx, Forward write,
                                       scar::sim::ReplyAddress predecessor) {
  const auto ack = co_await ctx.call<ForwardAck>(successors_.front(), write, forward_timeout_);
  if (ack) ctx.reply(predecessor, ForwardAck{});
}

void ChainServer::apply(const Forward& write) {
  if (is_head_) {
    store_.apply(write.key, write.value);
  } else {
    store_.overwrite(write.key, write.value);
  }
  applied_sequence_ = std::max(applied_sequence_, write.sequence);
}

}  // namespace chain
