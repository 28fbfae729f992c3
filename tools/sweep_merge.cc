#include "tools/sweep_merge.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/assert.h"

namespace scar::tools {
namespace {

constexpr std::size_t seeds_named_max = 10;

// What differs between two sweeps' identities, or empty.
std::string difference(const SweepIdentity& a, const SweepIdentity& b) {
  if (a.scenario != b.scenario) return fmt::format("scenario {} vs {}", a.scenario, b.scenario);
  if (a.file != b.file) return fmt::format("file {} vs {}", a.file, b.file);
  if (a.scenario_hash != b.scenario_hash)
    return fmt::format("the scenario file's contents (scenario_hash {} vs {})", a.scenario_hash,
                       b.scenario_hash);
  if (a.overrides != b.overrides)
    return fmt::format("overrides [{}] vs [{}]", fmt::join(a.overrides, " "),
                       fmt::join(b.overrides, " "));
  if (a.seeds != b.seeds)
    return fmt::format("seeds {}..{} vs {}..{}", a.seeds.first, a.seeds.last, b.seeds.first,
                       b.seeds.last);
  return "";
}

// REQUIRES: `present` ascending by seed, each seed of `range` at most once.
std::string missing_seeds(const SeedRange& range, const std::vector<SeedOutcome>& present) {
  std::vector<std::uint64_t> missing;
  std::uint64_t count = 0;
  std::size_t next = 0;
  for (std::uint64_t offset = 0; offset < range.count(); ++offset) {
    const std::uint64_t seed = range.first + offset;
    if (next < present.size() && present[next].seed == seed) {
      ++next;
      continue;
    }
    if (missing.size() < seeds_named_max) missing.push_back(seed);
    ++count;
  }
  std::string text = fmt::format("{}", fmt::join(missing, " "));
  if (count > missing.size()) text += fmt::format(" and {} more", count - missing.size());
  return fmt::format("{} of seeds {}..{} in no file: {} (a shard missing?)", count, range.first,
                     range.last, text);
}

}  // namespace

std::variant<SweepSummary, std::string> merge_shards(const std::vector<ShardFile>& shards) {
  SCAR_ASSERT(!shards.empty());
  const SweepIdentity& identity = shards.front().summary.identity;
  std::vector<std::pair<const SeedOutcome*, const std::string*>> runs;
  for (const ShardFile& shard : shards) {
    if (const std::string differs = difference(identity, shard.summary.identity); !differs.empty())
      return fmt::format("{} and {} are not shards of one sweep: {}", shards.front().path,
                         shard.path, differs);
    for (const SeedOutcome& run : shard.summary.runs) runs.emplace_back(&run, &shard.path);
  }
  std::stable_sort(runs.begin(), runs.end(),
                   [](const auto& a, const auto& b) { return a.first->seed < b.first->seed; });
  SweepSummary merged{.identity = identity};
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (i > 0 && runs[i].first->seed == runs[i - 1].first->seed)
      return fmt::format("seed {} is in both {} and {}", runs[i].first->seed, *runs[i - 1].second,
                         *runs[i].second);
    merged.runs.push_back(*runs[i].first);
  }
  if (merged.runs.size() != identity.seeds.count())
    return missing_seeds(identity.seeds, merged.runs);
  return merged;
}

}  // namespace scar::tools
