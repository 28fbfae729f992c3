#include "nodes/service_chain/chain_node.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::nodes::service_chain {

ChainNode::ChainNode(const ChainSettings& settings)
    : settings_(settings), budget_(settings.retry_budget, settings.retry_budget_window) {}

void ChainNode::on_start(sim::Context& ctx) {
  const auto servers = ctx.servers();
  SCAR_ASSERT(servers.size() == settings_.frontends + settings_.backends + settings_.databases);
  const std::size_t index = sim::index_of(ctx.self());
  const std::size_t backends_begin = settings_.frontends;
  const std::size_t databases_begin = backends_begin + settings_.backends;
  if (index < backends_begin) {
    hop_ = Hop::frontend;
    downstream_.assign(servers.begin() + backends_begin, servers.begin() + databases_begin);
  } else if (index < databases_begin) {
    hop_ = Hop::backend;
    downstream_.assign(servers.begin() + databases_begin, servers.end());
  } else {
    hop_ = Hop::database;
  }
}

std::string_view ChainNode::role() const {
  switch (hop_) {
    case Hop::frontend:
      return "frontend";
    case Hop::backend:
      return "backend";
    case Hop::database:
      return "database";
  }
  return "?";
}

void ChainNode::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  const auto* request = envelope.as<ChainRequest>();
  if (request == nullptr) return;
  std::optional<sim::Time> deadline;
  if (request->remaining) deadline = ctx.now() + *request->remaining;
  admit(ctx, Admitted{request->request, deadline, envelope.reply_address()});
}

void ChainNode::admit(sim::Context& ctx, Admitted admitted) {
  if (settings_.queue_max > 0 && admitted_ >= settings_.queue_max) {
    if (settings_.shed_queue_full) {
      ctx.count("shed_queue_full");
      ctx.reply(admitted.caller, ChainReply{.outcome = ChainOutcome::refused});
    } else {
      ctx.count("dropped_queue_full");
    }
    return;
  }
  ++admitted_;
  ctx.count("admitted");
  waiting_.push_back(std::move(admitted));
  start_work(ctx);
}

void ChainNode::start_work(sim::Context& ctx) {
  while (!in_work_ && !waiting_.empty()) {
    Admitted next = std::move(waiting_.front());
    waiting_.pop_front();
    if (settings_.shed_deadline && expired(ctx, next)) {
      ctx.count("shed_deadline");
      answer(ctx, next, ChainOutcome::deadline_expired);
      continue;
    }
    in_work_ = std::move(next);
    ctx.set_timer(settings_.work_of(hop_));
  }
}

// The worker's only timer: the request in work is done.
void ChainNode::on_timer(sim::Context& ctx, sim::TimerId) {
  SCAR_ASSERT(in_work_.has_value());
  Admitted done = std::move(*in_work_);
  in_work_.reset();
  ctx.count("work_done");
  if (hop_ == Hop::database) {
    answer(ctx, done, ChainOutcome::ok, ClientReply{.status = ReplyStatus::ok, .found = false});
  } else {
    ctx.spawn(call_downstream(ctx, std::move(done)));
  }
  start_work(ctx);
}

sim::Task<> ChainNode::call_downstream(sim::Context& ctx, Admitted admitted) {
  if (settings_.retry_budget > 0) budget_.record_request(ctx.now());
  for (std::uint32_t attempt = 1; !expired(ctx, admitted); ++attempt) {
    // The attempt's deadline is the sooner of the request's and the attempt's timeout, and it
    // is what travels: once this hop stops waiting, the next one should stop working.
    sim::Duration timeout = settings_.timeout;
    if (admitted.deadline) timeout = std::min(timeout, *admitted.deadline - ctx.now());
    std::optional<sim::Duration> remaining;
    if (admitted.deadline) remaining = timeout;
    // A retry goes to the next server of the pool: the first may be the sick one.
    const sim::NodeId target =
        downstream_[(admitted.request.key + attempt - 1) % downstream_.size()];
    const auto result =
        co_await ctx.call<ChainReply>(target, ChainRequest{admitted.request, remaining}, timeout);
    if (result && result->outcome == ChainOutcome::ok) {
      answer(ctx, admitted, ChainOutcome::ok, result->reply);
      co_return;
    }
    if (!result) ctx.count("downstream_timeouts");
    // A refusal, a failure, a timeout or downstream's deadline_expired (the attempt's time ran
    // out, perhaps with the request's left) are all failed attempts.
    if (expired(ctx, admitted) || !may_retry(ctx, attempt)) break;
    ctx.count("retries");
    sim::Duration wait = settings_.retry.backoff(attempt, ctx.random());
    if (admitted.deadline)
      wait = std::min(wait, std::max(sim::Duration{0}, *admitted.deadline - ctx.now()));
    if (wait > sim::Duration{0}) co_await ctx.sleep_for(wait);
  }
  const bool gave_up_at_deadline = admitted.deadline && expired(ctx, admitted);
  ctx.count(gave_up_at_deadline ? "deadline_expired" : "failed");
  answer(ctx, admitted,
         gave_up_at_deadline ? ChainOutcome::deadline_expired : ChainOutcome::failed);
}

bool ChainNode::may_retry(sim::Context& ctx, std::uint32_t attempts_made) {
  if (!settings_.retry.allows_another(attempts_made)) return false;
  if (settings_.retry_budget > 0 && !budget_.try_retry(ctx.now())) {
    ctx.count("retries_over_budget");
    return false;
  }
  return true;
}

void ChainNode::answer(sim::Context& ctx, const Admitted& admitted, ChainOutcome outcome,
                       ClientReply reply) {
  SCAR_ASSERT(admitted_ > 0);
  --admitted_;
  ctx.reply(admitted.caller, ChainReply{.outcome = outcome, .reply = reply});
}

bool ChainNode::expired(sim::Context& ctx, const Admitted& admitted) {
  return admitted.deadline && ctx.now() >= *admitted.deadline;
}

}  // namespace scar::nodes::service_chain
