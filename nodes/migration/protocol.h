// `migration`: an old store (n2) being replaced by a new one (n3) behind a service (n1),
// steered by feature flags the scenario changes over time (`flag` events): dual writes,
// shadow reads compared, a ramp of real reads to the new store, rollback by hand or
// automatic, and the old store's retirement. The flags and the routing: rollout.h; the
// service: service.h; the stores and the new store's bug: store.h; clients that skip the
// service (access=direct): migration_client.h. Counters: reads_new, reads_old,
// shadow_reads, shadow_mismatches, rollbacks (all counted by the service).
#pragma once

#include "nodes/protocols.h"

namespace scar::nodes::migration {

std::vector<OptionSpec> migration_options();
// new_bug from 0 to 1; rollback_after a whole number >= 1; outdated_clients a whole number.
std::optional<OptionProblem> migration_option_problem(const ProtocolOptions& options,
                                                      std::uint32_t nodes);
Protocol migration_protocol();

}  // namespace scar::nodes::migration
