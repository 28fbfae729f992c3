// The live runtime runs the built-in protocols' unchanged node code on real sockets, timers
// and files. Each run is a second or two of real time on 127.0.0.1; thresholds leave room
// for a loaded machine and the sanitizers, since real time is not ours to control.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "live/datagram.h"
#include "live/live_cluster.h"
#include "live/live_run.h"
#include "tests/sim/script_node.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/scenario_loader.h"

using namespace scar;
using namespace std::chrono_literals;

namespace {

tools::Scenario scenario_of(const std::string& file, std::vector<std::string> overrides) {
  return scar::testing::scenario_or_fail(
      tools::load_scenario(std::string(SCAR_SOURCE_DIR) + "/" + file, overrides));
}

reports::RunReport run_live(const tools::Scenario& scenario) {
  const auto refusal = live::live_refusal(scenario);
  INFO((refusal ? refusal->message : ""));
  REQUIRE_FALSE(refusal);
  return live::run_live(scenario);
}

std::uint64_t ok_operations(const reports::RunReport& report) {
  std::uint64_t ok = 0;
  for (const auto& operation : report.operations) ok += operation.ok;
  return ok;
}

}  // namespace

TEST_CASE("primary-backup runs live with its expectations", "[live]") {
  const auto report =
      run_live(scenario_of("scenarios/primary-backup.json",
                           {"duration=1500ms", "drain=500ms", "workload.rate=400",
                            R"(expect=["availability >= 0.99", "get.latency.p99 < 200ms"])"}));
  CHECK(report.runtime == "live");
  CHECK(report.end == "completed");
  CHECK(ok_operations(report) > 400);
  for (const auto& expectation : report.expectations)
    UNSCOPED_INFO(expectation.text << " actual " << expectation.actual);
  CHECK(report.expectations_held());
  REQUIRE(report.nodes.size() == 13);
  CHECK(report.nodes[0].role == "primary");
  CHECK(report.nodes[0].received > 0);
}

TEST_CASE("kv and raft run live, and raft's history is linearizable", "[live]") {
  const auto kv =
      run_live(scenario_of("scenarios/lesson-queueing.json",
                           {"duration=1s", "drain=300ms", "workload.rate=300", "expect=[]"}));
  CHECK(ok_operations(kv) > 200);
  CHECK(kv.availability() > 0.99);

  const auto raft = run_live(scenario_of(
      "scenarios/primary-backup.json",
      {"cluster.protocol=raft", "cluster.options={}", "duration=2s", "drain=500ms",
       "workload.rate=100", "workload.clients=3", R"(checks=["linearizable"])", "expect=[]"}));
  CHECK(ok_operations(raft) > 50);
  const auto* linearizable = raft.check("linearizable");
  REQUIRE(linearizable != nullptr);
  CHECK(linearizable->verdict == reports::CheckVerdict::passed);
}

TEST_CASE("a live crash loses no acknowledged write with fsync, and loses some without", "[live]") {
  const std::vector<std::string> crash = {"duration=2s", "drain=300ms", "faults[0].at=1s",
                                          "faults[0].duration=200ms", "workload.rate=300"};
  auto with = crash;
  with.push_back("cluster.options.durability=fsync");
  const auto durable = run_live(scenario_of("scenarios/lesson-ack-before-fsync.json", with));
  REQUIRE(durable.faults.size() == 1);
  CHECK(durable.faults[0].targets == std::vector<std::string>{"n1"});
  CHECK(durable.lost_acknowledged_writes == 0);
  CHECK(ok_operations(durable) > 100);

  auto without = crash;
  without.push_back("cluster.options.durability=none");
  const auto volatile_run =
      run_live(scenario_of("scenarios/lesson-ack-before-fsync.json", without));
  CHECK(volatile_run.lost_acknowledged_writes > 0);
}

TEST_CASE("a live partition drops what crosses it, then heals", "[live]") {
  const auto report = run_live(scenario_of(
      "scenarios/primary-backup.json",
      {"duration=1500ms", "drain=300ms", "workload.rate=200",
       R"(faults=[{"kind": "partition", "at": "500ms", "duration": "500ms", "target": "n2"}])",
       "expect=[]"}));
  std::uint64_t dropped = 0;
  for (const auto& node : report.nodes) dropped += node.dropped;
  CHECK(dropped > 0);
  REQUIRE(report.phases.size() == 3);
  // ack=all: puts fail while a backup is cut off, and succeed again after.
  std::uint64_t ok = 0, count = 0;
  for (const auto& operation : report.phases.back().operations) {
    ok += operation.ok;
    count += operation.count;
  }
  CHECK(count > 0);
  CHECK(static_cast<double>(ok) > 0.95 * static_cast<double>(count));
}

TEST_CASE("what live mode cannot do for real is refused with its JSON path", "[live]") {
  const auto lying = live::live_refusal(scenario_of("scenarios/fault-lying-write.json", {}));
  REQUIRE(lying);
  CHECK(lying->path == "faults[0].kind");
  CHECK_THAT(lying->message, Catch::Contains("lying_write") && Catch::Contains("partition"));
  const auto nemesis = live::live_refusal(scenario_of("scenarios/raft-nemesis.json", {}));
  REQUIRE(nemesis);
  CHECK(nemesis->path == "nemesis");
  CHECK(live::live_refusal(scenario_of("scenarios/fault-clock-skew.json", {})));
}

TEST_CASE("a live node hears only its cluster's sockets, and a cancelled timer never fires",
          "[live]") {
  std::vector<int> heard;
  int timers_fired = 0;
  std::vector<sim::TimerId> timers;
  live::LiveCluster cluster(1, std::filesystem::temp_directory_path() / "scar-live-test-timers",
                            sim::Distribution{});
  const sim::NodeId listener = cluster.add_node(
      testing::scripted("n1", {.start =
                                   [&](sim::Context& ctx) {
                                     timers = {ctx.set_timer(10ms), ctx.set_timer(10ms)};
                                     // Both expire before the loop looks: their handlers queue
                                     // together.
                                     const auto until = std::chrono::steady_clock::now() + 30ms;
                                     while (std::chrono::steady_clock::now() < until) {
                                     }
                                   },
                               .message =
                                   [&](sim::Context&, const sim::Envelope& envelope) {
                                     heard.push_back(envelope.as<testing::Note>()->value);
                                   },
                               .timer =
                                   [&](sim::Context& ctx, sim::TimerId) {
                                     ++timers_fired;
                                     for (const sim::TimerId timer : timers)
                                       ctx.cancel_timer(timer);
                                   }}));
  cluster.add_node(testing::scripted(
      "n2", {.start = [&](sim::Context& ctx) { ctx.send(listener, testing::Note{1}); }}));
  cluster.start();
  // A datagram claiming to be n2's, from a socket that is not n2's: dropped.
  boost::asio::io_context io;
  boost::asio::ip::udp::socket stranger(io, boost::asio::ip::udp::v4());
  const std::string forged = live::encode_datagram(
      {live::DatagramKind::message, sim::NodeId{1}, 0, 0, sim::Message::make(testing::Note{99})});
  stranger.send_to(boost::asio::buffer(forged), cluster.node(listener).socket.local_endpoint());
  cluster.run_until(sim::at(200ms));
  CHECK(heard == std::vector<int>{1});
  CHECK(timers_fired == 1);
  std::error_code ignored;
  std::filesystem::remove_all(std::filesystem::temp_directory_path() / "scar-live-test-timers",
                              ignored);
}
