#include "nodes/ids/id_server.h"

#include "sim/assert.h"

namespace scar::nodes::ids {

IdServer::IdServer(const ProtocolOptions& options)
    : scheme_(id_scheme_named(options.choice("scheme"))) {}

std::vector<OptionSpec> IdServer::options() {
  return {{"scheme",
           OptionType::choice,
           "timestamp",
           {"counter", "timestamp", "random"},
           "counter: n1 counts 1, 2, 3 for everyone; timestamp: each server makes "
           "milliseconds of its own clock | server index | sequence (Snowflake); random: 64 "
           "random bits from each server"}};
}

void IdServer::on_start(sim::Context& ctx) {
  const auto servers = ctx.servers();
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (servers[i] == ctx.self()) server_index_ = i;
  }
  maker_.emplace(scheme_, server_index_);
}

bool IdServer::serves() const { return scheme_ != IdScheme::counter || server_index_ == 0; }

std::string_view IdServer::role() const {
  return scheme_ == IdScheme::counter && server_index_ == 0 ? "counter" : "";
}

void IdServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  const auto* request = envelope.as<ClientRequest>();
  if (request == nullptr) return;
  // The protocol lists add only, so the loader admits no other operation.
  SCAR_ASSERT(request->kind == OperationKind::add);
  ClientReply reply;
  reply.status = serves() ? issue(ctx, reply) : ReplyStatus::not_leader;
  reply.leader_hint = 0;  // not_leader: n1 issues every id
  ctx.reply(envelope.reply_address(), reply);
}

// Fills reply.value with a new id and counts what it breaks; `refused` when the timestamp
// scheme has run out of sequence numbers in this millisecond.
ReplyStatus IdServer::issue(sim::Context& ctx, ClientReply& reply) {
  const std::optional<std::uint64_t> id = maker_->next(ctx.now(), ctx.random());
  if (!id) return ReplyStatus::refused;
  const IssuedIds::Verdict verdict = issued_.record(*id);
  ctx.count("ids_issued");
  if (verdict.backwards) ctx.count("ids_backwards");
  if (verdict.duplicate) ctx.count("ids_duplicate");
  reply.found = true;
  reply.value = *id;
  return ReplyStatus::ok;
}

}  // namespace scar::nodes::ids
