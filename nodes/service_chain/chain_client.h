// The `service-chain` client's side of an attempt: one ChainRequest to a frontend, carrying
// the attempt's timeout as the time remaining when deadlines are propagated, and the chain's
// answer turned into a ClientReply: ok as the database answered; refused (shed) as certainly
// not done; deadline_expired and failed as errors. No answer is a timeout, as for any call.
#pragma once

#include "nodes/client_logic.h"

namespace scar::nodes::service_chain {

class ChainClient final : public ClientLogic {
 public:
  explicit ChainClient(bool propagate_deadline) : propagate_deadline_(propagate_deadline) {}

  sim::Task<sim::CallResult<ClientReply>> attempt(sim::Context& ctx, sim::NodeId target,
                                                  ClientRequest request,
                                                  sim::Duration timeout) override;

 private:
  bool propagate_deadline_;
};

}  // namespace scar::nodes::service_chain
