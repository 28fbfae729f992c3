// The lock service (`lock` protocol, node n1): grants a lease of `lease` duration to one
// worker at a time, each grant with a token one larger than the last.
//
// The service keeps time by its own clock only. It grants the lease to the next worker once
// the current lease has expired on that clock, or its holder released it; until then
// requests wait in arrival order (at most `waiters_max`; each at most the `wait_max` its
// request names, after which it is dropped and the worker's call times out or has already).
// A lease may be granted to a worker that asks while it still holds one: the new grant
// queues behind the others like any request, so no worker can keep the lock forever.
//
// What the service cannot know, and the lesson is about: whether the holder still believes
// it holds the lease after it expired here (a paused or slow holder, a clock that jumped).
// Volatile: a crash forgets the holder and the last token, so a restarted service grants at
// once and counts tokens from 1 again (durable state is not needed for the lesson; with
// fencing, the storage then refuses the new, lower tokens: safe, and unavailable).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "nodes/lock/messages.h"
#include "sim/context.h"

namespace scar::nodes::lock {

class LockService final : public sim::Node {
 public:
  static constexpr std::size_t waiters_max = 1'000;

  explicit LockService(sim::Duration lease) : lease_(lease) {}

  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  void on_timer(sim::Context& ctx, sim::TimerId timer) override;
  std::string_view role() const override { return "lock-service"; }

 private:
  struct Lease {
    std::uint64_t token;
    sim::Time expiry;    // the service's clock
    sim::TimerId timer;  // fires at expiry
  };
  struct Waiter {
    sim::ReplyAddress worker;
    sim::Time arrived;   // the service's clock
    sim::Time deadline;  // the service's clock
  };

  void on_acquire(sim::Context& ctx, const Acquire& acquire, sim::ReplyAddress worker);
  void on_release(sim::Context& ctx, const Release& release);
  bool free_at(sim::Time now) const { return !lease_held_ || now >= lease_held_->expiry; }
  void grant_next(sim::Context& ctx);
  void grant(sim::Context& ctx, const Waiter& waiter);

  sim::Duration lease_;
  std::uint64_t last_token_ = 0;
  std::optional<Lease> lease_held_;
  std::deque<Waiter> waiters_;
};

}  // namespace scar::nodes::lock
