#include "tools/sweep_summary.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "tools/describe.h"
#include "tools/scenario.h"

namespace scar::tools {
namespace {

// Digits only, within uint64.
std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The nearest-rank percentile of ascending `values`, the quantile in thousandths.
// REQUIRES: values not empty.
std::int64_t nearest_rank(const std::vector<std::int64_t>& values, std::uint64_t permille) {
  const std::uint64_t rank = std::max<std::uint64_t>(1, (permille * values.size() + 999) / 1000);
  return values[rank - 1];
}

}  // namespace

std::optional<SeedRange> parse_seed_range(std::string_view text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) return std::nullopt;
  const auto first = parse_unsigned(text.substr(0, dots));
  const auto last = parse_unsigned(text.substr(dots + 2));
  if (!first || !last || *last < *first || *last - *first >= SeedRange::seeds_max)
    return std::nullopt;
  return SeedRange{*first, *last};
}

std::optional<Shard> parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto index = parse_unsigned(text.substr(0, slash));
  const auto count = parse_unsigned(text.substr(slash + 1));
  if (!index || !count || *index < 1 || *index > *count || *count > Shard::count_max)
    return std::nullopt;
  return Shard{*index, *count};
}

std::vector<std::uint64_t> shard_seeds(const SeedRange& range, const Shard& shard) {
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t offset = shard.index - 1; offset < range.count(); offset += shard.count)
    seeds.push_back(range.first + offset);
  return seeds;
}

std::uint64_t SweepSummary::failed_count() const {
  return static_cast<std::uint64_t>(std::count_if(
      runs.begin(), runs.end(), [](const SeedOutcome& run) { return !run.passed(); }));
}

std::vector<FailureGroup> failure_groups(const std::vector<SeedOutcome>& runs) {
  std::map<std::vector<std::string>, std::vector<std::uint64_t>> seeds_by_failure;
  for (const SeedOutcome& run : runs) {
    if (!run.passed()) seeds_by_failure[run.failed].push_back(run.seed);
  }
  std::vector<FailureGroup> groups;
  for (auto& [failed, seeds] : seeds_by_failure) {
    std::sort(seeds.begin(), seeds.end());
    groups.push_back({failed, std::move(seeds)});
  }
  std::sort(groups.begin(), groups.end(), [](const FailureGroup& a, const FailureGroup& b) {
    if (a.seeds.size() != b.seeds.size()) return a.seeds.size() > b.seeds.size();
    return a.seeds.front() < b.seeds.front();
  });
  return groups;
}

std::vector<OperationSpread> latency_p99_spread(const std::vector<SeedOutcome>& runs) {
  std::map<std::string, std::vector<std::pair<std::int64_t, std::uint64_t>>> by_operation;
  for (const SeedOutcome& run : runs) {
    for (const auto& [operation, p99] : run.latency_p99_ns) {
      if (p99) by_operation[operation].emplace_back(*p99, run.seed);
    }
  }
  std::vector<OperationSpread> spreads;
  for (const auto& [operation, values_and_seeds] : by_operation) {
    OperationSpread spread{.operation = operation, .seeds = values_and_seeds.size()};
    std::vector<std::int64_t> values;
    for (const auto& [value, seed] : values_and_seeds) {
      values.push_back(value);
      // Runs come in seed order: on a tie the first seed stays the worst.
      if (values.size() == 1 || value > spread.worst_ns) {
        spread.worst_ns = value;
        spread.worst_seed = seed;
      }
    }
    std::sort(values.begin(), values.end());
    spread.p50_ns = nearest_rank(values, 500);
    spread.p90_ns = nearest_rank(values, 900);
    spread.p99_ns = nearest_rank(values, 990);
    spreads.push_back(std::move(spread));
  }
  return spreads;
}

std::string replay_command(const SweepIdentity& identity, std::uint64_t seed) {
  Scenario scenario;
  scenario.file = identity.file;
  scenario.seed = seed;
  scenario.overrides = identity.overrides;
  return replay_command(scenario);
}

}  // namespace scar::tools
