#include "nodes/kv.h"

#include <fmt/format.h>

#include <cmath>

namespace scar::nodes {

KvServer::KvServer(const ProtocolOptions& options)
    : log_(durable_log_from(options)),
      dedupe_(options.boolean("dedupe")),
      noisy_server_(static_cast<std::uint32_t>(options.number("noisy_server"))) {}

std::vector<OptionSpec> KvServer::options() {
  std::vector<OptionSpec> options = durable_log_options();
  options.push_back({"dedupe",
                     OptionType::boolean,
                     "false",
                     {},
                     "remember the replies to the last 65,536 writes applied and answer a "
                     "client's retry of one from them instead of applying it again"});
  options.push_back({"noisy_server",
                     OptionType::number,
                     "0",
                     {},
                     "the server (3 is n3) that writes a scary, harmless ERROR line to the trace "
                     "for every request it handles and counts it in metrics.errors_logged; 0: "
                     "none. It changes nothing else"});
  return options;
}

std::vector<MetricSpec> KvServer::metrics() {
  std::vector<MetricSpec> metrics = durable_log_metrics();
  metrics.push_back({"errors_logged", "ERROR lines written to the trace (noisy_server's)"});
  return metrics;
}

std::optional<OptionProblem> KvServer::option_problem(const ProtocolOptions& options,
                                                      std::uint32_t nodes) {
  const double server = options.number("noisy_server");
  if (server >= 0 && server <= nodes && std::floor(server) == server) return std::nullopt;
  return OptionProblem{"noisy_server",
                       fmt::format("must be a server's number, 1 to {} (or 0 for none)", nodes)};
}

void KvServer::on_start(sim::Context& ctx) {
  noisy_ = noisy_server_ != 0 && ctx.name() == fmt::format("n{}", noisy_server_);
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
  if (noisy_) log_harmless_error(ctx);
  if (recovering_) {
    ctx.reply(envelope.reply_address(), ClientReply{.status = ReplyStatus::refused});
    return;
  }
  on_client(ctx, *request, envelope.reply_address());
}

// Loud and harmless, like much of what a real log holds: the defaults it falls back to are
// the configuration the server was meant to run with.
void KvServer::log_harmless_error(sim::Context& ctx) {
  ctx.trace(
      "ERROR config: cannot load /etc/kv/override.yaml (No such file or directory); "
      "falling back to defaults");
  ctx.count("errors_logged");
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
