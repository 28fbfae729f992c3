#include "nodes/client.h"

#include <catch2/catch.hpp>
#include <vector>

#include "nodes/kv.h"
#include "nodes/protocols.h"
#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;
using nodes::Operation;
using nodes::Outcome;

namespace {

struct Sink final : nodes::OperationSink {
  std::vector<Operation> started;
  std::vector<Operation> done;
  void invoked(const Operation& operation) override { started.push_back(operation); }
  void completed(const Operation& operation) override { done.push_back(operation); }
};

sim::NodeId first_server(nodes::OperationKind, std::uint64_t,
                         std::span<const sim::NodeId> servers) {
  return servers.front();
}

sim::NodeSpec client(Sink& sink, nodes::WorkloadOptions workload, sim::Duration workload_end) {
  sim::NodeSpec spec;
  spec.name = "c1";
  spec.server = false;
  spec.make = [&sink, workload, workload_end] {
    return std::make_unique<nodes::Client>(nodes::ClientSetup{.workload = workload,
                                                              .index = 0,
                                                              .workload_end = sim::at(workload_end),
                                                              .route = first_server,
                                                              .sink = &sink,
                                                              .seed = 1});
  };
  return spec;
}

sim::NodeSpec kv_server(sim::Distribution cpu = {}) {
  sim::NodeSpec spec;
  spec.name = "n1";
  spec.cpu_per_message = cpu;
  spec.make = [] {
    return std::make_unique<nodes::KvServer>(
        nodes::ProtocolOptions::defaults(nodes::find_protocol("kv")->options));
  };
  return spec;
}

// Answers every request with `status`, or stays silent.
sim::NodeSpec fixed_server(std::optional<nodes::ReplyStatus> status) {
  return testing::scripted("n1", {.message = [status](sim::Context& ctx, const sim::Envelope& e) {
                             if (status)
                               ctx.reply(e.reply_address(), nodes::ClientReply{.status = *status});
                           }});
}

std::vector<sim::Duration> latencies(const Sink& sink) {
  std::vector<sim::Duration> result;
  for (const Operation& op : sink.done) result.push_back(op.completed - op.invoked);
  return result;
}

}  // namespace

TEST_CASE("open loop with constant arrivals starts rate x duration operations, evenly spaced",
          "[client]") {
  sim::World world(testing::instant_network());
  Sink sink;
  world.add_node(kv_server());
  nodes::WorkloadOptions workload;
  workload.rate_per_second = 100;
  workload.arrival = nodes::Arrival::constant;
  world.add_node(client(sink, workload, 1s));
  world.start();
  world.run_until(sim::at(2s));
  REQUIRE(sink.done.size() == 100);
  for (std::size_t i = 1; i < sink.started.size(); ++i) {
    CHECK(sink.started[i].invoked - sink.started[i - 1].invoked == 10ms);
  }
  for (const Operation& op : sink.done) CHECK(op.outcome == Outcome::ok);
}

TEST_CASE("open loop with poisson arrivals averages the rate", "[client]") {
  sim::World world(testing::instant_network());
  Sink sink;
  world.add_node(kv_server());
  nodes::WorkloadOptions workload;
  workload.rate_per_second = 1000;
  world.add_node(client(sink, workload, 20s));
  world.start();
  world.run_until(sim::at(21s));
  CHECK(static_cast<double>(sink.done.size()) == Approx(20'000).epsilon(0.03));
}

TEST_CASE("an overloaded server shows in open-loop latency but hides from a closed loop",
          "[client]") {
  // 20 ms of CPU per request, 100 requests/s offered: twice what the server can do.
  nodes::WorkloadOptions open;
  open.rate_per_second = 100;
  open.arrival = nodes::Arrival::constant;
  open.timeout = 100s;
  nodes::WorkloadOptions closed = open;
  closed.mode = nodes::LoadMode::closed;
  closed.concurrency = 1;

  auto run = [](nodes::WorkloadOptions workload) {
    sim::World world(testing::instant_network());
    Sink sink;
    world.add_node(kv_server(sim::Distribution::constant(20ms)));
    world.add_node(client(sink, workload, 5s));
    world.start();
    world.run_until(sim::at(100s));
    return latencies(sink);
  };
  const auto open_latencies = run(open);
  const auto closed_latencies = run(closed);
  // Open loop: the queue grows all run long; the last requests wait seconds.
  CHECK(open_latencies.back() > 2s);
  // Closed loop: every request sees an idle server and exactly its service time.
  for (const auto latency : closed_latencies) CHECK(latency == 20ms);
  CHECK(closed_latencies.size() == 250);  // 5 s / 20 ms: the offered load silently halved
}

TEST_CASE("closed loop keeps concurrency operations outstanding with think time", "[client]") {
  sim::World world(testing::instant_network());
  Sink sink;
  world.add_node(kv_server(sim::Distribution::constant(1ms)));
  nodes::WorkloadOptions workload;
  workload.mode = nodes::LoadMode::closed;
  workload.concurrency = 1;
  workload.think = 9ms;
  world.add_node(client(sink, workload, 1s));
  world.start();
  world.run_until(sim::at(2s));
  CHECK(sink.done.size() == 100);  // one per 1 ms service + 9 ms think
}

TEST_CASE("without retries a silent server gives one timeout per operation", "[client][retry]") {
  sim::World world(testing::instant_network());
  Sink sink;
  world.add_node(fixed_server(std::nullopt));
  nodes::WorkloadOptions workload;
  workload.rate_per_second = 10;
  workload.arrival = nodes::Arrival::constant;
  workload.timeout = 50ms;
  world.add_node(client(sink, workload, 1s));
  world.start();
  world.run_until(sim::at(2s));
  REQUIRE(sink.done.size() == 10);
  for (const Operation& op : sink.done) {
    CHECK(op.outcome == Outcome::timeout);
    CHECK(op.attempts == 1);
    CHECK(op.completed - op.invoked == 50ms);
  }
}

TEST_CASE("exponential backoff without jitter waits base, 2 base, ... between attempts",
          "[client][retry]") {
  sim::World world(testing::instant_network());
  Sink sink;
  world.add_node(fixed_server(std::nullopt));
  nodes::WorkloadOptions workload;
  workload.rate_per_second = 1;
  workload.arrival = nodes::Arrival::constant;
  workload.timeout = 50ms;
  workload.retry = {.policy = nodes::RetryPolicy::exponential,
                    .attempts = 3,
                    .base = 10ms,
                    .cap = 1s,
                    .jitter = nodes::Jitter::none};
  world.add_node(client(sink, workload, 500ms));
  world.start();
  world.run_until(sim::at(2s));
  REQUIRE(sink.done.size() == 1);
  CHECK(sink.done[0].attempts == 3);
  CHECK(sink.done[0].outcome == Outcome::timeout);
  CHECK(sink.done[0].completed - sink.done[0].invoked == 3 * 50ms + 10ms + 20ms);
}

TEST_CASE("full jitter never waits longer than the exponential ceiling", "[client][retry]") {
  nodes::RetryOptions retry{.policy = nodes::RetryPolicy::exponential,
                            .attempts = 10,
                            .base = 10ms,
                            .cap = 80ms,
                            .jitter = nodes::Jitter::full};
  sim::Random random(1, "jitter");
  for (std::uint32_t attempt = 1; attempt < 10; ++attempt) {
    const sim::Duration ceiling = std::min<sim::Duration>(80ms, 10ms * (1 << (attempt - 1)));
    sim::Duration longest{0};
    for (int i = 0; i < 2000; ++i) {
      const auto wait = retry.backoff(attempt, random);
      REQUIRE(wait >= 0ms);
      REQUIRE(wait <= ceiling);
      longest = std::max(longest, wait);
    }
    CHECK(longest > ceiling * 9 / 10);
  }
}

TEST_CASE("immediate retries stop at the first success", "[client][retry]") {
  sim::World world(testing::instant_network());
  Sink sink;
  int requests = 0;
  world.add_node(testing::scripted(
      "n1", {.message = [&](sim::Context& ctx, const sim::Envelope& e) {
        ++requests;
        const auto status = requests % 2 == 1 ? nodes::ReplyStatus::error : nodes::ReplyStatus::ok;
        ctx.reply(e.reply_address(), nodes::ClientReply{.status = status});
      }}));
  nodes::WorkloadOptions workload;
  workload.rate_per_second = 10;
  workload.arrival = nodes::Arrival::constant;
  workload.retry = {.policy = nodes::RetryPolicy::immediate, .attempts = 5};
  world.add_node(client(sink, workload, 1s));
  world.start();
  world.run_until(sim::at(2s));
  REQUIRE(sink.done.size() == 10);
  for (const Operation& op : sink.done) {
    CHECK(op.outcome == Outcome::ok);
    CHECK(op.attempts == 2);
  }
}

TEST_CASE("open loop follows the workload's rate changes", "[client][rate]") {
  const auto arrival = GENERATE(nodes::Arrival::constant, nodes::Arrival::poisson);
  sim::World world(testing::instant_network());
  Sink sink;
  world.add_node(kv_server());
  nodes::WorkloadOptions workload;
  workload.arrival = arrival;
  workload.rate_per_second = 100;
  workload.rate_changes = {{2s, 1000}, {4s, 100}};
  world.add_node(client(sink, workload, 6s));
  world.start();
  world.run_until(sim::at(7s));
  std::size_t per_phase[3] = {0, 0, 0};
  for (const Operation& op : sink.started) {
    const sim::Duration since_start = op.invoked - sim::time_zero;
    ++per_phase[since_start < 2s ? 0 : since_start < 4s ? 1 : 2];
  }
  // 2 s at 100/s, 2 s at 1000/s, 2 s at 100/s.
  CHECK(static_cast<double>(per_phase[0]) == Approx(200).epsilon(0.2));
  CHECK(static_cast<double>(per_phase[1]) == Approx(2000).epsilon(0.1));
  CHECK(static_cast<double>(per_phase[2]) == Approx(200).epsilon(0.2));
  if (arrival == nodes::Arrival::constant) {
    CHECK(per_phase[1] == 2000);
    CHECK(sink.started[200].invoked == sim::at(2s));  // the new spacing starts at the change
    CHECK(sink.started[201].invoked - sink.started[200].invoked == 1ms);
  }
}
