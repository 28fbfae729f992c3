#include "nodes/migration/migration_client.h"

#include <charconv>
#include <string_view>

#include "nodes/migration/rollout.h"

namespace scar::nodes::migration {

bool MigrationClient::outdated(const sim::Context& ctx) const {
  const std::string_view name = ctx.name();  // "c<number>"
  std::uint32_t number = 0;
  std::from_chars(name.data() + 1, name.data() + name.size(), number);
  return number >= 1 && number <= outdated_clients_;
}

sim::Task<sim::CallResult<ClientReply>> MigrationClient::attempt(sim::Context& ctx,
                                                                 sim::NodeId target,
                                                                 ClientRequest request,
                                                                 sim::Duration timeout) {
  if (!direct_) co_return co_await ctx.call<ClientReply>(target, request, timeout);
  const Stores stores = stores_of(ctx);
  if (outdated(ctx)) co_return co_await ctx.call<ClientReply>(stores.old_store, request, timeout);
  if (request.kind == OperationKind::put)
    co_return co_await write_all(ctx, stores, request, timeout);
  const sim::NodeId serving = serve_from_new(ctx, false) ? stores.new_store : stores.old_store;
  co_return co_await ctx.call<ClientReply>(serving, request, timeout);
}

}  // namespace scar::nodes::migration
