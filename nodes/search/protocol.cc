#include "nodes/search/protocol.h"

#include <fmt/format.h>

#include <cmath>

#include "nodes/search/search_node.h"

namespace scar::nodes::search {

std::vector<OptionSpec> search_options() {
  return {{"wait",
           OptionType::choice,
           "all",
           {"all", "deadline"},
           "all: answer when every shard answered (error at shard_timeout); deadline: answer "
           "at `deadline` (or sooner, when all answered) with the shards that answered"},
          {"shard_timeout",
           OptionType::duration,
           "1s",
           {},
           "wait=all: how long the root waits for the last shard before answering error"},
          {"deadline",
           OptionType::duration,
           "20ms",
           {},
           "wait=deadline: when the root answers with what it has"},
          {"shards_min",
           OptionType::number,
           "1",
           {},
           "wait=deadline: the fewest answering shards that make an ok reply"},
          {"shard_work",
           OptionType::duration,
           "0s",
           {},
           "a shard's time per query after its cpu, on its own clock (queries overlap)"}};
}

std::optional<OptionProblem> search_option_problem(const ProtocolOptions& options,
                                                   std::uint32_t nodes) {
  const double shards_min = options.number("shards_min");
  const std::uint32_t shards = nodes - 1;
  if (shards_min == std::floor(shards_min) && shards_min >= 1 && shards_min <= shards) {
    return std::nullopt;
  }
  return OptionProblem{"shards_min",
                       fmt::format("expected a whole number from 1 to {} (the shards), found {}",
                                   shards, shards_min)};
}

namespace {

sim::NodeId route_to_root(OperationKind, std::uint64_t, std::span<const sim::NodeId> servers) {
  return servers.front();
}

}  // namespace

Protocol search_protocol() {
  return Protocol{
      .name = "search",
      .summary =
          "A root (n1) fans each query (get) out to the shards (n2..nN) and merges: "
          "wait=all answers when the slowest shard has; wait=deadline answers at "
          "`deadline` with the shards that answered (ok with at least shards_min).",
      .options = search_options(),
      .operations = {OperationKind::get},
      .nodes_min = 2,
      .nodes_max = 1'000,
      .roles = {"root", "shard"},
      .option_problem = search_option_problem,
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<SearchNode>(options); },
      .make_router = [](const ProtocolOptions&) -> Router { return route_to_root; },
      .metrics = {{"shard_requests", "shards the root asked: the shards times the queries"},
                  {"shard_answers", "shards that answered a query in time"}}};
}

}  // namespace scar::nodes::search
