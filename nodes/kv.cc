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
  // A failed read leaves the server refusing requests: it cannot know its own state.
  if (!recovered) co_return;
  store_.restore(std::move(*recovered));
  recovering_ = false;
}

void KvServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  const ClientRequest* request = envelope.as<ClientRequest>();
  if (request == nullptr) return;
  if (recovering_) {
    ctx.reply(envelope.reply_address(), ClientReply{.status = ReplyStatus::refused});
    return;
  }
  on_client(ctx, *request, envelope.reply_address());
}

void KvServer::on_client(sim::Context& ctx, const ClientRequest& request,
                         sim::ReplyAddress client) {
  if (request.kind == OperationKind::get) {
    ctx.reply(client, store_.read_reply(request.key));
    return;
  }
  const RegisterStore::Decision decision = store_.accept(request);
  if (!decision.accepted) {
    ctx.reply(client, RegisterStore::rejection(decision));
    return;
  }
  if (log_.durability() == Durability::none) {
    store_.apply(request.key, request.value);
    ctx.reply(client, ClientReply{});
    return;
  }
  ctx.spawn(write(ctx, request, client));
}

sim::Task<> KvServer::write(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client) {
  const bool persisted = co_await log_.persist(ctx, request.key, request.value);
  if (persisted) {
    store_.apply(request.key, request.value);
  } else {
    store_.withdraw(request.key, request.value);
  }
  // A failed persist may still have reached the disk (a torn or lying write): indeterminate.
  ctx.reply(client, ClientReply{.status = persisted ? ReplyStatus::ok : ReplyStatus::error});
}

}  // namespace scar::nodes
