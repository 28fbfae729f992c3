// A `service-chain` server: one hop of frontend -> backend -> database (chain_settings.h says
// which servers are which). Every hop serves a ChainRequest the same way:
//
// 1. Admission. A request joins the hop's queue unless the hop already holds queue_max
//    requests admitted and unanswered; then it is refused at once (shed=queue_full|both:
//    `shed_queue_full`) or dropped without an answer, as a full socket backlog drops it, so
//    the caller learns only from its timeout (`dropped_queue_full`).
// 2. Work. The node's one worker serves the queue in order, `<hop>_work` per request. With
//    shed=deadline|both a request whose deadline passed while it waited is answered
//    deadline_expired without the work (`shed_deadline`): nobody waits for its answer.
// 3. Downstream (frontends and backends). The hop calls a server of the next hop (the key's
//    server in the pool; a retry goes to the next one) with `timeout` per attempt and retries
//    a refusal, failure or timeout as `retry` allows: immediately, or after an exponential
//    backoff with full jitter, within `retry_attempts`, and, with a retry budget, only while
//    the hop's retries stay within retry_budget of its requests (`retries_over_budget`).
//    A database answers after its work.
//
// Deadlines (propagate_deadline): a request carries its caller's remaining time; the hop's
// deadline is its arrival plus that. The hop passes the remainder downstream, caps each
// attempt's timeout and backoff by it, and gives up once it has passed, answering
// deadline_expired (`deadline_expired`). Without deadlines a hop works on for a caller that
// has long given up: the queued dead work that keeps an overloaded chain overloaded.
//
// State is volatile (a crash loses the queue and the calls in flight); nothing is stored:
// the database answers every get with "not found", since the point is load, not data.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string_view>
#include <vector>

#include "nodes/service_chain/chain_settings.h"
#include "nodes/service_chain/messages.h"
#include "nodes/service_chain/retry_budget.h"
#include "sim/context.h"

namespace scar::nodes::service_chain {

class ChainNode final : public sim::Node {
 public:
  explicit ChainNode(const ChainSettings& settings);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  void on_timer(sim::Context& ctx, sim::TimerId timer) override;
  std::string_view role() const override;

 private:
  struct Admitted {
    ClientRequest request;
    std::optional<sim::Time> deadline;  // on this node's clock
    sim::ReplyAddress caller;
  };

  void admit(sim::Context& ctx, Admitted admitted);
  void start_work(sim::Context& ctx);
  sim::Task<> call_downstream(sim::Context& ctx, Admitted admitted);
  // Whether another downstream attempt may follow `attempts_made` failed ones (policy,
  // attempts, budget); counts what the budget refuses.
  bool may_retry(sim::Context& ctx, std::uint32_t attempts_made);
  void answer(sim::Context& ctx, const Admitted& admitted, ChainOutcome outcome,
              ClientReply reply = {});
  static bool expired(sim::Context& ctx, const Admitted& admitted);

  ChainSettings settings_;
  RetryBudget budget_;
  Hop hop_ = Hop::frontend;
  std::vector<sim::NodeId> downstream_;  // the next hop's servers; none for a database
  std::size_t admitted_ = 0;             // admitted, not yet answered
  std::deque<Admitted> waiting_;         // admitted, waiting for the worker
  std::optional<Admitted> in_work_;
};

}  // namespace scar::nodes::service_chain
