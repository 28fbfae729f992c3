// `cache`: a cache (n1) in front of a database (n2); clients send every request to the
// cache. What a get and a put do in each mode: cache_node.h. The database: database.h.
// Keys are fields of records (record.h). Counters: db_reads and db_writes (served by the
// database), cache_hits and cache_misses (gets, and write_back puts' look-ups, at the cache).
#pragma once

#include "nodes/protocols.h"

namespace scar::nodes::cache {

std::vector<OptionSpec> cache_options();
// `fields` must be a whole number from 1 to 64.
std::optional<OptionProblem> cache_option_problem(const ProtocolOptions& options,
                                                  std::uint32_t nodes);
Protocol cache_protocol();

}  // namespace scar::nodes::cache
