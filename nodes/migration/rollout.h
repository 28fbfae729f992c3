// The `migration` protocol's flags, and what a request does under them: the one place
// that says it, shared by the service (service.h) and by clients that reach the stores
// directly (migration_client.h).
//
// The servers: n1 the service, n2 the old store, n3 the new store. The flags (read with
// Context::flag, 0 until the scenario sets them; a switch is on when above 0):
//   dual_write   switch: puts go to both stores (else to the old store only)
//   read_new     fraction of gets served by the new store (the rest by the old)
//   shadow_read  fraction of gets also sent to the other store and compared (service only)
//   retire_old   switch: the old store is turned off: it refuses every request, puts go
//                to the new store only, every get is served by it
// Nothing is backfilled: a scenario that reads the new store turns dual_write on from the
// start (the stores start empty), so the new store has every value the old one has.
#pragma once

#include <string_view>
#include <vector>

#include "nodes/client_protocol.h"
#include "sim/call.h"
#include "sim/context.h"
#include "sim/task.h"

namespace scar::nodes::migration {

inline constexpr std::string_view dual_write_flag = "dual_write";
inline constexpr std::string_view read_new_flag = "read_new";
inline constexpr std::string_view shadow_read_flag = "shadow_read";
inline constexpr std::string_view retire_old_flag = "retire_old";

struct Stores {
  sim::NodeId old_store;
  sim::NodeId new_store;
};

// n2 and n3. REQUIRES: three servers.
Stores stores_of(const sim::Context& ctx);

bool old_retired(const sim::Context& ctx);

// Where a put goes now: the old store unless retired; the new one too when dual writing,
// or alone once the old store is retired.
std::vector<sim::NodeId> write_targets(const sim::Context& ctx, const Stores& stores);

// Whether this get is served by the new store: always once the old store is retired;
// otherwise with probability read_new (a draw from the node's stream), or never when
// `rolled_back` (the service turned the new path off).
bool serve_from_new(sim::Context& ctx, bool rolled_back);

// A put sent to the stores write_targets names, in parallel, each call bounded by
// `timeout`: ok when every store acknowledged; refused when every store refused (nothing
// was written); otherwise error (some store may have applied it). A refusal from the old
// store that is retired by the time the answers are in does not count: a put sent just
// before the retirement reaches a store that no longer matters.
sim::Task<sim::CallResult<ClientReply>> write_all(sim::Context& ctx, Stores stores,
                                                  ClientRequest request, sim::Duration timeout);

// A call's outcome as the reply to give a client: an unanswered call is an error (its
// fate is unknown).
ClientReply reply_of(const sim::CallResult<ClientReply>& result);

}  // namespace scar::nodes::migration
