#include "nodes/client.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "sim/assert.h"

namespace scar::nodes {
namespace {

std::string stream_name(std::uint32_t index, const char* purpose) {
  return "workload/c" + std::to_string(index + 1) + "/" + purpose;
}

// Unique over the run, and the same for every attempt of the operation.
std::uint64_t request_id_of(const Operation& operation) {
  return (std::uint64_t{operation.client + 1} << 40) | operation.id;
}

}  // namespace

Client::Client(ClientSetup setup)
    : setup_(std::move(setup)),
      arrivals_(setup_.seed, stream_name(setup_.index, "arrivals")),
      keys_(setup_.seed, stream_name(setup_.index, "keys")),
      backoff_(setup_.seed, stream_name(setup_.index, "backoff")) {
  SCAR_ASSERT(setup_.sink != nullptr);
  const WorkloadOptions& workload = setup_.workload;
  sends_cas_ = std::any_of(workload.mix.begin(), workload.mix.end(),
                           [](const MixEntry& entry) { return entry.kind == OperationKind::cas; });
  if (workload.keys == KeyDistribution::zipf)
    zipf_.emplace(workload.key_count, workload.zipf_exponent);
  if (workload.mode == LoadMode::open) {
    SCAR_ASSERT(workload.rate_per_second > 0);
    for (const RateChange& change : workload.rate_changes) SCAR_ASSERT(change.rate_per_second > 0);
  }
}

void Client::on_start(sim::Context& ctx) {
  const WorkloadOptions& workload = setup_.workload;
  if (workload.mode == LoadMode::closed) {
    for (std::uint32_t i = 0; i < workload.concurrency; ++i) ctx.spawn(closed_loop(ctx));
    return;
  }
  start_arrivals_at(ctx.now());
  schedule_arrival(ctx);
}

void Client::start_arrivals_at(sim::Time start) {
  const WorkloadOptions& workload = setup_.workload;
  const double client_rate = workload.rate_at(start - sim::time_zero) / workload.clients;
  mean_gap_ = sim::Duration{std::llround(1e9 / client_rate)};
  // Evenly spaced arrivals are staggered across clients so the total is evenly spaced.
  next_arrival_ = start;
  if (workload.arrival == Arrival::constant) {
    next_arrival_ += mean_gap_ * setup_.index / workload.clients;
  } else {
    next_arrival_ += next_gap();
  }
}

sim::Duration Client::next_gap() {
  if (setup_.workload.arrival == Arrival::constant) return mean_gap_;
  return sim::Distribution::exponential(mean_gap_).sample(arrivals_);
}

void Client::schedule_arrival(sim::Context& ctx) {
  if (next_arrival_ >= setup_.workload_end) return;
  ctx.set_timer(std::max(sim::Duration{0}, next_arrival_ - ctx.now()));
}

void Client::on_timer(sim::Context& ctx, sim::TimerId) {
  // A late timer (the client was paused) still starts the operation it was due for, at
  // its scheduled time: the schedule does not slip, so the wait shows in the latency.
  ctx.spawn(run(ctx, next_operation(next_arrival_)));
  const sim::Time previous = next_arrival_;
  next_arrival_ += next_gap();
  // A rate change before the next arrival restarts the schedule there at the new rate (a
  // Poisson stream is memoryless, so restarting it keeps it Poisson).
  if (const auto change = setup_.workload.rate_change_in(previous - sim::time_zero,
                                                         next_arrival_ - sim::time_zero)) {
    start_arrivals_at(sim::time_zero + *change);
  }
  schedule_arrival(ctx);
}

sim::Task<> Client::closed_loop(sim::Context& ctx) {
  while (ctx.now() < setup_.workload_end) {
    co_await run(ctx, next_operation(ctx.now()));
    if (setup_.workload.think > sim::Duration{0}) co_await ctx.sleep_for(setup_.workload.think);
  }
}

Operation Client::next_operation(sim::Time invoked) {
  const WorkloadOptions& workload = setup_.workload;
  Operation operation;
  operation.id = next_id_++;
  operation.client = setup_.index;
  operation.invoked = invoked;
  const double u = keys_.next_unit();
  double cumulative = 0;
  operation.kind = workload.mix.back().kind;
  for (const MixEntry& entry : workload.mix) {
    cumulative += entry.weight;
    if (u < cumulative) {
      operation.kind = entry.kind;
      break;
    }
  }
  operation.key = zipf_ ? zipf_->sample(keys_) - 1 : keys_.next_below(workload.key_count);
  // Every value ever written is distinct: client number in the high bits, then a counter.
  // An add increments by one, so a counter's value is how many adds it has applied.
  if (operation.kind == OperationKind::add) {
    operation.value = 1;
  } else if (operation.kind != OperationKind::get) {
    operation.value = request_id_of(operation);
  }
  // A cas expects what this client last saw at the key (nothing, if it saw nothing).
  if (operation.kind == OperationKind::cas) {
    if (const auto seen = last_seen_.find(operation.key); seen != last_seen_.end())
      operation.expected = seen->second;
  }
  return operation;
}

bool Client::take_reply(Operation& operation, const sim::CallResult<ClientReply>& reply) {
  if (!reply || reply->status == ReplyStatus::error) {
    // Lost, late, or failed in a way the server cannot vouch for: it may have happened.
    operation.indeterminate = true;
    operation.outcome =
        reply.status() == sim::CallStatus::timeout ? Outcome::timeout : Outcome::error;
    return false;
  }
  if (reply->status != ReplyStatus::ok) {  // refused or not_leader: certainly not done
    operation.outcome = Outcome::error;
    return false;
  }
  operation.outcome = Outcome::ok;
  std::optional<std::uint64_t> now_holds;
  if (reply->found) now_holds = reply->value;
  if (operation.kind == OperationKind::get || operation.kind == OperationKind::add)
    operation.read = now_holds;
  if (operation.kind == OperationKind::cas) operation.cas_applied = reply->applied;
  if (sends_cas_) {
    const bool wrote = operation.kind == OperationKind::put || operation.cas_applied;
    last_seen_[operation.key] = wrote ? std::optional(operation.value) : now_holds;
  }
  return true;
}

sim::Task<> Client::run(sim::Context& ctx, Operation operation) {
  setup_.sink->invoked(operation);
  sim::NodeId target = setup_.route(operation.kind, operation.key, ctx.servers());
  const ClientRequest request{operation.kind,
                              operation.key,
                              operation.value,
                              operation.expected.value_or(0),
                              operation.expected.has_value(),
                              request_id_of(operation)};
  std::size_t redirects = 0;
  while (true) {
    ++operation.attempts;
    sim::CallResult<ClientReply> reply(sim::CallStatus::timeout, std::nullopt);
    for (bool redirected = true; redirected;) {
      if (setup_.logic) {
        reply = co_await setup_.logic->attempt(ctx, target, request, setup_.workload.timeout);
      } else {
        reply = co_await ctx.call<ClientReply>(target, request, setup_.workload.timeout);
      }
      // `not_leader` names the server to ask: a redirect, followed at once and not counted
      // as a retry; bounded, so hints that go round in circles end as a failed attempt.
      redirected = reply && reply->status == ReplyStatus::not_leader &&
                   redirects < ctx.servers().size() && sim::NodeId{reply->leader_hint} != target;
      if (redirected) {
        ++redirects;
        target = sim::NodeId{reply->leader_hint};
      }
    }
    if (take_reply(operation, reply)) break;
    if (reply && reply->status == ReplyStatus::not_leader) target = sim::NodeId{reply->leader_hint};
    if (!setup_.workload.retry.allows_another(operation.attempts)) break;
    const sim::Duration wait = setup_.workload.retry.backoff(operation.attempts, backoff_);
    if (wait > sim::Duration{0}) co_await ctx.sleep_for(wait);
  }
  operation.completed = ctx.now();
  setup_.sink->completed(operation);
}

}  // namespace scar::nodes
