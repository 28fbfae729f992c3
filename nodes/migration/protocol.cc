#include "nodes/migration/protocol.h"

#include <fmt/format.h>

#include <cmath>

#include "nodes/migration/migration_client.h"
#include "nodes/migration/migration_node.h"

namespace scar::nodes::migration {

std::vector<OptionSpec> migration_options() {
  return {{"access",
           OptionType::choice,
           "service",
           {"service", "direct"},
           "clients talk to the service (n1) only; or reach the stores themselves, each with "
           "its own copy of the routing"},
          {"outdated_clients",
           OptionType::number,
           "0",
           {},
           "access=direct: clients c1..cK were not updated for the migration and use the old "
           "store only"},
          {"new_bug",
           OptionType::number,
           "0",
           {},
           "fraction of keys (0 to 1) whose gets the new store fails with an error"},
          {"auto_rollback",
           OptionType::boolean,
           "false",
           {},
           "the service turns the new read path off after rollback_after shadow mismatches"},
          {"rollback_after",
           OptionType::number,
           "3",
           {},
           "shadow mismatches that make auto_rollback roll back"},
          {"store_timeout",
           OptionType::duration,
           "100ms",
           {},
           "how long the service waits for a store before answering error"}};
}

namespace {

std::optional<OptionProblem> whole_number_problem(const ProtocolOptions& options,
                                                  const std::string& name, double min) {
  const double value = options.number(name);
  if (value == std::floor(value) && value >= min && value <= 1e9) return std::nullopt;
  return OptionProblem{name,
                       fmt::format("expected a whole number from {} to 1e9, found {}", min, value)};
}

sim::NodeId route_to_service(OperationKind, std::uint64_t, std::span<const sim::NodeId> servers) {
  return servers.front();
}

}  // namespace

std::optional<OptionProblem> migration_option_problem(const ProtocolOptions& options,
                                                      std::uint32_t) {
  const double new_bug = options.number("new_bug");
  if (!(new_bug >= 0 && new_bug <= 1)) {
    return OptionProblem{"new_bug",
                         fmt::format("expected a fraction from 0 to 1, found {}", new_bug)};
  }
  if (auto problem = whole_number_problem(options, "rollback_after", 1)) return problem;
  return whole_number_problem(options, "outdated_clients", 0);
}

Protocol migration_protocol() {
  return Protocol{
      .name = "migration",
      .summary =
          "An old store (n2) replaced by a new one (n3) behind a service (n1), steered by "
          "flags: dual_write, shadow_read (compare), read_new (ramp), retire_old; rollback by "
          "flag or auto_rollback. new_bug breaks the new store for some keys; access=direct "
          "has clients reach the stores themselves.",
      .options = migration_options(),
      .operations = {OperationKind::get, OperationKind::put},
      .nodes_min = 3,
      .nodes_max = 3,
      .roles = {"service", "old_store", "new_store"},
      .option_problem = migration_option_problem,
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<MigrationNode>(options); },
      .make_router = [](const ProtocolOptions&) -> Router { return route_to_service; },
      .make_client_logic = [](const ProtocolOptions& options) -> std::unique_ptr<ClientLogic> {
        return std::make_unique<MigrationClient>(
            options.choice("access") == "direct",
            static_cast<std::uint32_t>(options.number("outdated_clients")));
      },
      .metrics = {{"reads_new", "gets the service served from the new store"},
                  {"reads_old", "gets the service served from the old store"},
                  {"shadow_reads", "gets read from both stores and compared"},
                  {"shadow_mismatches", "shadow reads whose two answers differed"},
                  {"rollbacks", "times the new read path was turned off (auto or by flag)"}}};
}

}  // namespace scar::nodes::migration
