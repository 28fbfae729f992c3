// `scar merge`: the shards of one sweep, run anywhere, joined into the summary of the
// whole sweep, exactly as one machine running every seed would have written it.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "tools/sweep_summary.h"

namespace scar::tools {

struct ShardFile {
  std::string path;  // for messages
  SweepSummary summary;
};

// The whole sweep (no shard; runs ascending by seed), or why the shards do not make one:
// two of different sweeps (scenario, file, file contents, overrides or seed range differ:
// says which and in which files), a seed in two files, or seeds in none (names them).
// REQUIRES: shards not empty.
std::variant<SweepSummary, std::string> merge_shards(const std::vector<ShardFile>& shards);

}  // namespace scar::tools
