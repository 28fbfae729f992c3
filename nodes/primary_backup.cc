#include "nodes/primary_backup.h"

namespace scar::nodes {

PrimaryBackupServer::PrimaryBackupServer(const ProtocolOptions& options)
    : wait_for_all_(options.choice("ack") == "all"),
      replication_timeout_(options.duration("replication_timeout")) {}

void PrimaryBackupServer::on_start(sim::Context& ctx) {
  primary_ = ctx.servers().front();
  is_primary_ = ctx.self() == primary_;
  for (sim::NodeId server : ctx.servers()) {
    if (server != primary_) backups_.push_back(server);
  }
}

void PrimaryBackupServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (const auto* request = envelope.as<ClientRequest>()) {
    on_client(ctx, *request, envelope.reply_address());
  } else if (const auto* replicate = envelope.as<Replicate>()) {
    store_[replicate->key] = replicate->value;
    ctx.reply(envelope.reply_address(), ReplicateAck{});
  }
}

void PrimaryBackupServer::on_client(sim::Context& ctx, const ClientRequest& request,
                                    sim::ReplyAddress client) {
  if (!is_primary_) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::not_leader,
                                  .leader_hint = sim::index_of(primary_)});
    return;
  }
  if (request.kind == OperationKind::put) {
    store_[request.key] = request.value;
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
  // A majority of the cluster counts the primary itself.
  const std::size_t cluster = backups_.size() + 1;
  const std::size_t needed = wait_for_all_ ? backups_.size() : cluster / 2;
  const auto acks = co_await ctx.call_all<ReplicateAck>(
      backups_, Replicate{put.key, put.value}, replication_timeout_, needed);
  const bool replicated = sim::count_ok(acks) >= needed;
  ctx.reply(client, ClientReply{.status = replicated ? ReplyStatus::ok : ReplyStatus::error});
}

}  // namespace scar::nodes
