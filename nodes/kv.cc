#include "nodes/kv.h"

namespace scar::nodes {

KvServer::KvServer(const ProtocolOptions& options) : log_(durable_log_from(options)) {}

void KvServer::on_start(sim::Context& ctx) {
  if (log_.durability() == Durability::none) return;
  recovering_ = true;
  ctx.spawn(recover(ctx));
}

sim::Task<> KvServer::recover(sim::Context& ctx) {
  auto recovered = co_await log_.recover(ctx);
  // A failed read leaves the server answering errors: it cannot know its own state.
  if (!recovered) co_return;
  store_ = std::move(*recovered);
  recovering_ = false;
}

void KvServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  const ClientRequest* request = envelope.as<ClientRequest>();
  if (request == nullptr) return;
  if (recovering_) {
    ctx.reply(envelope.reply_address(), ClientReply{.status = ReplyStatus::error});
    return;
  }
  if (request->kind == OperationKind::put) {
    if (log_.durability() == Durability::none) {
      store_[request->key] = request->value;
      ctx.reply(envelope.reply_address(), ClientReply{});
    } else {
      ctx.spawn(put(ctx, *request, envelope.reply_address()));
    }
    return;
  }
  ClientReply reply;
  if (auto found = store_.find(request->key); found != store_.end()) {
    reply.found = true;
    reply.value = found->second;
  }
  ctx.reply(envelope.reply_address(), reply);
}

sim::Task<> KvServer::put(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client) {
  const bool persisted = co_await log_.persist(ctx, request.key, request.value);
  if (persisted) store_[request.key] = request.value;
  ctx.reply(client, ClientReply{.status = persisted ? ReplyStatus::ok : ReplyStatus::error});
}

}  // namespace scar::nodes
