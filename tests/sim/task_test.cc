// Coroutines in node code: Task composition, sleep, call and fan-out, and what a crash
// does to tasks in flight.
#include "sim/task.h"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar::sim;
using scar::testing::instant_network;
using scar::testing::Note;
using scar::testing::scripted;

namespace {

// Counts live instances, to catch frames leaked or destroyed too early (cppcoro's idea).
struct Counted {
  static inline int live = 0;
  Counted() { ++live; }
  Counted(const Counted&) { ++live; }
  ~Counted() { --live; }
};

struct Ack {
  static constexpr std::string_view name = "ack";
  int value = 0;
};

Task<int> add_after(Context& ctx, int a, int b) {
  Counted guard;
  co_await ctx.sleep_for(2ms);
  co_return a + b;
}

Task<int> sum_twice(Context& ctx) {
  const int first = co_await add_after(ctx, 1, 2);
  const int second = co_await add_after(ctx, first, 10);
  co_return second;
}

Task<> throws_after_sleep(Context& ctx) {
  co_await ctx.sleep_for(1ms);
  throw std::runtime_error("node bug");
}

// A server that answers each Note with an Ack of value*10, unless told to stay silent.
NodeSpec echo_server(std::string name, bool silent = false) {
  return scripted(std::move(name), {.message = [silent](Context& ctx, const Envelope& e) {
                    if (!silent) ctx.reply(e.reply_address(), Ack{e.as<Note>()->value * 10});
                  }});
}

}  // namespace

TEST_CASE("tasks compose and return values after simulated sleeps", "[task]") {
  World world(instant_network());
  int result = 0;
  Time finished{};
  world.add_node(scripted("n", {.start = [&](Context& ctx) {
                            ctx.spawn([](Context& ctx, int& result, Time& finished) -> Task<> {
                              result = co_await sum_twice(ctx);
                              finished = ctx.now();
                            }(ctx, result, finished));
                          }}));
  world.start();
  world.run_until(at(1s));
  CHECK(result == 13);
  CHECK(finished == Time{4ms});
  CHECK(Counted::live == 0);
}

TEST_CASE("an exception escaping a task stops the run with that exception", "[task]") {
  World world(instant_network());
  world.add_node(
      scripted("n", {.start = [&](Context& ctx) { ctx.spawn(throws_after_sleep(ctx)); }}));
  world.start();
  CHECK_THROWS_WITH(world.run_until(at(1s)), "node bug");
}

TEST_CASE("call returns the reply", "[task][call]") {
  World world(instant_network());
  const NodeId server = world.add_node(echo_server("server"));
  int value = 0;
  world.add_node(scripted("client", {.start = [&](Context& ctx) {
                            ctx.spawn([](Context& ctx, NodeId server, int& value) -> Task<> {
                              auto reply = co_await ctx.call<Ack>(server, Note{4}, 10ms);
                              REQUIRE(reply.ok());
                              value = reply->value;
                            }(ctx, server, value));
                          }}));
  world.start();
  world.run_until(at(1s));
  CHECK(value == 40);
}

TEST_CASE("call times out when no reply comes, at exactly the timeout", "[task][call]") {
  World world(instant_network());
  const NodeId server = world.add_node(echo_server("server", /*silent=*/true));
  CallStatus status = CallStatus::pending;
  Time when{};
  world.add_node(scripted("client", {.start = [&](Context& ctx) {
                            ctx.spawn([](Context& ctx, NodeId server, CallStatus& status,
                                         Time& when) -> Task<> {
                              auto reply = co_await ctx.call<Ack>(server, Note{4}, 25ms);
                              status = reply.status();
                              when = ctx.now();
                            }(ctx, server, status, when));
                          }}));
  world.start();
  world.run_until(at(1s));
  CHECK(status == CallStatus::timeout);
  CHECK(when == Time{25ms});
}

TEST_CASE("a reply that arrives after the timeout is counted late and ignored", "[task][call]") {
  WorldOptions options;
  options.network.latency = Distribution::constant(10ms);
  World world(options);
  const NodeId server = world.add_node(echo_server("server"));
  CallStatus status = CallStatus::pending;
  const NodeId client = world.add_node(
      scripted("client", {.start = [&](Context& ctx) {
                 ctx.spawn([](Context& ctx, NodeId server, CallStatus& status) -> Task<> {
                   status = (co_await ctx.call<Ack>(server, Note{1}, 15ms)).status();
                 }(ctx, server, status));
               }}));
  world.start();
  world.run_until(at(1s));
  CHECK(status == CallStatus::timeout);
  CHECK(world.counters(client).late_replies == 1);
}

TEST_CASE("a reply of an unexpected type is a bad_reply, not a crash", "[task][call]") {
  World world(instant_network());
  const NodeId server = world.add_node(scripted(
      "server",
      {.message = [](Context& ctx, const Envelope& e) { ctx.reply(e.reply_address(), Note{1}); }}));
  CallStatus status = CallStatus::pending;
  world.add_node(scripted("client", {.start = [&](Context& ctx) {
                            ctx.spawn(
                                [](Context& ctx, NodeId server, CallStatus& status) -> Task<> {
                                  status = (co_await ctx.call<Ack>(server, Note{1}, 15ms)).status();
                                }(ctx, server, status));
                          }}));
  world.start();
  world.run_until(at(1s));
  CHECK(status == CallStatus::bad_reply);
}

TEST_CASE("call_all with a quorum resumes once enough replied and cancels the rest",
          "[task][call]") {
  WorldOptions options;
  options.network.latency = Distribution::constant(1ms);
  World world(options);
  std::vector<NodeId> peers = {world.add_node(echo_server("a")), world.add_node(echo_server("b")),
                               world.add_node(echo_server("c", /*silent=*/true))};
  std::vector<CallStatus> statuses;
  Time when{};
  world.add_node(scripted("caller", {.start = [&](Context& ctx) {
                            ctx.spawn([](Context& ctx, std::vector<NodeId> peers,
                                         std::vector<CallStatus>& statuses, Time& when) -> Task<> {
                              auto results =
                                  co_await ctx.call_all<Ack>(peers, Note{1}, 50ms, /*needed=*/2);
                              for (const auto& result : results)
                                statuses.push_back(result.status());
                              when = ctx.now();
                            }(ctx, peers, statuses, when));
                          }}));
  world.start();
  world.run_until(at(1s));
  CHECK(statuses == std::vector{CallStatus::ok, CallStatus::ok, CallStatus::cancelled});
  CHECK(when == Time{2ms});  // one round trip, not the 50ms timeout
}

TEST_CASE("call_all waits for every call when all are needed, reporting each outcome",
          "[task][call]") {
  World world(instant_network());
  std::vector<NodeId> peers = {world.add_node(echo_server("a")),
                               world.add_node(echo_server("b", /*silent=*/true))};
  std::vector<CallStatus> statuses;
  Time when{};
  world.add_node(scripted("caller", {.start = [&](Context& ctx) {
                            ctx.spawn([](Context& ctx, std::vector<NodeId> peers,
                                         std::vector<CallStatus>& statuses, Time& when) -> Task<> {
                              auto results = co_await ctx.call_all<Ack>(peers, Note{1}, 30ms);
                              for (const auto& result : results)
                                statuses.push_back(result.status());
                              when = ctx.now();
                            }(ctx, peers, statuses, when));
                          }}));
  world.start();
  world.run_until(at(1s));
  CHECK(statuses == std::vector{CallStatus::ok, CallStatus::timeout});
  CHECK(when == Time{30ms});
}

TEST_CASE("a crash destroys the node's tasks mid-flight and they never resume", "[task][crash]") {
  World world(instant_network());
  const NodeId server = world.add_node(echo_server("server", /*silent=*/true));
  bool resumed = false;
  const NodeId node =
      world.add_node(scripted("n", {.start = [&](Context& ctx) {
                                ctx.spawn([](Context& ctx, NodeId server, bool& resumed) -> Task<> {
                                  Counted guard;
                                  co_await add_after(ctx, 1, 1);  // sleeps 2ms
                                  co_await ctx.call<Ack>(server, Note{1}, 100ms);
                                  resumed = true;
                                }(ctx, server, resumed));
                              }}));
  world.start();
  world.run_until(at(1ms));
  CHECK(Counted::live == 2);  // the task's guard and add_after's, both suspended
  world.crash(node);
  CHECK(Counted::live == 0);
  world.run_until(at(1s));
  CHECK_FALSE(resumed);
}
