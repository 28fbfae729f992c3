#include "nodes/lock/worker.h"

#include <algorithm>
#include <string>

#include "nodes/lock/layout.h"

namespace scar::nodes::lock {

Worker::Worker(sim::Duration lease, sim::Duration work)
    : lease_duration_(lease), work_(work), storage_timeout_(lease / 4) {}

void Worker::on_start(sim::Context& ctx) {
  service_ = ctx.servers()[service_index];
  storage_ = ctx.servers()[storage_index];
}

void Worker::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  const ClientRequest* request = envelope.as<ClientRequest>();
  if (request == nullptr) return;
  switch (request->kind) {
    case OperationKind::get:
      ctx.spawn(read(ctx, request->key, envelope.reply_address()));
      return;
    case OperationKind::put:
      on_put(ctx, *request, envelope.reply_address());
      return;
    default:  // the protocol declares get and put only
      ctx.reply(envelope.reply_address(), ClientReply{.status = ReplyStatus::refused});
  }
}

void Worker::on_put(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client) {
  if (may_write(ctx)) {
    ctx.spawn(write(ctx, request, client, lease_->token));
    return;
  }
  if (waiting_puts_.size() >= waiting_puts_max) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::refused});
    return;
  }
  waiting_puts_.push_back({request, client});
  if (!acquiring_) ctx.spawn(acquire(ctx));
}

// Asks for the lease on behalf of every put waiting, then starts them (or refuses them).
sim::Task<> Worker::acquire(sim::Context& ctx) {
  acquiring_ = true;
  if (writes_in_flight_ == 0) give_back(ctx);  // a lease it may no longer use: let it go now
  const sim::Time asked = ctx.now();
  // Each worker ahead in the queue holds the lease at most one lease; a quarter lease more is
  // for the reply.
  const sim::Duration wait_max = lease_duration_ * worker_count(ctx.servers());
  const auto grant = co_await ctx.call<Grant>(service_, Acquire{.wait_max = wait_max},
                                              wait_max + storage_timeout_);
  acquiring_ = false;
  // The lease began no earlier than `waited` after the request left: it ends no earlier than
  // that plus the lease (on clocks that do not drift apart).
  if (grant && grant->granted) take_lease(ctx, grant->token, asked + grant->waited + grant->lease);
  start_waiting_puts(ctx);
}

void Worker::take_lease(sim::Context& ctx, std::uint64_t token, sim::Time lease_end) {
  if (lease_) ctx.cancel_timer(lease_->timer);
  const sim::Time usable_until = lease_end - work_ - storage_timeout_;
  const sim::Duration until = std::max(sim::Duration{0}, usable_until - ctx.now());
  lease_ = HeldLease{token, usable_until, ctx.set_timer(until)};
  ctx.trace("holds the lease with token " + std::to_string(token));
}

void Worker::give_back(sim::Context& ctx) {
  if (!lease_) return;
  ctx.cancel_timer(lease_->timer);
  ctx.send(service_, Release{.token = lease_->token});
  lease_.reset();
}

void Worker::start_waiting_puts(sim::Context& ctx) {
  while (!waiting_puts_.empty()) {
    const WaitingPut put = waiting_puts_.front();
    waiting_puts_.pop_front();
    if (may_write(ctx)) {
      ctx.spawn(write(ctx, put.request, put.client, lease_->token));
    } else {
      ctx.reply(put.client, ClientReply{.status = ReplyStatus::refused});
    }
  }
  if (writes_in_flight_ == 0 && !may_write(ctx)) give_back(ctx);  // granted too late to use
}

// The lease may no longer start writes: give it back once the last one is done.
void Worker::on_timer(sim::Context& ctx, sim::TimerId timer) {
  if (!lease_ || lease_->timer != timer) return;
  if (writes_in_flight_ == 0) give_back(ctx);
}

sim::Task<> Worker::write(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client,
                          std::uint64_t token) {
  ++writes_in_flight_;
  co_await ctx.sleep_for(work_);  // the critical section: a pause here outlives the lease
  const auto stored = co_await ctx.call<StorageWriteReply>(
      storage_, StorageWrite{request.key, request.value, token}, storage_timeout_);
  --writes_in_flight_;
  const ReplyStatus status = !stored            ? ReplyStatus::error
                             : stored->accepted ? ReplyStatus::ok
                                                : ReplyStatus::refused;
  ctx.reply(client, ClientReply{.status = status});
  if (writes_in_flight_ == 0 && !may_write(ctx)) give_back(ctx);
}

sim::Task<> Worker::read(sim::Context& ctx, std::uint64_t key, sim::ReplyAddress client) {
  const auto stored =
      co_await ctx.call<StorageReadReply>(storage_, StorageRead{.key = key}, storage_timeout_);
  if (!stored) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::error});
    co_return;
  }
  ctx.reply(client, ClientReply{.found = stored->found, .value = stored->value});
}

}  // namespace scar::nodes::lock
