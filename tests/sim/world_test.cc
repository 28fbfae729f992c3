#include "sim/world.h"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <vector>

#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar::sim;
using scar::testing::Big;
using scar::testing::instant_network;
using scar::testing::Note;
using scar::testing::Script;
using scar::testing::scripted;

TEST_CASE("a message arrives after the network latency, from its sender", "[world]") {
  WorldOptions options;
  options.network.latency = Distribution::constant(3ms);
  World world(options);
  std::vector<std::pair<Time, int>> received;
  const NodeId receiver =
      world.add_node(scripted("r", {.message = [&](Context& ctx, const Envelope& e) {
                                CHECK(ctx.name_of(e.from) == "s");
                                received.emplace_back(ctx.now(), e.as<Note>()->value);
                              }}));
  world.add_node(scripted("s", {.start = [&](Context& ctx) { ctx.send(receiver, Note{42}); }}));
  world.start();
  world.run_until(at(1s));
  REQUIRE(received.size() == 1);
  CHECK(received[0] == std::pair{Time{3ms}, 42});
  CHECK(world.counters(receiver).received == 1);
}

namespace {
struct Sized {
  static constexpr std::string_view name = "sized";
  std::uint32_t payload = 0;
  std::uint32_t size_bytes() const { return 1000 + payload; }
};
}  // namespace

TEST_CASE("message sizes count sizeof, or what the type states", "[world]") {
  World world(instant_network());
  const NodeId receiver = world.add_node(scripted("r", {}));
  const NodeId sender = world.add_node(scripted("s", {.start = [&](Context& ctx) {
                                                  ctx.send(receiver, Note{1});
                                                  ctx.send(receiver, Sized{24});
                                                }}));
  world.start();
  world.run_until(at(1s));
  CHECK(world.counters(sender).sent_bytes == sizeof(Note) + 1024);
}

TEST_CASE("large messages are boxed and arrive intact", "[world]") {
  World world(instant_network());
  std::string text;
  const NodeId receiver =
      world.add_node(scripted("r", {.message = [&](Context&, const Envelope& e) {
                                text = e.as<Big>()->text;
                                CHECK(e.as<Note>() == nullptr);
                              }}));
  world.add_node(scripted(
      "s", {.start = [&](Context& ctx) { ctx.send(receiver, Big{std::string(1000, 'x')}); }}));
  world.start();
  world.run_until(at(1s));
  CHECK(text == std::string(1000, 'x'));
}

TEST_CASE("a duplicated large message arrives twice, intact, and is freed once", "[world]") {
  WorldOptions options = instant_network();
  options.network.duplicate_probability = 1;
  World world(options);
  std::vector<std::string> texts;
  const NodeId receiver = world.add_node(scripted(
      "r", {.message = [&](Context&, const Envelope& e) { texts.push_back(e.as<Big>()->text); }}));
  world.add_node(scripted(
      "s", {.start = [&](Context& ctx) { ctx.send(receiver, Big{std::string(100, 'y')}); }}));
  world.start();
  world.run_until(at(1s));
  CHECK(texts == std::vector<std::string>(2, std::string(100, 'y')));
}

TEST_CASE("a busy CPU queues messages and handles them one service time apart", "[world][cpu]") {
  World world(instant_network());
  std::vector<Time> handled;
  NodeSpec server = scripted(
      "server", {.message = [&](Context& ctx, const Envelope&) { handled.push_back(ctx.now()); }});
  server.cpu_per_message = Distribution::constant(1ms);
  const NodeId id = world.add_node(std::move(server));
  world.add_node(scripted("client", {.start = [&](Context& ctx) {
                            for (int i = 0; i < 3; ++i) ctx.send(id, Note{i});
                          }}));
  world.start();
  world.run_until(at(1s));
  CHECK(handled == std::vector<Time>{Time{1ms}, Time{2ms}, Time{3ms}});
  CHECK(world.counters(id).inbox_depth_max == 2);
}

TEST_CASE("a full inbox drops what does not fit, and counts it", "[world][cpu]") {
  World world(instant_network());
  int handled = 0;
  NodeSpec server = scripted("server", {.message = [&](Context&, const Envelope&) { ++handled; }});
  server.cpu_per_message = Distribution::constant(1ms);
  server.inbox_max = 2;
  const NodeId id = world.add_node(std::move(server));
  world.add_node(scripted("client", {.start = [&](Context& ctx) {
                            for (int i = 0; i < 5; ++i) ctx.send(id, Note{i});
                          }}));
  world.start();
  world.run_until(at(1s));
  CHECK(handled == 3);  // one in service, two waiting
  CHECK(world.counters(id).dropped_inbox_full == 2);
  const auto counters = world.message_counters();
  REQUIRE(counters.size() == 1);
  CHECK(counters[0].second.sent == 5);
  CHECK(counters[0].second.delivered == 3);
  CHECK(counters[0].second.dropped == 2);
}

TEST_CASE("timers fire after their delay and cancelled timers do not fire", "[world][timer]") {
  World world(instant_network());
  std::vector<std::pair<Time, TimerId>> fired;
  TimerId cancelled = 0;
  world.add_node(scripted(
      "n", {.start =
                [&](Context& ctx) {
                  ctx.set_timer(5ms);
                  cancelled = ctx.set_timer(7ms);
                  ctx.set_timer(9ms);
                  ctx.cancel_timer(cancelled);
                },
            .timer = [&](Context& ctx, TimerId id) { fired.emplace_back(ctx.now(), id); }}));
  world.start();
  world.run_until(at(1s));
  REQUIRE(fired.size() == 2);
  CHECK(fired[0].first == Time{5ms});
  CHECK(fired[1].first == Time{9ms});
  CHECK(fired[0].second != cancelled);
  CHECK(fired[1].second != cancelled);
}

TEST_CASE("run_until stops at its end time and resumes from there", "[world]") {
  World world(instant_network());
  int fired = 0;
  world.add_node(scripted("n", {.start = [&](Context& ctx) { ctx.set_timer(10ms); },
                                .timer = [&](Context&, TimerId) { ++fired; }}));
  world.start();
  CHECK(world.run_until(at(5ms)) == RunEnd::time_reached);
  CHECK(world.now() == Time{5ms});
  CHECK(fired == 0);
  CHECK(world.run_until(at(20ms)) == RunEnd::idle);
  CHECK(fired == 1);
}

TEST_CASE("the heartbeat is called every N events and changes nothing in the run", "[world]") {
  auto run = [](bool heartbeat) {
    World world(instant_network());
    world.add_node(scripted("n", {.start = [](Context& ctx) { ctx.set_timer(1ms); },
                                  .timer = [](Context& ctx, TimerId) { ctx.set_timer(1ms); }}));
    int beats = 0;
    if (heartbeat) world.set_heartbeat(100, [&beats] { ++beats; });
    world.start();
    world.run_until(at(1s));
    return std::tuple{world.trace_hash(), world.events_handled(), beats};
  };
  const auto [hash, events, beats] = run(true);
  CHECK(events == 1000);
  CHECK(beats == 10);
  CHECK(std::get<0>(run(false)) == hash);
}

TEST_CASE("the event budget ends a run that would not end", "[world]") {
  WorldOptions options = instant_network();
  options.events_max = 1000;
  World world(options);
  world.add_node(scripted("n", {.start = [&](Context& ctx) { ctx.set_timer(0ms); },
                                .timer = [&](Context& ctx, TimerId) { ctx.set_timer(0ms); }}));
  world.start();
  CHECK(world.run_until(at(1s)) == RunEnd::events_max);
  CHECK(world.events_handled() == 1000);
}

TEST_CASE("a crash kills pending timers and a restart runs on_start on a fresh node",
          "[world][crash]") {
  World world(instant_network());
  int starts = 0, timers = 0;
  const NodeId node =
      world.add_node(scripted("n", {.start =
                                        [&](Context& ctx) {
                                          ++starts;
                                          ctx.set_timer(10ms);
                                        },
                                    .timer = [&](Context&, TimerId) { ++timers; }}));
  world.start();
  world.schedule(at(1ms), [&] { world.crash(node); });
  world.run_until(at(15ms));
  CHECK_FALSE(world.is_up(node));
  CHECK(world.node(node) == nullptr);
  CHECK(timers == 0);  // due at 10ms, died with the first incarnation
  world.schedule(at(20ms), [&] { world.restart(node); });
  world.run_until(at(100ms));
  CHECK(starts == 2);
  CHECK(timers == 1);  // the second incarnation's, due at 30ms
  CHECK(world.is_up(node));
}

TEST_CASE("messages to a down node are dropped and counted", "[world][crash]") {
  WorldOptions options;
  options.network.latency = Distribution::constant(1ms);
  World world(options);
  int received = 0;
  const NodeId node =
      world.add_node(scripted("n", {.message = [&](Context&, const Envelope&) { ++received; }}));
  world.add_node(scripted("s", {.start =
                                    [&](Context& ctx) {
                                      ctx.send(node, Note{1});
                                      ctx.set_timer(10ms);
                                    },
                                .timer = [&](Context& ctx, TimerId) { ctx.send(node, Note{2}); }}));
  world.start();
  world.schedule(at(5ms), [&] { world.crash(node); });
  world.run_until(at(100ms));
  CHECK(received == 1);
  CHECK(world.counters(node).dropped_node_down == 1);
}

TEST_CASE("the same world and seed give the same trace hash, another seed another",
          "[world][determinism]") {
  auto run = [](std::uint64_t seed) {
    WorldOptions options;
    options.seed = seed;
    options.network.latency = Distribution::exponential(1ms);
    options.network.fifo = false;
    World world(options);
    for (int i = 0; i < 5; ++i) {
      world.add_node(
          scripted(fmt::format("n{}", i),
                   {.start = [](Context& ctx) { ctx.send(NodeId{0}, Note{0}); },
                    .message =
                        [](Context& ctx, const Envelope& e) {
                          if (e.as<Note>()->value < 200) {
                            ctx.send(NodeId{static_cast<std::uint32_t>(ctx.random().next_below(5))},
                                     Note{e.as<Note>()->value + 1});
                          }
                        }}));
    }
    world.start();
    world.run_until(at(10s));
    return std::pair{world.trace_hash(), world.events_handled()};
  };
  CHECK(run(1) == run(1));
  CHECK(run(1).first != run(2).first);
}

TEST_CASE("a run stops at the first event after which an invariant fails", "[world][invariant]") {
  World world(instant_network());
  int ticks = 0;
  world.add_node(scripted("n", {.start = [](Context& ctx) { ctx.set_timer(1ms); },
                                .timer =
                                    [&ticks](Context& ctx, TimerId) {
                                      ++ticks;
                                      ctx.set_timer(1ms);
                                    }}));
  int checked = 0;
  world.add_invariant({"fewer than three ticks", [&](const World&) -> std::optional<std::string> {
                         ++checked;
                         if (ticks < 3) return std::nullopt;
                         return fmt::format("{} ticks", ticks);
                       }});
  world.start();
  CHECK(world.run_until(at(1s)) == RunEnd::invariant_violated);
  REQUIRE(world.invariant_violation().has_value());
  CHECK(world.invariant_violation()->name == "fewer than three ticks");
  CHECK(world.invariant_violation()->detail == "3 ticks");
  CHECK(world.invariant_violation()->time == at(3ms));  // the third tick's event
  CHECK(world.now() == at(3ms));                        // and nothing after it ran
  CHECK(world.invariant_violation()->event == world.events_handled());
  CHECK(checked == static_cast<int>(world.events_handled()));  // after every event
}

TEST_CASE("a node's counters add up by name and outlive a crash", "[world][metrics]") {
  World world(WorldOptions{});
  const NodeId counter = world.add_node(scripted("n1", {.start = [](Context& ctx) {
                                                   ctx.count("started");
                                                   ctx.count("bytes", 40);
                                                   ctx.count("bytes", 2);
                                                 }}));
  world.start();
  world.run_until(at(1s));
  CHECK(world.counters(counter).metrics.at("started") == 1);
  CHECK(world.counters(counter).metrics.at("bytes") == 42);
  world.crash(counter);
  world.restart(counter);
  world.run_until(at(2s));
  CHECK(world.counters(counter).metrics.at("started") == 2);  // counted again on restart
  CHECK(world.counters(counter).metrics.size() == 2);
}
