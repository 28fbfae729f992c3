#include "nodes/dual_write.h"

#include <fmt/format.h>

#include <cmath>

namespace scar::nodes {

std::vector<OptionSpec> dual_write_options() {
  return {{"retry",
           OptionType::choice,
           "none",
           {"none", "until_success"},
           "when a store's write fails or times out: give up (answer error), or keep retrying "
           "up to attempts_max attempts"},
          {"attempts_max",
           OptionType::number,
           "10",
           {},
           "until_success: attempts per store write at most (the bound so runs end)"},
          {"store_timeout",
           OptionType::duration,
           "100ms",
           {},
           "how long the application waits for a store, and waits before a retry"}};
}

std::optional<OptionProblem> dual_write_option_problem(const ProtocolOptions& options,
                                                       std::uint32_t) {
  const double attempts = options.number("attempts_max");
  if (attempts == std::floor(attempts) && attempts >= 1 && attempts <= 1'000'000) return {};
  return OptionProblem{
      "attempts_max", fmt::format("expected a whole number from 1 to 1000000, found {}", attempts)};
}

DualWriteServer::DualWriteServer(const ProtocolOptions& options)
    : retry_until_success_(options.choice("retry") == "until_success"),
      attempts_max_(static_cast<std::uint32_t>(options.number("attempts_max"))),
      store_timeout_(options.duration("store_timeout")),
      log_(Durability::write, /*retry_failed_fsync=*/false, /*group_commit=*/false) {}

void DualWriteServer::on_start(sim::Context& ctx) {
  const auto servers = ctx.servers();
  is_application_ = ctx.self() == servers[0];
  store_a_ = servers[1];
  store_b_ = servers[2];
  if (is_application_) return;
  recovering_ = true;
  ctx.spawn(recover(ctx));
}

void DualWriteServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (!is_application_) {
    on_store_message(ctx, envelope);
  } else if (const auto* request = envelope.as<ClientRequest>()) {
    on_client(ctx, *request, envelope.reply_address());
  }
}

// The application.

void DualWriteServer::on_client(sim::Context& ctx, const ClientRequest& request,
                                sim::ReplyAddress client) {
  switch (request.kind) {
    case OperationKind::get:
      ctx.spawn(get(ctx, request.key, client));
      return;
    case OperationKind::put:
      ctx.spawn(put(ctx, request, client));
      return;
    case OperationKind::cas:  // two stores cannot compare and set as one
    case OperationKind::add:  // nor add to the same sum
      ctx.reply(client, ClientReply{.status = ReplyStatus::refused});
      return;
  }
}

sim::Task<> DualWriteServer::get(sim::Context& ctx, std::uint64_t key, sim::ReplyAddress client) {
  const auto read = co_await ctx.call<StoreReadReply>(store_a_, StoreRead{key}, store_timeout_);
  if (!read) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::error});
    co_return;
  }
  ctx.reply(client, ClientReply{.found = read->found, .value = read->value});
}

sim::Task<> DualWriteServer::put(sim::Context& ctx, ClientRequest request,
                                 sim::ReplyAddress client) {
  const StoreWrite write{request.key, request.value};
  const WriteOutcome to_a = co_await write_to(ctx, store_a_, write);
  if (to_a != WriteOutcome::written) {  // B is not tried: a failed A write changed nothing
    const bool certain = to_a == WriteOutcome::failed;
    ctx.reply(client, ClientReply{.status = certain ? ReplyStatus::refused : ReplyStatus::error});
    co_return;
  }
  // From here on A has the value, whatever happens to B.
  const WriteOutcome to_b = co_await write_to(ctx, store_b_, write);
  const bool both = to_b == WriteOutcome::written;
  ctx.reply(client, ClientReply{.status = both ? ReplyStatus::ok : ReplyStatus::error});
}

sim::Task<DualWriteServer::WriteOutcome> DualWriteServer::write_to(sim::Context& ctx,
                                                                   sim::NodeId store,
                                                                   StoreWrite write) {
  const std::uint32_t attempts = retry_until_success_ ? attempts_max_ : 1;
  // Failed only if every attempt was answered "not written"; one silence makes it unknown.
  WriteOutcome outcome = WriteOutcome::failed;
  for (std::uint32_t attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) co_await ctx.sleep_for(store_timeout_);
    const auto reply = co_await ctx.call<StoreWriteReply>(store, write, store_timeout_);
    if (reply && reply->written) co_return WriteOutcome::written;
    if (!reply) outcome = WriteOutcome::unknown;
  }
  co_return outcome;
}

// A store.

sim::Task<> DualWriteServer::recover(sim::Context& ctx) {
  auto recovered = co_await log_.recover(ctx);
  if (!recovered) co_return;  // cannot know its own contents: stays silent
  store_.restore(std::move(*recovered));
  recovering_ = false;
}

void DualWriteServer::on_store_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (recovering_) return;  // the application times out
  if (const auto* read = envelope.as<StoreRead>()) {
    const auto value = store_.read(read->key);
    ctx.reply(envelope.reply_address(),
              StoreReadReply{.found = value.has_value(), .value = value.value_or(0)});
  } else if (const auto* write = envelope.as<StoreWrite>()) {
    ctx.spawn(store_write(ctx, *write, envelope.reply_address()));
  }
}

sim::Task<> DualWriteServer::store_write(sim::Context& ctx, StoreWrite write,
                                         sim::ReplyAddress application) {
  const bool persisted = co_await log_.persist(ctx, write.key, write.value);
  if (persisted) store_.overwrite(write.key, write.value);
  ctx.reply(application, StoreWriteReply{.written = persisted});
}

}  // namespace scar::nodes
