// Test helper: a client that sends scripted requests to a cluster at fixed times, one at a
// time, and keeps each reply (none: the call timed out), so a test can arrange the world
// between requests (cut a link, skew a clock) and assert what each request got.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "nodes/client_protocol.h"
#include "sim/context.h"
#include "sim/world.h"

namespace scar::testing {

struct ScriptedRequest {
  sim::Duration at{};            // when to send it (true time; a client's clock is never skewed)
  std::uint32_t server = 0;      // 0-based server index: the coordinator
  nodes::ClientRequest request;  // what to send
};

using Replies = std::vector<std::optional<nodes::ClientReply>>;

inline nodes::ClientRequest put_request(std::uint64_t key, std::uint64_t value) {
  return {.kind = nodes::OperationKind::put, .key = key, .value = value};
}

inline nodes::ClientRequest get_request(std::uint64_t key) {
  return {.kind = nodes::OperationKind::get, .key = key};
}

class ScriptedClient final : public sim::Node {
 public:
  ScriptedClient(std::vector<ScriptedRequest> script, Replies* replies)
      : script_(std::move(script)), replies_(replies) {}

  void on_start(sim::Context& ctx) override { ctx.spawn(run(ctx)); }

 private:
  sim::Task<> run(sim::Context& ctx) {
    for (const ScriptedRequest& step : script_) {
      const sim::Duration wait = step.at - (ctx.now() - sim::time_zero);
      if (wait > sim::Duration{0}) co_await ctx.sleep_for(wait);
      const auto reply = co_await ctx.call<nodes::ClientReply>(
          ctx.servers()[step.server], step.request, std::chrono::seconds{1});
      replies_->push_back(reply ? std::optional(*reply) : std::nullopt);
    }
  }

  std::vector<ScriptedRequest> script_;
  Replies* replies_;  // not owned; outlives the run
};

inline sim::NodeSpec scripted_client(std::vector<ScriptedRequest> script, Replies& replies) {
  sim::NodeSpec spec;
  spec.name = "c1";
  spec.server = false;
  spec.make = [script, &replies] { return std::make_unique<ScriptedClient>(script, &replies); };
  return spec;
}

// Cuts `node` off from every other node (both ways), as a partition isolating it.
// REQUIRES: every node was added (the cut covers the nodes there are).
inline sim::NetworkFaults::CutId isolate(sim::World& world, sim::NodeId node) {
  std::vector<bool> inside(world.node_count(), false);
  inside[sim::index_of(node)] = true;
  std::vector<bool> outside(world.node_count(), true);
  outside[sim::index_of(node)] = false;
  return world.network_faults().add_cut(inside, outside, /*both_ways=*/true);
}

}  // namespace scar::testing
