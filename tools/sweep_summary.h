// A seed sweep's results as plain data: which scenario, which seeds, and what each seed's
// run gave; and what the summary derives from them: failures grouped by what failed, and
// each operation's per-run p99 across seeds.
//
// Everything here is a pure function of the seed outcomes in seed order, so the summary
// does not depend on how many threads ran the seeds, nor on how many machines: the shards
// of a sweep, merged, give the summary the whole sweep gives.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scar::tools {

// Seeds first..last, both included.
struct SeedRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;

  // A sweep's memory and its JSON grow with its seeds: ~200 bytes each in the JSON, so
  // the whole sweep's summary stays well within what `scar merge` reads (64 MB).
  static constexpr std::uint64_t seeds_max = 100'000;

  std::uint64_t count() const { return last - first + 1; }
  bool contains(std::uint64_t seed) const { return seed >= first && seed <= last; }
  bool operator==(const SeedRange&) const = default;
};

// "A..B" with A <= B and at most seeds_max seeds; nullopt otherwise.
std::optional<SeedRange> parse_seed_range(std::string_view text);

// The index-th (from 1) of `count` interleaved slices of a seed range: the seeds s with
// (s - first) % count == index - 1.
struct Shard {
  std::uint64_t index = 1;
  std::uint64_t count = 1;

  static constexpr std::uint64_t count_max = SeedRange::seeds_max;

  bool operator==(const Shard&) const = default;
};

// "K/N" with 1 <= K <= N <= count_max; nullopt otherwise.
std::optional<Shard> parse_shard(std::string_view text);

// The shard's seeds of `range`, ascending.
std::vector<std::uint64_t> shard_seeds(const SeedRange& range, const Shard& shard);

// What one seed's run gave: the exit code `scar run` would give, and why.
struct SeedOutcome {
  std::uint64_t seed = 0;
  int exit = 0;  // 0 passed, 1 an expectation failed, 3 events_max, 70 internal error
  // What failed: the failed expectations' texts in the scenario's order, or
  // {"events_max"}, or {"internal error"}; empty when the seed passed.
  std::vector<std::string> failed;
  std::string error;                        // an internal error's message; else empty
  std::optional<std::uint64_t> trace_hash;  // none after an internal error
  // Each operation's p99 latency in ns, by operation name (ascending); nullopt when no
  // operation of the kind succeeded. Empty after an internal error.
  std::vector<std::pair<std::string, std::optional<std::int64_t>>> latency_p99_ns;

  bool passed() const { return exit == 0; }
  bool operator==(const SeedOutcome&) const = default;
};

// Which sweep: shards of one sweep agree on all of it.
struct SweepIdentity {
  std::string file;                    // the scenario file as given on the command line
  std::string scenario;                // the scenario's name
  std::string scenario_hash;           // 16 hex digits: FNV-1a of the file's bytes
  std::vector<std::string> overrides;  // the --set assignments
  SeedRange seeds;

  bool operator==(const SweepIdentity&) const = default;
};

struct SweepSummary {
  SweepIdentity identity;
  std::optional<Shard> shard;     // none for a whole sweep (or shards merged)
  std::vector<SeedOutcome> runs;  // ascending by seed, one per seed of the shard

  std::uint64_t failed_count() const;
};

// Seeds that failed the same way: the same `failed` list.
struct FailureGroup {
  std::vector<std::string> failed;
  std::vector<std::uint64_t> seeds;  // ascending
};

// Most seeds first; among groups of equal size, the one with the smallest seed first.
std::vector<FailureGroup> failure_groups(const std::vector<SeedOutcome>& runs);

// One operation's per-run p99 latency across the seeds where the operation succeeded at
// least once: nearest-rank percentiles of those values, and the highest with its seed (the
// smallest such seed on a tie).
struct OperationSpread {
  std::string operation;
  std::uint64_t seeds = 0;  // runs with a p99 for the operation
  std::int64_t p50_ns = 0;
  std::int64_t p90_ns = 0;
  std::int64_t p99_ns = 0;
  std::int64_t worst_ns = 0;
  std::uint64_t worst_seed = 0;
};

// By operation name, ascending; an operation no run has a p99 for is left out.
std::vector<OperationSpread> latency_p99_spread(const std::vector<SeedOutcome>& runs);

// The command that replays `seed` of the sweep: what `scar run` prints for it.
std::string replay_command(const SweepIdentity& identity, std::uint64_t seed);

}  // namespace scar::tools
