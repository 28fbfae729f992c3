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

sim::Task<sim::CallResult<ClientReply>> write_all(sim::Context& ctx, Stores stores,
                                                  ClientRequest request, sim::Duration timeout) {
  const std::vector<sim::NodeId> targets = write_targets(ctx, stores);
  const auto results = co_await ctx.call_all<ClientReply>(targets, request, timeout);
  std::vector<ReplyStatus> answers;  // ok, refused, or error for no answer
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const ReplyStatus status = results[i] ? results[i]->status : ReplyStatus::error;
    const bool retired_meanwhile = targets[i] == stores.old_store && old_retired(ctx) &&
                                   status == ReplyStatus::refused && targets.size() > 1;
    if (!retired_meanwhile) answers.push_back(status);
  }
  const auto all = [&](ReplyStatus status) {
    return std::all_of(answers.begin(), answers.end(),
                       [status](ReplyStatus answer) { return answer == status; });
  };
  const ReplyStatus status = all(ReplyStatus::ok)        ? ReplyStatus::ok
                             : all(ReplyStatus::refused) ? ReplyStatus::refused
                                                         : ReplyStatus::error;
  co_return sim::CallResult<ClientReply>(sim::CallStatus::ok, ClientReply{.status = status});
}

ClientReply reply_of(const sim::CallResult<ClientReply>& result) {
  if (!result) return ClientReply{.status = ReplyStatus::error};
  return *result;
}

}  // namespace scar::nodes::migration
