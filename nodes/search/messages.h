// The `search` protocol's messages between the root (n1) and its shards (n2..nN): the root
// asks every shard the same query and merges the answers it gets.
#pragma once

#include <cstdint>
#include <string_view>

namespace scar::nodes::search {

// Root -> shard: search your part of the index for `key`.
struct ShardQuery {
  static constexpr std::string_view name = "shard_query";
  std::uint64_t key = 0;
};

// Shard -> root: this shard's part of the result (the merge needs only that it came).
struct ShardAnswer {
  static constexpr std::string_view name = "shard_answer";
};

}  // namespace scar::nodes::search
