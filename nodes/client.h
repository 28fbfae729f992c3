// A client: a virtual node that generates the workload and measures what users see.
//
// Open loop: operations start on a schedule (Poisson or evenly spaced at the client's
// share of the total rate, which may change at the workload's rate changes) whether or not
// earlier ones returned, and latency counts from the scheduled time. Closed loop:
// `concurrency` operations outstanding, each started when the previous one ended (plus think
// time), latency from the actual start. Each attempt waits at most `timeout`; a failed or
// timed-out attempt is retried as the retry policy allows. Operations start only before
// `workload_end`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <unordered_map>

#include "nodes/client_logic.h"
#include "nodes/operation.h"
#include "nodes/router.h"
#include "nodes/workload.h"
#include "sim/context.h"
#include "sim/distribution.h"

namespace scar::nodes {

struct ClientSetup {
  WorkloadOptions workload;
  std::uint32_t index = 0;  // 0-based, among clients
  sim::Time workload_end{};
  Router route;
  OperationSink* sink = nullptr;  // not owned; outlives the run
  std::uint64_t seed = 0;         // for the client's workload streams
  // The protocol's own client logic (client_logic.h); null: one ClientRequest per attempt.
  std::unique_ptr<ClientLogic> logic;
};

class Client final : public sim::Node {
 public:
  explicit Client(ClientSetup setup);

  void on_start(sim::Context& ctx) override;
  void on_timer(sim::Context& ctx, sim::TimerId timer) override;
  std::string_view role() const override { return "client"; }

 private:
  sim::Task<> closed_loop(sim::Context& ctx);
  sim::Task<> run(sim::Context& ctx, Operation operation);
  Operation next_operation(sim::Time invoked);
  // Takes in one attempt's reply; true when the operation is done (succeeded).
  bool take_reply(Operation& operation, const sim::CallResult<ClientReply>& reply);
  sim::Duration next_gap();
  void schedule_arrival(sim::Context& ctx);
  // Sets the gap for the rate in force at `start` and the first arrival from `start` on.
  void start_arrivals_at(sim::Time start);

  ClientSetup setup_;
  sim::Random arrivals_;
  sim::Random keys_;
  sim::Random backoff_;
  std::optional<sim::Zipf> zipf_;
  sim::Duration mean_gap_{};  // open: at the rate in force now
  sim::Time next_arrival_{};
  std::uint64_t next_id_ = 1;
  // The value this client last saw at each key it touched (null: the key held nothing),
  // what its next cas on the key expects. Looked up only, never iterated.
  std::unordered_map<std::uint64_t, std::optional<std::uint64_t>> last_seen_;
  bool sends_cas_ = false;  // the mix has cas: only then is last_seen_ kept
};

}  // namespace scar::nodes
