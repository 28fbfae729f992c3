// One holder's writes at a time, as the storage sees it: the tokens of the writes it
// accepted, in the order it accepted them, never go back to an older token after a newer
// one. A regression means a deposed holder's write landed after its successor's: two
// holders' writes interleaved, whatever the lock service believes it granted.
//
// Fed by the storage with every write it accepts (fenced or not), kept apart from the
// fencing decision so that the property is checked on what happened, not on what the
// fencing code meant to do. O(1) per write and per check: the lock protocol's
// ClusterInvariant reads it after every event. Volatile, like the storage it watches.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/node.h"

namespace scar::nodes::lock {

class WriteOrder {
 public:
  // The first accepted write whose token was older than one accepted before it.
  struct Regression {
    std::uint64_t token = 0;        // the late write's token
    std::uint64_t newer_token = 0;  // the highest token accepted before it
    std::uint64_t key = 0;
    sim::NodeId writer{};
  };

  void accepted(std::uint64_t token, std::uint64_t key, sim::NodeId writer) {
    if (token < highest_token_ && !regression_) {
      regression_ = Regression{token, highest_token_, key, writer};
    }
    if (token < highest_token_) ++stale_writes_;
    if (token > highest_token_) highest_token_ = token;
  }

  const std::optional<Regression>& first_regression() const { return regression_; }
  // Writes accepted with a token older than the highest accepted before them.
  std::uint64_t stale_writes() const { return stale_writes_; }

 private:
  std::uint64_t highest_token_ = 0;
  std::uint64_t stale_writes_ = 0;
  std::optional<Regression> regression_;
};

}  // namespace scar::nodes::lock
