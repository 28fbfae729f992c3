// The `migration` protocol's service (n1): the one thing clients talk to when access is
// `service`. It owns the migration: the flags (rollout.h) decide where each request goes,
// so the stores can change behind it without any client changing.
//
// put: to the stores write_targets names, in parallel; ok when all acknowledged (write_all,
// rollout.h, says exactly).
// get: served by the new store with probability read_new (rollout.h), else the old one.
// With probability shadow_read (while the old store is up) the other store is read too,
// in parallel, and the two answers compared: a different status, or a different value, is
// a mismatch (counted: shadow_reads, shadow_mismatches). The client gets the serving
// store's answer once both answered (or timed out): a shadow read costs the slower of two.
// A get racing a dual write can mismatch too, without any bug: hence a threshold.
//
// Rollback: with `auto_rollback`, the service turns the new read path off itself after
// `rollback_after` mismatches: from then on every get is served by the old store,
// whatever read_new says (a kill switch that stays thrown). A scenario may also roll back
// by setting read_new to 0; the service counts either as one of `rollbacks` (the manual
// one when a get first sees read_new back at 0). Counters: reads_new, reads_old.
//
// Volatile: a crash forgets a thrown kill switch and the mismatches seen.
#pragma once

#include <cstdint>

#include "nodes/client_protocol.h"
#include "nodes/migration/rollout.h"
#include "sim/context.h"

namespace scar::nodes::migration {

struct ServiceOptions {
  sim::Duration store_timeout{};  // each call to a store
  bool auto_rollback = false;
  std::int64_t rollback_after = 3;  // mismatches; >= 1
};

class Service {
 public:
  explicit Service(ServiceOptions options) : options_(options) {}

  void on_request(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);

  bool rolled_back() const { return rolled_back_; }

 private:
  sim::Task<> put(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client);
  sim::Task<> get(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client);
  void compare(sim::Context& ctx, const sim::CallResult<ClientReply>& served,
               const sim::CallResult<ClientReply>& shadow);
  void notice_manual_rollback(sim::Context& ctx);

  ServiceOptions options_;
  bool rolled_back_ = false;
  std::int64_t mismatches_ = 0;
  double read_new_seen_ = 0;  // read_new as the last get saw it
};

}  // namespace scar::nodes::migration
