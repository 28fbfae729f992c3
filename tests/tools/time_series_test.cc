// The report's time series and phases.
#include <catch2/catch.hpp>
#include <variant>

#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace std::chrono_literals;
using namespace scar;

namespace {

reports::RunReport run(std::string_view text, sim::Duration window = 1s) {
  auto loaded = scar::testing::scenario_or_fail(tools::parse_scenario(text, "series.json"));
  return tools::run_scenario(loaded, {.window = window});
}

constexpr std::string_view steady = R"({
  "duration": "5s", "drain": "1s",
  "cluster": {"protocol": "kv", "nodes": 1, "cpu": {"per_message": "1ms"}},
  "network": {"latency": "0"},
  "workload": {"rate": 500, "arrival": "constant", "mix": {"get": 1.0}, "timeout": "1s"},
  "faults": [{"kind": "gc_pause", "at": "2s", "duration": "1s", "target": "n1"}]
})";

}  // namespace

TEST_CASE("operations are counted in the window of their intended start", "[series]") {
  const auto report = run(steady);
  REQUIRE(report.series.window_count == 6);
  REQUIRE(report.series.operations.size() == 1);
  const auto& windows = report.series.operations[0].windows;
  for (int i = 0; i < 5; ++i) CHECK(windows[i].count == 500);
  CHECK(windows[5].count == 0);  // the drain starts nothing
  // Requests that arrived during the pause (window 2) waited for it; later ones did not.
  CHECK(windows[2].latency.percentile(0.5) > 400ms);
  CHECK(windows[1].latency.max() == 1ms);
  CHECK(windows[4].latency.max() == 1ms);
}

TEST_CASE("node series show CPU utilisation, inbox depth and message counts per window",
          "[series]") {
  const auto report = run(steady);
  REQUIRE(report.series.nodes.size() == 1);
  const auto& n1 = report.series.nodes[0].windows;
  CHECK(n1[0].cpu_utilisation == Approx(0.5));  // 500 requests x 1 ms in 1 s
  CHECK(n1[0].received == 500);
  CHECK(n1[0].sent == 500);
  CHECK(n1[2].received == 0);  // paused all window
  CHECK(n1[2].inbox_depth_max >= 499);
  CHECK(n1[3].inbox_depth_max >= 499);  // the backlog drains at the start of window 3
  CHECK(n1[0].inbox_depth_max <= 1);
}

TEST_CASE("phases split the run at fault boundaries", "[series][phases]") {
  const auto report = run(steady);
  REQUIRE(report.phases.size() == 3);
  CHECK(report.phases[0].name == "before faults");
  CHECK(report.phases[0].end == sim::Time{2s});
  CHECK(report.phases[1].name == "during gc_pause");
  CHECK(report.phases[2].name == "after faults");
  CHECK(report.phases[1].operations.at(0).count == 500);
  CHECK(report.phases[1].operations.at(0).latency.percentile(0.5) > 400ms);
  // After the pause the backlog drains at the spare half of the CPU: slower, not stuck.
  CHECK(report.phases[2].operations.at(0).latency.percentile(0.99) < 600ms);
  CHECK(report.phases[2].operations.at(0).latency.percentile(0.5) < 10ms);
}

TEST_CASE("the window only changes the report, never the run", "[series][determinism]") {
  const auto coarse = run(steady, 1s);
  const auto fine = run(steady, 100ms);
  CHECK(coarse.trace_hash == fine.trace_hash);
  CHECK(coarse.events == fine.events);
  CHECK(fine.series.window_count == 60);
  std::uint64_t total = 0;
  for (const auto& window : fine.series.operations[0].windows) total += window.count;
  CHECK(total == 2500);
}

TEST_CASE("a fault that finds no target makes no phase of its own", "[series][phases]") {
  // A kv cluster has no leader: the first pause, aimed at "leader", resolves to no node and
  // changes nothing.
  constexpr std::string_view text = R"({
    "duration": "5s", "drain": "1s",
    "cluster": {"protocol": "kv", "nodes": 1, "cpu": {"per_message": "1ms"}},
    "network": {"latency": "0"},
    "workload": {"rate": 500, "arrival": "constant", "mix": {"get": 1.0}, "timeout": "1s"},
    "faults": [{"kind": "gc_pause", "at": "1s", "duration": "1s", "target": "leader"},
               {"kind": "gc_pause", "at": "3s", "duration": "1s", "target": "n1"}]
  })";
  const auto report = run(text);
  REQUIRE(report.faults.size() == 2);
  CHECK(report.faults[0].targets.empty());
  // Before faults runs until the pause that hit n1: the empty window at 1 s cuts nothing.
  REQUIRE(report.phases.size() == 3);
  CHECK(report.phases[0].name == "before faults");
  CHECK(report.phases[0].end == sim::Time{3s});
  CHECK(report.phases[0].operations.at(0).count == 1500);
  CHECK(report.phases[1].name == "during gc_pause");
  CHECK(report.phases[2].name == "after faults");
}

TEST_CASE("phases are named in one pass over thousands of faults", "[series][phases]") {
  constexpr std::string_view text = R"({
    "duration": "2h", "drain": "1s",
    "cluster": {"protocol": "kv", "nodes": 3},
    "workload": {"rate": 1, "timeout": "1s"},
    "nemesis": {"kinds": ["gc_pause", "slow_disk"], "every": "1s", "duration": "500ms"}
  })";
  const auto report = run(text, 1min);
  CHECK(report.faults.size() > 6000);
  CHECK(report.phases.size() > 6000);
  for (std::size_t i = 1; i < report.phases.size(); ++i) {
    CHECK(report.phases[i].start == report.phases[i - 1].end);
    CHECK(report.phases[i].name != report.phases[i - 1].name);  // neighbours of one name merge
  }
}
