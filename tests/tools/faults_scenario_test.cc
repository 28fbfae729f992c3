// Fault scenarios end to end: what users see, and what the durability checker catches.
#include <catch2/catch.hpp>
#include <variant>

#include "reports/report_json.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

reports::RunReport run(std::string_view text, const std::vector<std::string>& overrides = {}) {
  auto loaded =
      scar::testing::scenario_or_fail(tools::parse_scenario(text, "test.json", overrides));
  return tools::run_scenario(loaded);
}

sim::Duration p99(const reports::RunReport& report) {
  reports::LatencyHistogram all;
  for (const auto& op : report.operations) all.merge(op.latency);
  return all.percentile(0.99);
}

constexpr std::string_view gc_pause = R"({
  "duration": "30s",
  "cluster": {"protocol": "kv", "nodes": 1, "cpu": {"per_message": "50us"}},
  "network": {"latency": "100us"},
  "workload": {"clients": 1, "rate": 1000, "mix": {"get": 0.5, "put": 0.5}, "timeout": "10s"},
  "faults": [{"kind": "gc_pause", "at": "10s", "duration": "2s", "target": "n1"}]
})";

}  // namespace

TEST_CASE("open-loop latency tells the truth about a pause; a closed loop hides it",
          "[faults][gc_pause]") {
  const auto open = run(gc_pause);
  // 2% of requests arrived during the pause and waited up to 2 s.
  CHECK(p99(open) > std::chrono::milliseconds{1500});
  const auto closed = run(gc_pause, {"workload.mode=closed", "workload.concurrency=1"});
  // The closed loop sent one request into the pause and waited: one slow operation.
  CHECK(p99(closed) < std::chrono::milliseconds{10});
  REQUIRE(open.phases.size() == 3);
  CHECK(open.phases[1].name == "during gc_pause");
  CHECK(open.faults.size() == 1);
  CHECK(open.faults[0].targets == std::vector<std::string>{"n1"});
}

namespace {

constexpr std::string_view crash_kv = R"({
  "duration": "20s",
  "cluster": {"protocol": "kv", "nodes": 1, "options": {"durability": "fsync"}},
  "workload": {"clients": 2, "rate": 200, "mix": {"get": 0.5, "put": 0.5}, "keys": {"count": 50}, "timeout": "1s"},
  "faults": [{"kind": "crash_restart", "at": "10s", "duration": "1s", "target": "n1"}]
})";

}  // namespace

TEST_CASE("the scenario's disk latencies reach the servers' disks", "[faults][disk]") {
  constexpr std::string_view text = R"({
    "duration": "5s",
    "cluster": {"protocol": "kv", "nodes": 1, "options": {"durability": "fsync"}},
    "network": {"latency": "0"},
    "disk": {"write": "1ms", "fsync": "20ms", "queue_depth": 1000},
    "workload": {"rate": 10, "arrival": "constant", "mix": {"put": 1.0}, "timeout": "1s"}
  })";
  const auto report = run(text);
  REQUIRE(report.operations.size() == 1);
  CHECK(report.operations[0].latency.min() == std::chrono::milliseconds{21});
  CHECK(report.operations[0].latency.max() == std::chrono::milliseconds{21});
}

TEST_CASE("acknowledging before fsync loses writes on a crash; fsync keeps them",
          "[faults][durability]") {
  CHECK(run(crash_kv).lost_acknowledged_writes == 0);
  CHECK(run(crash_kv, {"cluster.options.durability=write"}).lost_acknowledged_writes > 0);
  CHECK(run(crash_kv, {"cluster.options.durability=none"}).lost_acknowledged_writes > 0);
}

TEST_CASE("fsync does not save writes from a disk that lies", "[faults][durability]") {
  const auto report = run(
      crash_kv, {R"(faults=[{"kind": "lying_write", "at": "5s", "duration": "5s", "target": "n1"},
                                               {"kind": "crash_restart", "at": "10s", "duration": "1s", "target": "n1"}])"});
  CHECK(report.lost_acknowledged_writes > 0);
}

TEST_CASE("primary-backup with fsync everywhere still loses writes when the primary's disk lies",
          "[faults][durability]") {
  constexpr std::string_view text = R"({
    "duration": "20s",
    "cluster": {"protocol": "primary-backup", "nodes": 3, "options": {"durability": "fsync"}},
    "workload": {"clients": 2, "rate": 200, "mix": {"get": 0.5, "put": 0.5}, "keys": {"count": 50}, "timeout": "1s"},
    "faults": [{"kind": "lying_write", "at": "5s", "duration": "5s", "target": "n1"},
               {"kind": "crash_restart", "at": "10s", "duration": "1s", "target": "n1"}]
  })";
  CHECK(run(text).lost_acknowledged_writes > 0);
  CHECK(run(text, {"faults[0].target=n2"}).lost_acknowledged_writes ==
        0);  // a backup's lie is masked
}

TEST_CASE("fault runs replay byte for byte, nemesis included", "[faults][determinism]") {
  constexpr std::string_view text = R"({
    "duration": "30s",
    "cluster": {"protocol": "primary-backup", "nodes": 5, "options": {"durability": "fsync", "ack": "majority"}},
    "workload": {"clients": 4, "rate": 500, "mix": {"get": 0.7, "put": 0.3}, "timeout": "200ms",
                 "retry": {"policy": "exponential", "attempts": 3}},
    "nemesis": {"kinds": ["partition", "gc_pause", "crash_restart", "slow_disk", "packet_loss", "clock_skew"],
                "every": "2s", "duration": "1s"}
  })";
  const auto first = run(text);
  const auto second = run(text);
  CHECK(first.faults.size() > 5);
  CHECK(first.trace_hash == second.trace_hash);
  CHECK(reports::to_json(first, reports::WallClock::omit) ==
        reports::to_json(second, reports::WallClock::omit));
  CHECK(run(text, {"seed=2"}).trace_hash != first.trace_hash);
}
