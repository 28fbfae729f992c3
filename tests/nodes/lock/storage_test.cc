#include "nodes/lock/storage.h"

#include <catch2/catch.hpp>
#include <vector>

#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;
using nodes::lock::Storage;

namespace {

constexpr sim::NodeId storage{0};

struct Outcome {
  std::vector<bool> accepted;  // per write, in order
  std::uint64_t value_read = 0;
};

// Writes key 7 once per token, in order (value = 100 + the write's index), then reads it.
sim::Task<> write_all(sim::Context& ctx, std::vector<std::uint64_t> tokens, Outcome& outcome) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto reply = co_await ctx.call<nodes::lock::StorageWriteReply>(
        storage, nodes::lock::StorageWrite{7, 100 + i, tokens[i]}, 1s);
    outcome.accepted.push_back(reply && reply->accepted);
  }
  const auto read =
      co_await ctx.call<nodes::lock::StorageReadReply>(storage, nodes::lock::StorageRead{7}, 1s);
  if (read && read->found) outcome.value_read = read->value;
}

struct Run {
  Outcome outcome;
  std::uint64_t fenced = 0;
  std::optional<nodes::lock::WriteOrder::Regression> regression;
  std::uint64_t stale = 0;
};

Run run(bool fencing, std::vector<std::uint64_t> tokens) {
  Run result;
  sim::World world(testing::instant_network());
  sim::NodeSpec spec;
  spec.name = "n2";
  spec.make = [fencing] { return std::make_unique<Storage>(fencing); };
  world.add_node(std::move(spec));
  world.add_node(testing::scripted("w", {.start = [&](sim::Context& ctx) {
                                     ctx.spawn(write_all(ctx, tokens, result.outcome));
                                   }}));
  world.start();
  world.run_until(sim::at(1s));
  const auto* node = dynamic_cast<const Storage*>(world.node(storage));
  REQUIRE(node != nullptr);
  result.fenced = node->fenced_writes();
  result.regression = node->write_order().first_regression();
  result.stale = node->write_order().stale_writes();
  return result;
}

}  // namespace

TEST_CASE(
    "with fencing the storage refuses a write whose token is lower than the highest it "
    "accepted",
    "[lock]") {
  const Run result = run(true, {1, 3, 2, 3});
  CHECK(result.outcome.accepted == std::vector<bool>{true, true, false, true});
  CHECK(result.outcome.value_read == 103);  // the refused write (102) changed nothing
  CHECK(result.fenced == 1);
  CHECK_FALSE(result.regression);
}

TEST_CASE(
    "without fencing the storage accepts every write, and its write order records the "
    "first that went back to an older token",
    "[lock]") {
  const Run result = run(false, {1, 3, 2, 1});
  CHECK(result.outcome.accepted == std::vector<bool>{true, true, true, true});
  CHECK(result.outcome.value_read == 103);
  CHECK(result.fenced == 0);
  REQUIRE(result.regression);
  CHECK(result.regression->token == 2);
  CHECK(result.regression->newer_token == 3);
  CHECK(result.regression->key == 7);
  CHECK(result.regression->writer == sim::NodeId{1});
  CHECK(result.stale == 2);
}

TEST_CASE("writes with the same token, or newer ones, are never a regression", "[lock]") {
  const Run result = run(false, {1, 1, 2, 2, 5});
  CHECK_FALSE(result.regression);
  CHECK(result.stale == 0);
}
