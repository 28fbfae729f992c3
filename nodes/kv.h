// `kv`: an in-memory key-value store on every server node, each the sole owner of its
// keys (key k lives on server k mod N). No replication: the simplest system, for seeing
// queueing and the network on their own.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "nodes/client_protocol.h"
#include "sim/context.h"

namespace scar::nodes {

class KvServer final : public sim::Node {
 public:
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;

 private:
  std::unordered_map<std::uint64_t, std::uint64_t> store_;
};

}  // namespace scar::nodes
