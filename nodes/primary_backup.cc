#include "nodes/primary_backup.h"

namespace scar::nodes {

PrimaryBackupServer::PrimaryBackupServer(const ProtocolOptions& options)
    : wait_for_all_(options.choice("ack") == "all"),
      reads_anywhere_(options.choice("reads") == "any"),
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
  store_.restore(std::move(*recovered));
  recovering_ = false;
}

void PrimaryBackupServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (recovering_) {  // neither serve nor acknowledge before the log is replayed
    if (envelope.is<ClientRequest>()) {
      ctx.reply(envelope.reply_address(), ClientReply{.status = ReplyStatus::refused});
    }
    return;
  }
  if (const auto* request = envelope.as<ClientRequest>()) {
    on_client(ctx, *request, envelope.reply_address());
  } else if (const auto* replicate = envelope.as<Replicate>()) {
    if (log_.durability() == Durability::none) {  // nothing to wait for: no task needed
      store_.overwrite(replicate->key, replicate->value);
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
  store_.overwrite(put.key, put.value);
  ctx.reply(primary, ReplicateAck{});
}

void PrimaryBackupServer::on_client(sim::Context& ctx, const ClientRequest& request,
                                    sim::ReplyAddress client) {
  if (request.kind == OperationKind::get && (is_primary_ || reads_anywhere_)) {
    ctx.reply(client, store_.read_reply(request.key));
    return;
  }
  if (!is_primary_) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::not_leader,
                                  .leader_hint = sim::index_of(primary_)});
    return;
  }
  const RegisterStore::Decision decision = store_.accept(request);
  if (!decision.accepted) {
    ctx.reply(client, RegisterStore::rejection(decision));
    return;
  }
  ctx.spawn(replicate(ctx, request, decision, client));
}

sim::Task<> PrimaryBackupServer::replicate(sim::Context& ctx, ClientRequest write,
                                           RegisterStore::Decision decision,
                                           sim::ReplyAddress client) {
  const std::uint64_t value = decision.written;
  if (log_.durability() != Durability::none) {
    const bool persisted = co_await log_.persist(ctx, write.key, value);
    if (!persisted) {
      store_.withdraw(write.key, value);
      ctx.reply(client, ClientReply{.status = ReplyStatus::error});
      co_return;
    }
  }
  store_.apply(write.key, value);
  // A majority of the cluster counts the primary itself.
  const std::size_t cluster = backups_.size() + 1;
  const std::size_t needed = wait_for_all_ ? backups_.size() : cluster / 2;
  const auto acks = co_await ctx.call_all<ReplicateAck>(backups_, Replicate{write.key, value},
                                                        replication_timeout_, needed);
  if (sim::count_ok(acks) < needed) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::error});
    co_return;
  }
  ctx.reply(client, RegisterStore::acknowledgement(write, decision));
}

}  // namespace scar::nodes
