#include "nodes/service_chain/chain_client.h"

#include "nodes/service_chain/messages.h"

namespace scar::nodes::service_chain {
namespace {

ClientReply client_reply_of(const ChainReply& reply) {
  switch (reply.outcome) {
    case ChainOutcome::ok:
      return reply.reply;
    case ChainOutcome::refused:
      return ClientReply{.status = ReplyStatus::refused};
    case ChainOutcome::deadline_expired:
    case ChainOutcome::failed:
      break;
  }
  return ClientReply{.status = ReplyStatus::error};
}

}  // namespace

sim::Task<sim::CallResult<ClientReply>> ChainClient::attempt(sim::Context& ctx, sim::NodeId target,
                                                             ClientRequest request,
                                                             sim::Duration timeout) {
  std::optional<sim::Duration> remaining;
  if (propagate_deadline_) remaining = timeout;
  const auto result =
      co_await ctx.call<ChainReply>(target, ChainRequest{request, remaining}, timeout);
  if (!result) co_return sim::CallResult<ClientReply>(result.status(), std::nullopt);
  co_return sim::CallResult<ClientReply>(sim::CallStatus::ok, client_reply_of(*result));
}

}  // namespace scar::nodes::service_chain
