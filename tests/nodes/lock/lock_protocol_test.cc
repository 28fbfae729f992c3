#include "nodes/lock/lock_protocol.h"

#include <catch2/catch.hpp>
#include <string>
#include <variant>
#include <vector>

#include "faults/targets.h"
#include "nodes/lock/lock_node.h"
#include "tests/sim/script_node.h"
#include "tools/scenario_loader.h"

using namespace std::chrono_literals;
using namespace scar;

namespace {

constexpr sim::NodeId service{0};
constexpr sim::NodeId storage{1};

// Takes the lease after `start`, holds it for `hold` before writing (a pause past the lease,
// when `hold` is longer), then writes key 1 with its token. `refused` notes a fenced write.
sim::Task<> hold_then_write(sim::Context& ctx, sim::Duration start, sim::Duration hold,
                            bool& refused) {
  co_await ctx.sleep_for(start);
  const auto grant = co_await ctx.call<nodes::lock::Grant>(service, nodes::lock::Acquire{1s}, 1s);
  if (!grant || !grant->granted) co_return;
  co_await ctx.sleep_for(hold);
  const auto reply = co_await ctx.call<nodes::lock::StorageWriteReply>(
      storage, nodes::lock::StorageWrite{1, grant->token, grant->token}, 1s);
  refused = reply && !reply->accepted;
}

sim::NodeSpec lock_server(std::string name, bool fencing) {
  nodes::ProtocolOptions options =
      nodes::ProtocolOptions::defaults(nodes::lock::lock_protocol().options);
  options.set("lease", sim::Duration{100ms});
  options.set("fencing", fencing);
  sim::NodeSpec spec;
  spec.name = std::move(name);
  spec.make = [options] { return std::make_unique<nodes::lock::LockNode>(options); };
  return spec;
}

// The protocol's invariants, installed as the runner installs them.
void add_invariants(sim::World& world) {
  static const nodes::Protocol protocol = nodes::lock::lock_protocol();
  for (const nodes::ClusterInvariant& invariant : protocol.invariants) {
    world.add_invariant({std::string(invariant.name), [&invariant](const sim::World& world) {
                           std::vector<const sim::Node*> servers;
                           for (sim::NodeId id : world.servers()) servers.push_back(world.node(id));
                           return invariant.violation(servers);
                         }});
  }
}

struct Interleaving {
  sim::RunEnd end;
  std::optional<sim::InvariantViolation> violation;
  bool old_holder_refused = false;
};

// n3 takes the lease (token 1) and stalls 150 ms before writing; its lease (100 ms) goes to
// n4 (token 2), which writes at once; then n3's write arrives.
Interleaving interleave(bool fencing) {
  Interleaving result;
  bool new_holder_refused = false;
  sim::World world(testing::instant_network());
  world.add_node(lock_server("n1", fencing));
  world.add_node(lock_server("n2", fencing));
  world.add_node(
      testing::scripted("n3", {.start = [&](sim::Context& ctx) {
                          ctx.spawn(hold_then_write(ctx, 0ms, 150ms, result.old_holder_refused));
                        }}));
  world.add_node(testing::scripted("n4", {.start = [&](sim::Context& ctx) {
                                     ctx.spawn(hold_then_write(ctx, 10ms, 0ms, new_holder_refused));
                                   }}));
  add_invariants(world);
  world.start();
  result.end = world.run_until(sim::at(1s));
  result.violation = world.invariant_violation();
  CHECK_FALSE(new_holder_refused);
  return result;
}

}  // namespace

TEST_CASE(
    "without fencing the invariant catches a deposed holder's write landing after its "
    "successor's",
    "[lock]") {
  const Interleaving result = interleave(false);
  CHECK(result.end == sim::RunEnd::invariant_violated);
  REQUIRE(result.violation);
  CHECK(result.violation->name == "one holder's writes at a time");
  CHECK(result.violation->time == sim::at(150ms));
  CHECK(result.violation->detail ==
        "the storage accepted n3's write to key 1 with token 1 after a write with token 2: a "
        "deposed holder wrote after its successor");
  CHECK_FALSE(result.old_holder_refused);
}

TEST_CASE("with fencing the deposed holder's write is refused and the invariant holds", "[lock]") {
  const Interleaving result = interleave(true);
  CHECK(result.end == sim::RunEnd::time_reached);
  CHECK_FALSE(result.violation);
  CHECK(result.old_holder_refused);
}

TEST_CASE("a fault aimed at a role the protocol declares hits the nodes in that role then",
          "[lock]") {
  sim::World world(testing::instant_network());
  for (const char* name : {"n1", "n2", "n3", "n4"}) world.add_node(lock_server(name, false));
  // A client's put to n4 makes it take the lease.
  world.add_node(testing::scripted(
      "c1", {.start = [](sim::Context& ctx) {
        ctx.send(sim::NodeId{3},
                 nodes::ClientRequest{.kind = nodes::OperationKind::put, .key = 1, .value = 1});
      }}));
  world.start();
  sim::Random random(1, "test");
  CHECK(faults::resolve_target("role:holder", world, random).empty());
  world.run_until(sim::at(5ms));
  CHECK(faults::resolve_target("role:holder", world, random) == std::vector{sim::NodeId{3}});
  CHECK(faults::resolve_target("role:worker", world, random) == std::vector{sim::NodeId{2}});
  CHECK(faults::resolve_target("role:lock-service", world, random) == std::vector{service});
  world.run_until(sim::at(1s));  // the lease could start no write any more: given back
  CHECK(faults::resolve_target("role:holder", world, random).empty());
}

TEST_CASE(
    "a scenario may aim a fault at the lock protocol's roles, and a misspelt role is an "
    "error that suggests the role",
    "[lock]") {
  const std::string scenario = R"({"cluster": {"protocol": "lock", "nodes": 4},
    "workload": {"mix": {"get": 0.5, "put": 0.5}},
    "faults": [{"kind": "gc_pause", "at": "1s", "duration": "1s", "target": "TARGET"}]})";
  auto with_target = [&](const std::string& target) {
    std::string text = scenario;
    text.replace(text.find("TARGET"), 6, target);
    return tools::parse_scenario(text, "lock.json");
  };
  CHECK(std::holds_alternative<tools::Scenario>(with_target("role:holder")));
  const auto misspelt = with_target("role:holdr");
  REQUIRE(std::holds_alternative<tools::InputError>(misspelt));
  CHECK_THAT(
      std::get<tools::InputError>(misspelt).to_string(),
      Catch::Contains("faults[0].target") && Catch::Contains("did you mean \"role:holder\""));
}
