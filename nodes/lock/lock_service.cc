#include "nodes/lock/lock_service.h"

#include <string>

namespace scar::nodes::lock {

void LockService::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (const auto* acquire = envelope.as<Acquire>()) {
    on_acquire(ctx, *acquire, envelope.reply_address());
  } else if (const auto* release = envelope.as<Release>()) {
    on_release(ctx, *release);
  }
}

void LockService::on_acquire(sim::Context& ctx, const Acquire& acquire, sim::ReplyAddress worker) {
  const Waiter waiter{worker, ctx.now(), ctx.now() + acquire.wait_max};
  if (waiters_.empty() && free_at(ctx.now())) {
    grant(ctx, waiter);
    return;
  }
  if (waiters_.size() >= waiters_max) {
    ctx.reply(worker, Grant{.granted = false});
    return;
  }
  waiters_.push_back(waiter);
  // A queue behind a lease that already expired (nobody asked since) moves at once.
  grant_next(ctx);
}

void LockService::on_release(sim::Context& ctx, const Release& release) {
  if (!lease_held_ || lease_held_->token != release.token) return;  // an older lease: over
  ctx.cancel_timer(lease_held_->timer);
  lease_held_.reset();
  grant_next(ctx);
}

// The lease's timer: it fires when the lease ends on the service's clock (a clock set back
// meanwhile makes it early: it waits again for the rest).
void LockService::on_timer(sim::Context& ctx, sim::TimerId timer) {
  if (!lease_held_ || lease_held_->timer != timer) return;
  if (!free_at(ctx.now())) {
    lease_held_->timer = ctx.set_timer(lease_held_->expiry - ctx.now());
    return;
  }
  lease_held_.reset();
  grant_next(ctx);
}

void LockService::grant_next(sim::Context& ctx) {
  if (!free_at(ctx.now())) return;
  while (!waiters_.empty() && waiters_.front().deadline < ctx.now()) waiters_.pop_front();
  if (waiters_.empty()) return;
  const Waiter next = waiters_.front();
  waiters_.pop_front();
  grant(ctx, next);
}

void LockService::grant(sim::Context& ctx, const Waiter& waiter) {
  if (lease_held_) ctx.cancel_timer(lease_held_->timer);  // it expired: nothing to wait for
  lease_held_ = Lease{++last_token_, ctx.now() + lease_, ctx.set_timer(lease_)};
  ctx.reply(waiter.worker, Grant{.granted = true,
                                 .token = last_token_,
                                 .lease = lease_,
                                 .waited = ctx.now() - waiter.arrived});
  ctx.trace("granted the lease to " + std::string(ctx.name_of(waiter.worker.to)) + " with token " +
            std::to_string(last_token_));
}

}  // namespace scar::nodes::lock
