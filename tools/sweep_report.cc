#include "tools/sweep_report.h"

#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <type_traits>

#include "sim/time.h"

namespace scar::tools {
namespace {

using Json = nlohmann::ordered_json;

constexpr int sweep_version = 1;
constexpr std::size_t seeds_listed_max = 20;

std::string hex(std::uint64_t value) { return fmt::format("{:016x}", value); }

std::string seed_list(const std::vector<std::uint64_t>& seeds) {
  const std::size_t listed = std::min(seeds.size(), seeds_listed_max);
  std::string text = fmt::format(
      "{}", fmt::join(seeds.begin(), seeds.begin() + static_cast<std::ptrdiff_t>(listed), " "));
  if (listed < seeds.size()) text += fmt::format(" and {} more", seeds.size() - listed);
  return text;
}

std::string plural(std::uint64_t count, const char* noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

std::string duration_text(std::int64_t ns) { return sim::format_duration(sim::Duration{ns}); }

std::string spread_table(const std::vector<OperationSpread>& spreads) {
  std::string text = "\neach run's latency p99, across seeds:\n";
  text += fmt::format("{:<12} {:>7} {:>9} {:>9} {:>9} {:>9}  {}\n", "operation", "seeds", "p50",
                      "p90", "p99", "worst", "(seed)");
  for (const OperationSpread& spread : spreads) {
    text += fmt::format("{:<12} {:>7} {:>9} {:>9} {:>9} {:>9}  (seed {})\n", spread.operation,
                        spread.seeds, duration_text(spread.p50_ns), duration_text(spread.p90_ns),
                        duration_text(spread.p99_ns), duration_text(spread.worst_ns),
                        spread.worst_seed);
  }
  return text;
}

Json run_json(const SeedOutcome& run) {
  Json latency = Json::object();
  for (const auto& [operation, p99] : run.latency_p99_ns) {
    latency[operation] = p99 ? Json(*p99) : Json(nullptr);
  }
  Json json = {{"seed", run.seed}, {"exit", run.exit}, {"failed", run.failed}};
  if (!run.error.empty()) json["error"] = run.error;
  json["trace_hash"] = run.trace_hash ? Json(hex(*run.trace_hash)) : Json(nullptr);
  json["latency_p99_ns"] = std::move(latency);
  return json;
}

Json group_json(const SweepIdentity& identity, const FailureGroup& group) {
  return {{"failed", group.failed},
          {"count", group.seeds.size()},
          {"seeds", group.seeds},
          {"replay", replay_command(identity, group.seeds.front())}};
}

Json spread_json(const std::vector<OperationSpread>& spreads) {
  Json json = Json::object();
  for (const OperationSpread& spread : spreads) {
    json[spread.operation] = {{"seeds", spread.seeds},    {"p50", spread.p50_ns},
                              {"p90", spread.p90_ns},     {"p99", spread.p99_ns},
                              {"worst", spread.worst_ns}, {"worst_seed", spread.worst_seed}};
  }
  return json;
}

// An array one element per line, the rest of the document compact.
std::string lines(const Json& array) {
  if (array.empty()) return "[]";
  std::string text = "[";
  for (std::size_t i = 0; i < array.size(); ++i)
    text += (i == 0 ? "\n    " : ",\n    ") + array[i].dump();
  return text + "\n  ]";
}

// Reading: nlohmann's exceptions (a missing key, a wrong type) end the parse; their text
// names the key or the type.

// An integer field; never a float (whose conversion could overflow) nor, for an unsigned
// T, a negative number.
template <class T>
T integer(const nlohmann::json& json, const char* key) {
  const nlohmann::json& value = json.at(key);
  const bool fits = std::is_signed_v<T> ? value.is_number_integer() : value.is_number_unsigned();
  if (!fits)
    throw std::invalid_argument(fmt::format("{}: expected {}integer, found {}", key,
                                            std::is_signed_v<T> ? "an " : "a non-negative ",
                                            value.dump()));
  return value.get<T>();
}

SeedOutcome read_run(const nlohmann::json& json) {
  SeedOutcome run;
  run.seed = integer<std::uint64_t>(json, "seed");
  const std::int64_t exit = integer<std::int64_t>(json, "exit");
  const bool known_exit = exit == 0 || exit == 1 || exit == 3 || exit == 70;
  if (!known_exit)
    throw std::invalid_argument(
        fmt::format("seed {}: exit {}, not one of 0 1 3 70", run.seed, exit));
  run.exit = static_cast<int>(exit);
  run.failed = json.at("failed").get<std::vector<std::string>>();
  if (json.contains("error")) run.error = json.at("error").get<std::string>();
  if (const auto& hash = json.at("trace_hash"); !hash.is_null()) {
    const std::string digits = hash.get<std::string>();
    std::uint64_t value = 0;
    const auto [end, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
    if (digits.size() != 16 || error != std::errc{} || end != digits.data() + digits.size())
      throw std::invalid_argument(
          fmt::format("seed {}: trace_hash \"{}\" is not 16 hex digits", run.seed, digits));
    run.trace_hash = value;
  }
  for (const auto& [operation, p99] : json.at("latency_p99_ns").items()) {
    run.latency_p99_ns.emplace_back(
        operation, p99.is_null() ? std::nullopt
                                 : std::optional(integer<std::int64_t>(json.at("latency_p99_ns"),
                                                                       operation.c_str())));
  }
  if (run.passed() != run.failed.empty())
    throw std::invalid_argument(fmt::format("seed {}: exit {} with failed {}", run.seed, run.exit,
                                            json.at("failed").dump()));
  return run;
}

SweepSummary read_summary(const nlohmann::json& json) {
  if (json.at("sweep_version") != sweep_version)
    throw std::invalid_argument(fmt::format("sweep_version {}, expected {}",
                                            json.at("sweep_version").dump(), sweep_version));
  SweepSummary summary;
  SweepIdentity& identity = summary.identity;
  identity.scenario = json.at("scenario").get<std::string>();
  identity.file = json.at("file").get<std::string>();
  identity.scenario_hash = json.at("scenario_hash").get<std::string>();
  identity.overrides = json.at("overrides").get<std::vector<std::string>>();
  const std::string range = fmt::format("{}..{}", integer<std::uint64_t>(json.at("seeds"), "first"),
                                        integer<std::uint64_t>(json.at("seeds"), "last"));
  const auto seeds = parse_seed_range(range);
  if (!seeds) throw std::invalid_argument(fmt::format("seeds {}: not a sweep's range", range));
  identity.seeds = *seeds;
  if (const auto& shard = json.at("shard"); !shard.is_null()) {
    const std::string text = fmt::format("{}/{}", integer<std::uint64_t>(shard, "index"),
                                         integer<std::uint64_t>(shard, "count"));
    summary.shard = parse_shard(text);
    if (!summary.shard) throw std::invalid_argument(fmt::format("shard {}: not a shard", text));
  }
  const std::vector<std::uint64_t> expected =
      shard_seeds(identity.seeds, summary.shard.value_or(Shard{}));
  for (const auto& entry : json.at("runs")) summary.runs.push_back(read_run(entry));
  for (std::size_t i = 0; i < summary.runs.size(); ++i) {
    if (i >= expected.size() || summary.runs[i].seed != expected[i])
      throw std::invalid_argument(
          fmt::format("runs: seed {} is out of place (not ascending, or not of this shard)",
                      summary.runs[i].seed));
  }
  if (summary.runs.size() != expected.size())
    throw std::invalid_argument(
        fmt::format("runs: {} of the shard's {} seeds", summary.runs.size(), expected.size()));
  return summary;
}

}  // namespace

std::string to_text(const SweepSummary& summary) {
  const SweepIdentity& identity = summary.identity;
  std::string text = fmt::format("sweep of {} ({}), seeds {}..{}\n", identity.file,
                                 identity.scenario, identity.seeds.first, identity.seeds.last);
  if (!identity.overrides.empty())
    text += fmt::format("overrides: {}\n", fmt::join(identity.overrides, "  "));
  if (summary.shard) {
    text += fmt::format("shard {}/{}: {} of the {}\n", summary.shard->index, summary.shard->count,
                        plural(summary.runs.size(), "seed"), identity.seeds.count());
  }
  const std::uint64_t failed = summary.failed_count();
  text += fmt::format("{}: {} passed, {} failed\n", plural(summary.runs.size(), "seed"),
                      summary.runs.size() - failed, failed);
  for (const FailureGroup& group : failure_groups(summary.runs)) {
    text += fmt::format("\nfailed {} ({})\n  seeds {}\n  replay: {}\n",
                        fmt::join(group.failed, "; "), plural(group.seeds.size(), "seed"),
                        seed_list(group.seeds), replay_command(identity, group.seeds.front()));
  }
  const std::vector<OperationSpread> spreads = latency_p99_spread(summary.runs);
  if (!spreads.empty()) text += spread_table(spreads);
  return text;
}

std::string to_json(const SweepSummary& summary) {
  const SweepIdentity& identity = summary.identity;
  Json runs = Json::array();
  for (const SeedOutcome& run : summary.runs) runs.push_back(run_json(run));
  Json groups = Json::array();
  for (const FailureGroup& group : failure_groups(summary.runs))
    groups.push_back(group_json(identity, group));
  const Json shard = summary.shard
                         ? Json{{"index", summary.shard->index}, {"count", summary.shard->count}}
                         : Json(nullptr);
  const std::uint64_t failed = summary.failed_count();
  const std::pair<const char*, std::string> fields[] = {
      {"sweep_version", Json(sweep_version).dump()},
      {"scenario", Json(identity.scenario).dump()},
      {"file", Json(identity.file).dump()},
      {"scenario_hash", Json(identity.scenario_hash).dump()},
      {"overrides", Json(identity.overrides).dump()},
      {"seeds", Json{{"first", identity.seeds.first}, {"last", identity.seeds.last}}.dump()},
      {"shard", shard.dump()},
      {"passed", Json(summary.runs.size() - failed).dump()},
      {"failed", Json(failed).dump()},
      {"runs", lines(runs)},
      {"groups", lines(groups)},
      {"latency_p99_ns", spread_json(latency_p99_spread(summary.runs)).dump()}};
  std::string text = "{";
  for (const auto& [key, value] : fields) {
    text += fmt::format("{}\n  \"{}\": {}", key == fields[0].first ? "" : ",", key, value);
  }
  return text + "\n}\n";
}

std::variant<SweepSummary, std::string> parse_sweep_json(std::string_view text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return std::string("not JSON");
  try {
    return read_summary(json);
  } catch (const nlohmann::json::exception& error) {
    std::string message = error.what();  // "[json.exception.type_error.302] type must be ..."
    if (const std::size_t bracket = message.find("] "); bracket != std::string::npos)
      message.erase(0, bracket + 2);
    return "not a sweep summary (scar sweep --json): " + message;
  } catch (const std::invalid_argument& error) {
    return std::string(error.what());
  }
}

}  // namespace scar::tools
