#include "nodes/service_chain/protocol.h"

#include "nodes/service_chain/chain_client.h"
#include "nodes/service_chain/chain_node.h"
#include "nodes/service_chain/chain_settings.h"

namespace scar::nodes::service_chain {
namespace {

// Each key has its frontend; the frontends are the first servers.
Router route_to_frontends(const ProtocolOptions& options) {
  const auto frontends = static_cast<std::size_t>(options.number("frontends"));
  return [frontends](OperationKind, std::uint64_t key, std::span<const sim::NodeId> servers) {
    return servers[key % frontends];
  };
}

}  // namespace

Protocol service_chain_protocol() {
  return Protocol{
      .name = "service-chain",
      .summary =
          "frontend -> backend -> database (pools n1.. in that order), one worker and a "
          "queue per server; every hop's queue bound, shedding, downstream timeout, "
          "retries (immediate, backoff, budget) and deadline propagation are options.",
      .options = chain_options(),
      .operations = {OperationKind::get},
      .nodes_min = 3,
      .nodes_max = 1'000,
      .roles = {"frontend", "backend", "database"},
      .option_problem = chain_option_problem,
      .make_server =
          [](const ProtocolOptions& options) {
            return std::make_unique<ChainNode>(ChainSettings::from(options));
          },
      .make_router = route_to_frontends,
      .make_client_logic = [](const ProtocolOptions& options) -> std::unique_ptr<ClientLogic> {
        return std::make_unique<ChainClient>(options.boolean("propagate_deadline"));
      },
      .metrics = {{"admitted", "requests a hop took into its queue"},
                  {"shed_queue_full", "requests refused at once: the hop's queue was full"},
                  {"dropped_queue_full", "requests dropped unanswered: the hop's queue was full"},
                  {"shed_deadline", "queued requests dropped before any work: deadline passed"},
                  {"deadline_expired", "requests a hop gave up on once their deadline passed"},
                  {"work_done", "requests a hop's worker served (useful or not)"},
                  {"downstream_timeouts", "downstream attempts that got no answer in time"},
                  {"retries", "downstream attempts after the first"},
                  {"retries_over_budget", "retries the retry budget refused"},
                  {"failed", "requests answered failed: no downstream attempt succeeded"}}};
}

}  // namespace scar::nodes::service_chain
