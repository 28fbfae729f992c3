#include "nodes/primary_backup.h"

namespace scar::nodes {

PrimaryBackupServer::PrimaryBackupServer(const ProtocolOptions& options)
    : wait_for_all_(options.choice("ack") == "all"),
      replication_timeout_(options.duration("replication_timeout")),
      log_(durable_log_from(options)) {}

void PrimaryBackupServer::on_start(sim::Context& ctx) {
  primary_ = ctx.servers().front();
  is_primary_ = ctx.self() == primary_;
  for (sim::NodeId server : ctx.servers()) {
    if (server != primary_) backups_.push_back(server);
  }
  if (log_.durability() == Durability::none) return;
  recovering_ = true;
  ctx.spawn(recover(ctx));
}

sim::Task<> PrimaryBackupServer::recover(sim::Context& ctx) {
  auto recovered = co_await log_.recover(ctx);
  if (!recovered) co_return;  // cannot know its own state: keeps refusing
  store_ = std::move(*recovered);
  recovering_ = false;
}

void PrimaryBackupServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (recovering_) {  // neither serve nor acknowledge before the log is replayed
    if (envelope.is<ClientRequest>()) {
      ctx.reply(envelope.reply_address(), ClientReply{.status = ReplyStatus::error});
    }
    return;
  }
  if (const auto* request = envelope.as<ClientRequest>()) {
    on_client(ctx, *request, envelope.reply_address());
  } else if (const auto* replicate = envelope.as<Replicate>()) {
    if (log_.durability() == Durability::none) {  // nothing to wait for: no task needed
      store_[replicate->key] = replicate->value;
      ctx.reply(envelope.reply_address(), ReplicateAck{});
    } else {
      ctx.spawn(apply_replica(ctx, *replicate, envelope.reply_address()));
    }
  }
}

sim::Task<> PrimaryBackupServer::apply_replica(sim::Context& ctx, Replicate put,
                                               sim::ReplyAddress primary) {
  const bool persisted = co_await log_.persist(ctx, put.key, put.value);
  if (!persisted) co_return;  // no ack: the primary times out
  store_[put.key] = put.value;
  ctx.reply(primary, ReplicateAck{});
}

void PrimaryBackupServer::on_client(sim::Context& ctx, const ClientRequest& request,
                                    sim::ReplyAddress client) {
  if (!is_primary_) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::not_leader,
                                  .leader_hint = sim::index_of(primary_)});
    return;
  }
  if (request.kind == OperationKind::put) {
    ctx.spawn(replicate(ctx, request, client));
    return;
  }
  ClientReply reply;
  if (auto found = store_.find(request.key); found != store_.end()) {
    reply.found = true;
    reply.value = found->second;
  }
  ctx.reply(client, reply);
}

sim::Task<> PrimaryBackupServer::replicate(sim::Context& ctx, ClientRequest put,
                                           sim::ReplyAddress client) {
  if (log_.durability() != Durability::none) {
    const bool persisted = co_await log_.persist(ctx, put.key, put.value);
    if (!persisted) {
      ctx.reply(client, ClientReply{.status = ReplyStatus::error});
      co_return;
    }
  }
  store_[put.key] = put.value;
  // A majority of the cluster counts the primary itself.
  const std::size_t cluster = backups_.size() + 1;
  const std::size_t needed = wait_for_all_ ? backups_.size() : cluster / 2;
  const auto acks = co_await ctx.call_all<ReplicateAck>(backups_, Replicate{put.key, put.value},
                                                        replication_timeout_, needed);
  const bool replicated = sim::count_ok(acks) >= needed;
  ctx.reply(client, ClientReply{.status = replicated ? ReplyStatus::ok : ReplyStatus::error});
}

}  // namespace scar::nodes
