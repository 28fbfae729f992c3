// The `migration` protocol's client logic. With access=service a client sends each request
// to the service (n1) and knows nothing of the stores. With access=direct it reaches the
// stores itself, as clients of a shared database do: each client carries its own copy of
// the routing (rollout.h), and only the clients that were updated for the migration read
// the flags. Clients c1..c<outdated_clients> were not: they send every request to the old
// store, whatever the flags say (so their puts never reach the new store, and once the old
// store is retired they are refused). Direct clients do no shadow reads and no rollback.
#pragma once

#include <cstdint>

#include "nodes/client_logic.h"

namespace scar::nodes::migration {

class MigrationClient final : public ClientLogic {
 public:
  MigrationClient(bool direct, std::uint32_t outdated_clients)
      : direct_(direct), outdated_clients_(outdated_clients) {}

  sim::Task<sim::CallResult<ClientReply>> attempt(sim::Context& ctx, sim::NodeId target,
                                                  ClientRequest request,
                                                  sim::Duration timeout) override;

 private:
  // This client is one of c1..c<outdated_clients>.
  bool outdated(const sim::Context& ctx) const;

  bool direct_;
  std::uint32_t outdated_clients_;
};

}  // namespace scar::nodes::migration
