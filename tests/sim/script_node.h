// Test helper: a node whose handlers are lambdas, so a test states its behaviour inline.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "sim/context.h"
#include "sim/world.h"

namespace scar::testing {

struct Script {
  std::function<void(sim::Context&)> start;
  std::function<void(sim::Context&, const sim::Envelope&)> message;
  std::function<void(sim::Context&, sim::TimerId)> timer;
};

class ScriptNode final : public sim::Node {
 public:
  explicit ScriptNode(Script script) : script_(std::move(script)) {}
  void on_start(sim::Context& ctx) override {
    if (script_.start) script_.start(ctx);
  }
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override {
    if (script_.message) script_.message(ctx, envelope);
  }
  void on_timer(sim::Context& ctx, sim::TimerId timer) override {
    if (script_.timer) script_.timer(ctx, timer);
  }

 private:
  Script script_;
};

inline sim::NodeSpec scripted(std::string name, Script script) {
  sim::NodeSpec spec;
  spec.name = std::move(name);
  spec.make = [script] { return std::make_unique<ScriptNode>(script); };
  return spec;
}

// A world with zero network latency unless told otherwise.
inline sim::WorldOptions instant_network(std::uint64_t seed = 1) {
  sim::WorldOptions options;
  options.seed = seed;
  options.network.latency = sim::Distribution{};
  return options;
}

struct Note {
  static constexpr std::string_view name = "note";
  int value = 0;
};

struct Big {
  static constexpr std::string_view name = "big";
  std::string text;
};

}  // namespace scar::testing
