// The `service-chain` protocol's settings: how many servers each hop has, what each hop's
// work costs, and how every hop treats load: its queue bound, what it sheds, how it calls
// the next hop (timeout, retries, retry budget) and whether deadlines travel with requests.
// The load settings are one value applied to every hop, so a lesson's fix is one switch;
// only the work differs per hop (the database is typically the slow one).
//
// They map one-to-one onto `cluster.options` (chain_options() declares them with their
// defaults); chain_option_problem checks what a single option cannot.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "nodes/protocol_options.h"
#include "nodes/workload.h"
#include "sim/time.h"

namespace scar::nodes::service_chain {

enum class Hop : std::uint8_t { frontend, backend, database };

struct ChainSettings {
  // Servers per hop, in hop order: n1..n<frontends> are the frontends, then the backends,
  // then the databases. Whole numbers >= 1 that add up to cluster.nodes.
  std::uint32_t frontends = 1;
  std::uint32_t backends = 1;
  std::uint32_t databases = 1;
  // A hop's own work per request, served one request at a time by the node's worker.
  sim::Duration frontend_work{};
  sim::Duration backend_work{};
  sim::Duration database_work{};
  // Requests a hop holds admitted and not yet answered (waiting for its worker, in work, or
  // waiting for the next hop); 0: unbounded, so only the run's operation limit bounds it
  // (the mistake the backpressure lesson shows).
  std::size_t queue_max = 0;
  bool shed_queue_full = false;  // over queue_max: refuse at once (else: drop, no answer)
  bool shed_deadline = false;    // skip the work of a request whose deadline has passed
  bool propagate_deadline = false;
  sim::Duration timeout{};  // per downstream attempt (capped by the deadline, when known)
  RetryOptions retry;       // downstream retries: none, immediate, or backoff with full jitter
  double retry_budget = 0;  // retries at most this fraction of requests; 0: no budget
  sim::Duration retry_budget_window{};

  static ChainSettings from(const ProtocolOptions& options);
  sim::Duration work_of(Hop hop) const;
};

std::vector<OptionSpec> chain_options();
// The pool sizes must be whole numbers >= 1 adding up to the cluster's nodes, and shedding by
// deadline needs deadlines (propagate_deadline).
std::optional<OptionProblem> chain_option_problem(const ProtocolOptions& options,
                                                  std::uint32_t nodes);

}  // namespace scar::nodes::service_chain
