#include "nodes/lock/lock_service.h"

#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;

namespace {

struct Granted {
  std::string worker;
  std::uint64_t token;
  sim::Time at;
};

constexpr sim::NodeId service{0};

// A worker that asks for the lease after `delay`, notes the grant, and gives the lease back
// after `hold` (never, without one).
sim::Task<> ask(sim::Context& ctx, sim::Duration delay, sim::Duration wait_max,
                std::optional<sim::Duration> hold, std::vector<Granted>& grants) {
  co_await ctx.sleep_for(delay);
  const auto grant =
      co_await ctx.call<nodes::lock::Grant>(service, nodes::lock::Acquire{wait_max}, 10s);
  if (!grant || !grant->granted) co_return;
  grants.push_back({std::string(ctx.name()), grant->token, ctx.now()});
  if (!hold) co_return;
  co_await ctx.sleep_for(*hold);
  ctx.send(service, nodes::lock::Release{grant->token});
}

struct Asker {
  std::string name;
  sim::Duration delay;
  std::optional<sim::Duration> hold;
  sim::Duration wait_max = 10s;
};

// The service (lease 100 ms) and the workers, on an instant network.
std::vector<Granted> run(const std::vector<Asker>& askers, sim::Duration until = 2s) {
  std::vector<Granted> grants;
  sim::World world(testing::instant_network());
  sim::NodeSpec spec;
  spec.name = "n1";
  spec.make = [] { return std::make_unique<nodes::lock::LockService>(100ms); };
  world.add_node(std::move(spec));
  for (const Asker& asker : askers) {
    world.add_node(
        testing::scripted(asker.name, {.start = [asker, &grants](sim::Context& ctx) {
                            ctx.spawn(ask(ctx, asker.delay, asker.wait_max, asker.hold, grants));
                          }}));
  }
  world.start();
  world.run_until(sim::at(until));
  return grants;
}

}  // namespace

TEST_CASE(
    "the lock service grants the lease to one worker at a time, in request order, each "
    "grant with a larger token",
    "[lock]") {
  const auto grants = run({{"w1", 0ms, {}}, {"w2", 1ms, {}}, {"w3", 2ms, {}}});
  REQUIRE(grants.size() == 3);
  CHECK(grants[0].worker == "w1");
  CHECK(grants[1].worker == "w2");
  CHECK(grants[2].worker == "w3");
  CHECK(grants[0].token == 1);
  CHECK(grants[1].token == 2);
  CHECK(grants[2].token == 3);
  // Nobody released: each waited for the previous lease to expire on the service's clock.
  CHECK(grants[0].at == sim::at(0ms));
  CHECK(grants[1].at == sim::at(100ms));
  CHECK(grants[2].at == sim::at(200ms));
}

TEST_CASE(
    "a released lease goes to the next worker at once; an unreleased one only when it "
    "expires",
    "[lock]") {
  const auto grants = run({{"w1", 0ms, 30ms}, {"w2", 1ms, {}}, {"w3", 40ms, {}}});
  REQUIRE(grants.size() == 3);
  CHECK(grants[1].worker == "w2");
  CHECK(grants[1].at == sim::at(30ms));  // w1 gave it back
  CHECK(grants[2].worker == "w3");
  CHECK(grants[2].at == sim::at(130ms));  // w2's lease ran its full 100 ms
  CHECK(grants[2].token == 3);
}

TEST_CASE("giving back a lease that already expired does not end its successor's", "[lock]") {
  // w1's lease expires at 100 ms and goes to w2; w1's late release (150 ms) names token 1.
  const auto grants = run({{"w1", 0ms, 150ms}, {"w2", 1ms, {}}, {"w3", 120ms, {}}});
  REQUIRE(grants.size() == 3);
  CHECK(grants[1].worker == "w2");
  CHECK(grants[1].at == sim::at(100ms));
  CHECK(grants[2].worker == "w3");
  CHECK(grants[2].at == sim::at(200ms));
}

TEST_CASE("a request that waited longer than its wait_max is dropped without using a token",
          "[lock]") {
  const auto grants = run({{"w1", 0ms, {}}, {"w2", 1ms, {}, 50ms}, {"w3", 2ms, {}}}, 150ms);
  REQUIRE(grants.size() == 2);
  CHECK(grants[1].worker == "w3");
  CHECK(grants[1].at == sim::at(100ms));
  CHECK(grants[1].token == 2);
}
