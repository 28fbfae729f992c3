#include "nodes/kv.h"

namespace scar::nodes {

KvServer::KvServer(const ProtocolOptions& options)
    : log_(durable_log_from(options)), dedupe_(options.boolean("dedupe")) {}

std::vector<OptionSpec> KvServer::options() {
  std::vector<OptionSpec> options = durable_log_options();
  options.push_back({"dedupe",
                     OptionType::boolean,
                     "false",
                     {},
                     "remember the replies to the last 65,536 writes applied and answer a "
                     "client's retry of one from them instead of applying it again"});
  return options;
}

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

bool KvServer::answer_retry(sim::Context& ctx, const ClientRequest& request,
                            sim::ReplyAddress client) {
  if (!dedupe_) return false;
  if (const ClientReply* reply = answered_.answered(request.request_id)) {
    ctx.reply(client, *reply);
    return true;
  }
  if (!answered_.in_progress(request.request_id)) return false;
  ctx.reply(client, ClientReply{.status = ReplyStatus::error});
  return true;
}

void KvServer::on_client(sim::Context& ctx, const ClientRequest& request,
                         sim::ReplyAddress client) {
  if (request.kind == OperationKind::get) {
    ctx.reply(client, store_.read_reply(request.key));
    return;
  }
  if (answer_retry(ctx, request, client)) return;
  const RegisterStore::Decision decision = store_.accept(request);
  if (!decision.accepted) {
    acknowledge(ctx, request, RegisterStore::rejection(decision), client);
    return;
  }
  if (log_.durability() == Durability::none) {
    store_.apply(request.key, decision.written);
    acknowledge(ctx, request, RegisterStore::acknowledgement(request, decision), client);
    return;
  }
  if (dedupe_) answered_.start(request.request_id);
  ctx.spawn(write(ctx, request, decision, client));
}

void KvServer::acknowledge(sim::Context& ctx, const ClientRequest& request,
                           const ClientReply& reply, sim::ReplyAddress client) {
  if (dedupe_) answered_.finish(request.request_id, reply);
  ctx.reply(client, reply);
}

sim::Task<> KvServer::write(sim::Context& ctx, ClientRequest request,
                            RegisterStore::Decision decision, sim::ReplyAddress client) {
  const bool persisted = co_await log_.persist(ctx, request.key, decision.written);
  if (persisted) {
    store_.apply(request.key, decision.written);
    acknowledge(ctx, request, RegisterStore::acknowledgement(request, decision), client);
    co_return;
  }
  store_.withdraw(request.key, decision.written);
  if (dedupe_) answered_.abandon(request.request_id);
  // A failed persist may still have reached the disk (a torn or lying write): indeterminate.
  ctx.reply(client, ClientReply{.status = ReplyStatus::error});
}

}  // namespace scar::nodes
