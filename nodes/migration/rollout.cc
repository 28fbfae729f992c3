#include "nodes/migration/rollout.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::nodes::migration {

Stores stores_of(const sim::Context& ctx) {
  const auto servers = ctx.servers();
  SCAR_ASSERT(servers.size() == 3);
  return {servers[1], servers[2]};
}

bool old_retired(const sim::Context& ctx) { return ctx.flag(retire_old_flag) > 0; }

std::vector<sim::NodeId> write_targets(const sim::Context& ctx, const Stores& stores) {
  if (old_retired(ctx)) return {stores.new_store};
  if (ctx.flag(dual_write_flag) > 0) return {stores.old_store, stores.new_store};
  return {stores.old_store};
}

bool serve_from_new(sim::Context& ctx, bool rolled_back) {
  if (old_retired(ctx)) return true;
  return !rolled_back && ctx.random().chance(ctx.flag(read_new_flag));
}

sim::Task<sim::CallResult<ClientReply>> write_all(sim::Context& ctx,
                                                  std::vector<sim::NodeId> targets,
                                                  ClientRequest request, sim::Duration timeout) {
  const auto results = co_await ctx.call_all<ClientReply>(targets, request, timeout);
  const auto has = [&](ReplyStatus status) {
    return [status](const sim::CallResult<ClientReply>& result) {
      return result.ok() && result->status == status;
    };
  };
  ReplyStatus status = ReplyStatus::error;
  if (std::all_of(results.begin(), results.end(), has(ReplyStatus::ok))) status = ReplyStatus::ok;
  if (std::all_of(results.begin(), results.end(), has(ReplyStatus::refused)))
    status = ReplyStatus::refused;
  co_return sim::CallResult<ClientReply>(sim::CallStatus::ok, ClientReply{.status = status});
}

ClientReply reply_of(const sim::CallResult<ClientReply>& result) {
  if (!result) return ClientReply{.status = ReplyStatus::error};
  return *result;
}

}  // namespace scar::nodes::migration
