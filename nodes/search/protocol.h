// `search`: a root (n1) fans each query (a get) out to the shards (n2..nN) and merges their
// answers, waiting for all of them or answering at a deadline with what it has. What a query
// does in each mode: search_node.h. Counters: shard_requests and shard_answers (at the root).
#pragma once

#include "nodes/protocols.h"

namespace scar::nodes::search {

std::vector<OptionSpec> search_options();
// `shards_min` must be a whole number from 1 to the number of shards (nodes - 1).
std::optional<OptionProblem> search_option_problem(const ProtocolOptions& options,
                                                   std::uint32_t nodes);
Protocol search_protocol();

}  // namespace scar::nodes::search
