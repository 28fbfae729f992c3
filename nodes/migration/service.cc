#include "nodes/migration/service.h"

#include <array>

namespace scar::nodes::migration {

void Service::on_request(sim::Context& ctx, const ClientRequest& request,
                         sim::ReplyAddress client) {
  switch (request.kind) {
    case OperationKind::get:
      ctx.spawn(get(ctx, request, client));
      return;
    case OperationKind::put:
      ctx.spawn(put(ctx, request, client));
      return;
    case OperationKind::cas:
    case OperationKind::add:
      ctx.reply(client, ClientReply{.status = ReplyStatus::refused});
      return;
  }
}

sim::Task<> Service::put(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client) {
  const auto written = co_await write_all(ctx, stores_of(ctx), request, options_.store_timeout);
  ctx.reply(client, reply_of(written));
}

sim::Task<> Service::get(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client) {
  notice_manual_rollback(ctx);
  const Stores stores = stores_of(ctx);
  const bool from_new = serve_from_new(ctx, rolled_back_);
  ctx.count(from_new ? "reads_new" : "reads_old");
  const sim::NodeId serving = from_new ? stores.new_store : stores.old_store;
  const bool shadow = !old_retired(ctx) && ctx.random().chance(ctx.flag(shadow_read_flag));
  if (!shadow) {
    const auto served = co_await ctx.call<ClientReply>(serving, request, options_.store_timeout);
    ctx.reply(client, reply_of(served));
    co_return;
  }
  const std::array<sim::NodeId, 2> both = {serving, from_new ? stores.old_store : stores.new_store};
  const auto answers = co_await ctx.call_all<ClientReply>(both, request, options_.store_timeout);
  ctx.reply(client, reply_of(answers[0]));
  compare(ctx, answers[0], answers[1]);
}

void Service::compare(sim::Context& ctx, const sim::CallResult<ClientReply>& served,
                      const sim::CallResult<ClientReply>& shadow) {
  if (!served || !shadow) return;  // a store did not answer: nothing to compare
  ctx.count("shadow_reads");
  const bool same = served->status == shadow->status && served->found == shadow->found &&
                    served->value == shadow->value;
  if (same) return;
  ctx.count("shadow_mismatches");
  ++mismatches_;
  if (options_.auto_rollback && !rolled_back_ && mismatches_ >= options_.rollback_after) {
    rolled_back_ = true;
    ctx.count("rollbacks");
    ctx.trace("rolled back: the new store's reads are off");
  }
}

void Service::notice_manual_rollback(sim::Context& ctx) {
  const double read_new = ctx.flag(read_new_flag);
  if (read_new_seen_ > 0 && read_new == 0 && !rolled_back_) ctx.count("rollbacks");
  read_new_seen_ = read_new;
}

}  // namespace scar::nodes::migration
