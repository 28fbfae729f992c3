// Feature flags in the engine: a scheduled change (faults::schedule_flags, as a scenario's
// `flag` events are scheduled) is an event of its own; node code reads the value through
// Context::flag from that instant on, 0 before; flags are independent of each other; the
// change is traced and part of the trace hash, so runs replay.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "faults/flag_schedule.h"
#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar::sim;
using scar::faults::FlagChange;
using scar::testing::instant_network;
using scar::testing::scripted;

namespace {

struct Reading {
  Time at;
  double read_new;
  double dual_write;
};

// One node reads both flags every 100 ms for a second, under `changes`.
struct FlagRun {
  explicit FlagRun(std::vector<FlagChange> changes) : world(instant_network()) {
    world.add_node(scripted(
        "n1", {.start = [](Context& ctx) { ctx.set_timer(100ms); },
               .timer =
                   [this](Context& ctx, TimerId) {
                     readings.push_back({ctx.now(), ctx.flag("read_new"), ctx.flag("dual_write")});
                     ctx.set_timer(100ms);
                   }}));
    scar::faults::schedule_flags(changes, world);
    world.start();
    world.run_until(at(1s));
  }

  World world;
  std::vector<Reading> readings;
};

struct Lines final : Tracer {
  void line(Time, std::string_view node, std::string_view text) override {
    lines.push_back(std::string(node) + " " + std::string(text));
  }
  std::vector<std::string> lines;
};

}  // namespace

TEST_CASE("a flag reads 0 before its change and the new value from then on", "[flags]") {
  const FlagRun run({{"read_new", 350ms, 0.05}});
  REQUIRE(run.readings.size() == 10);
  for (const Reading& reading : run.readings) {
    CAPTURE(to_ns(reading.at));
    CHECK(reading.read_new == (reading.at < at(350ms) ? 0.0 : 0.05));
  }
}

TEST_CASE("a change at the instant a node reads is seen by that read", "[flags]") {
  // Scheduled before the run starts, the change precedes the timer due at the same time.
  const FlagRun run({{"read_new", 300ms, 1}});
  CHECK(run.readings[1].read_new == 0);  // at 200 ms
  CHECK(run.readings[2].read_new == 1);  // at 300 ms
}

TEST_CASE("flags are independent, and a later change replaces an earlier one", "[flags]") {
  const FlagRun run({{"dual_write", 150ms, 1}, {"read_new", 450ms, 0.5}, {"read_new", 750ms, 0}});
  for (const Reading& reading : run.readings) {
    CAPTURE(to_ns(reading.at));
    CHECK(reading.dual_write == (reading.at < at(150ms) ? 0.0 : 1.0));
    const bool ramped = reading.at >= at(450ms) && reading.at < at(750ms);
    CHECK(reading.read_new == (ramped ? 0.5 : 0.0));
  }
}

TEST_CASE("a flag change is traced and mixed into the trace hash, so runs replay", "[flags]") {
  const std::vector<FlagChange> changes = {{"read_new", 350ms, 0.05}};
  CHECK(FlagRun(changes).world.trace_hash() == FlagRun(changes).world.trace_hash());
  CHECK(FlagRun(changes).world.trace_hash() !=
        FlagRun({{"read_new", 350ms, 0.25}}).world.trace_hash());

  World world(instant_network());
  Lines tracer;
  world.set_tracer(&tracer);
  world.add_node(scripted("n1", {}));
  scar::faults::schedule_flags(changes, world);
  world.start();
  world.run_until(at(1s));
  CHECK(std::find(tracer.lines.begin(), tracer.lines.end(), "world flag read_new = 0.05") !=
        tracer.lines.end());
  CHECK(world.flag("read_new") == 0.05);
  CHECK(world.flag("never_set") == 0);
}
