#include "nodes/cache/protocol.h"

#include <fmt/format.h>

#include <cmath>

#include "nodes/cache/cache_node.h"

namespace scar::nodes::cache {

std::vector<OptionSpec> cache_options() {
  return {{"ttl", OptionType::duration, "1s", {}, "how long a cached record is served"},
          {"coalescing",
           OptionType::boolean,
           "false",
           {},
           "one database read per record in flight; other misses of it wait for that read "
           "(false: every miss reads the database)"},
          {"writes",
           OptionType::choice,
           "invalidate",
           {"invalidate", "write_back"},
           "a put: set the field in the database, then drop the cached record; or set it in "
           "the cached copy and write the whole record back (loses concurrent updates)"},
          {"fields",
           OptionType::number,
           "4",
           {},
           "fields per record: key k is field k mod fields of record k / fields"},
          {"db_latency",
           OptionType::duration,
           "1ms",
           {},
           "the database's time per request; one request at a time, the rest queue"},
          {"db_timeout",
           OptionType::duration,
           "1s",
           {},
           "how long the cache waits for the database before answering error"}};
}

std::optional<OptionProblem> cache_option_problem(const ProtocolOptions& options, std::uint32_t) {
  const double fields = options.number("fields");
  if (fields == std::floor(fields) && fields >= 1 && fields <= 64) return std::nullopt;
  return OptionProblem{"fields",
                       fmt::format("expected a whole number from 1 to 64, found {}", fields)};
}

namespace {

sim::NodeId route_to_cache(OperationKind, std::uint64_t, std::span<const sim::NodeId> servers) {
  return servers.front();
}

}  // namespace

Protocol cache_protocol() {
  return Protocol{
      .name = "cache",
      .summary =
          "A cache (n1) in front of a database (n2) with one worker: gets hit or fill "
          "with a TTL, misses coalesced or not; puts invalidate, or write the cached "
          "record back whole (writes=write_back: concurrent updates get lost).",
      .options = cache_options(),
      .operations = {OperationKind::get, OperationKind::put},
      .nodes_min = 2,
      .nodes_max = 2,
      .roles = {"cache", "database"},
      .option_problem = cache_option_problem,
      .make_server =
          [](const ProtocolOptions& options) { return std::make_unique<CacheNode>(options); },
      .make_router = [](const ProtocolOptions&) -> Router { return route_to_cache; },
      .metrics = {{"db_reads", "record reads the database served"},
                  {"db_writes", "writes (a field or a whole record) the database served"},
                  {"cache_hits", "look-ups the cache answered from a fresh entry"},
                  {"cache_misses", "look-ups that needed the database (expired or absent)"}}};
}

}  // namespace scar::nodes::cache
