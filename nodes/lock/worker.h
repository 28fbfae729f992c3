// A worker of the `lock` protocol (nodes n3 and later): serves clients' gets and puts on the
// storage, and takes the lock for every write, as the client in Kleppmann's "How to do
// distributed locking" does.
//
// A put needs the lease. A worker that holds one it may still use writes at once; otherwise
// the put waits while the worker asks the lock service (one request at a time, for all the
// puts waiting, willing to wait one lease for each worker). A write is a critical section: the
// worker checks its lease, spends `work` preparing the write (reading, computing: the time a real
// holder spends holding the lock), then sends it to the storage with the lease's token and waits at
// most a quarter lease for the answer.
//
// The worker is careful by its own lights: the lease counts from when it asked plus the time
// the request waited at the service (the service started it later than that), and it starts a
// write only if the write is done or given up before the lease ends on its own clock. It keeps the
// lease for later puts while it may use it, then gives it back once its last write is done. What no
// check can close is a pause (or a clock jump, or a slow network) between the check and the write
// landing: the worker wakes, its write goes out with the old token, and the lease may long since be
// someone else's. Only the storage can refuse it (`fencing`).
//
// Role "holder" from a grant until it gives the lease back (what it believes, not what the
// service granted), else "worker". Gets read the storage without the lock. Volatile: a crash
// forgets the lease; the service's clock ends it.
//
// Replies: a put the worker could not get the lease for is `refused` (nothing was written);
// one the storage fenced off is `refused`; one whose write got no answer is `error` (it may
// have landed).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

#include "nodes/client_protocol.h"
#include "nodes/lock/messages.h"
#include "sim/context.h"

namespace scar::nodes::lock {

class Worker final : public sim::Node {
 public:
  static constexpr std::size_t waiting_puts_max = 10'000;

  Worker(sim::Duration lease, sim::Duration work);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  void on_timer(sim::Context& ctx, sim::TimerId timer) override;
  std::string_view role() const override { return lease_ ? "holder" : "worker"; }

 private:
  struct HeldLease {
    std::uint64_t token;
    sim::Time usable_until;  // the worker's clock: the last moment a write may start
    sim::TimerId timer;      // fires at usable_until
  };
  struct WaitingPut {
    ClientRequest request;
    sim::ReplyAddress client;
  };

  void on_put(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  bool may_write(const sim::Context& ctx) const {
    return lease_ && ctx.now() <= lease_->usable_until;
  }
  sim::Task<> acquire(sim::Context& ctx);
  void take_lease(sim::Context& ctx, std::uint64_t token, sim::Time lease_end);
  void give_back(sim::Context& ctx);
  void start_waiting_puts(sim::Context& ctx);
  sim::Task<> write(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client,
                    std::uint64_t token);
  sim::Task<> read(sim::Context& ctx, std::uint64_t key, sim::ReplyAddress client);

  sim::Duration lease_duration_;
  sim::Duration work_;
  sim::Duration storage_timeout_;  // a quarter lease
  sim::NodeId service_{};
  sim::NodeId storage_{};
  std::optional<HeldLease> lease_;
  bool acquiring_ = false;
  std::deque<WaitingPut> waiting_puts_;
  std::size_t writes_in_flight_ = 0;
};

}  // namespace scar::nodes::lock
