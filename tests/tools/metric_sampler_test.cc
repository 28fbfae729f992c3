// The protocol's counters over time (tools/metric_sampler.h): each window holds what a
// counter grew by in it, per server and for the clients together, and the windows add up
// to the run's totals.
#include "tools/metric_sampler.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <variant>

#include "reports/html_report.h"
#include "reports/report_json.h"
#include "tests/sim/script_node.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace std::chrono_literals;
using namespace scar;
using testing::scripted;

namespace {

// Counts `metric` by `delta` at `first`, then every `every` (never, when zero).
testing::Script counting(std::string metric, std::int64_t delta, sim::Duration first,
                         sim::Duration every = 0s) {
  return {.start = [first](sim::Context& ctx) { ctx.set_timer(first); },
          .timer =
              [metric, delta, every](sim::Context& ctx, sim::TimerId) {
                ctx.count(metric, delta);
                if (every > 0s) ctx.set_timer(every);
              }};
}

const reports::MetricSeries& series_named(const std::vector<reports::MetricSeries>& all,
                                          std::string_view name) {
  for (const auto& series : all)
    if (series.name == name) return series;
  FAIL("no series " << name);
  return all.front();
}

reports::RunReport run(std::string_view text, sim::Duration window = 1s) {
  auto loaded = scar::testing::scenario_or_fail(tools::parse_scenario(text, "metrics.json"));
  return tools::run_scenario(loaded, {.window = window});
}

// One kv server that fsyncs every put: 100 puts a second, and n1 paused from 2 s to 3 s.
constexpr std::string_view paused_fsyncs = R"({
  "duration": "5s", "drain": "1s",
  "cluster": {"protocol": "kv", "nodes": 1, "options": {"durability": "fsync"}},
  "network": {"latency": "0"},
  "disk": {"fsync": "1ms", "queue_depth": 256},
  "workload": {"rate": 100, "arrival": "constant", "mix": {"put": 1.0}, "timeout": "2s"},
  "faults": [{"kind": "gc_pause", "at": "2s", "duration": "1s", "target": "n1"}]
})";

}  // namespace

TEST_CASE("a counter's growth lands in the window it happened in, per server and for clients",
          "[series][metrics]") {
  sim::World world(testing::instant_network());
  world.add_node(scripted("n1", counting("ticks", 1, 50ms, 100ms)));  // 10 a window
  world.add_node(scripted("n2", counting("burst", 5, 2500ms)));
  sim::NodeSpec client = scripted("c1", counting("ticks", 2, 1500ms));
  client.server = false;
  world.add_node(std::move(client));
  tools::MetricSampler sampler(world, 1s, 3);
  world.set_sampler(1s, [&sampler](sim::Time boundary) { sampler.sample(boundary); });
  world.start();
  world.run_until(sim::at(2700ms));  // the last window is cut short: finish samples it

  const auto series = sampler.finish(world.now(), {{"ticks", "timer ticks"}});
  REQUIRE(series.size() == 2);
  CHECK(series[0].name == "burst");  // sorted by name
  const auto& ticks = series_named(series, "ticks");
  CHECK(ticks.meaning == "timer ticks");
  CHECK(ticks.total == std::vector<std::int64_t>{10, 12, 7});
  REQUIRE(ticks.holders.size() == 2);  // n2 never ticked
  CHECK(ticks.holders[0].name == "n1");
  CHECK(ticks.holders[0].windows == std::vector<std::int64_t>{10, 10, 7});
  CHECK(ticks.holders[1].name == "clients");
  CHECK(ticks.holders[1].windows == std::vector<std::int64_t>{0, 2, 0});
  const auto& burst = series_named(series, "burst");
  CHECK(burst.meaning.empty());  // not declared
  CHECK(burst.total == std::vector<std::int64_t>{0, 0, 5});
  REQUIRE(burst.holders.size() == 1);
  CHECK(burst.holders[0].name == "n2");
}

TEST_CASE("a run that stops early keeps its last growth in the window it stopped in",
          "[series][metrics]") {
  sim::World world(testing::instant_network());
  world.add_node(scripted("n1", counting("ticks", 1, 50ms, 100ms)));
  tools::MetricSampler sampler(world, 1s, 5);  // planned for 5 s
  world.set_sampler(1s, [&sampler](sim::Time boundary) { sampler.sample(boundary); });
  world.start();
  world.run_until(sim::at(1500ms));  // stopped (an invariant broke, a limit was hit)
  const auto series = sampler.finish(world.now(), {});
  REQUIRE(series.size() == 1);
  CHECK(series[0].total == std::vector<std::int64_t>{10, 5, 0, 0, 0});
}

TEST_CASE("a paused server's counter stops in the pause and catches up after it",
          "[series][metrics]") {
  const auto report = run(paused_fsyncs);
  const auto& fsyncs = series_named(report.series.metrics, "fsyncs");
  REQUIRE(fsyncs.total.size() == 6);
  CHECK(fsyncs.total[0] >= 99);
  CHECK(fsyncs.total[1] == 100);
  CHECK(fsyncs.total[2] == 0);    // paused: the puts wait in n1's inbox
  CHECK(fsyncs.total[3] >= 199);  // the waiting puts and the window's own
  CHECK(fsyncs.total[5] <= 1);    // the drain starts no puts
  CHECK_FALSE(fsyncs.meaning.empty());
  REQUIRE(fsyncs.holders.size() == 1);
  CHECK(fsyncs.holders[0].windows == fsyncs.total);
}

TEST_CASE("the counters' windows add up to their totals, at any window, without changing the run",
          "[series][metrics][determinism]") {
  const auto coarse = run(paused_fsyncs, 1s);
  const auto fine = run(paused_fsyncs, 100ms);
  CHECK(coarse.trace_hash == fine.trace_hash);
  REQUIRE(coarse.metrics.size() == 1);
  for (const auto* report : {&coarse, &fine}) {
    const auto& fsyncs = series_named(report->series.metrics, "fsyncs");
    std::int64_t sum = 0;
    for (std::int64_t window : fsyncs.total) sum += window;
    CHECK(sum == report->metrics[0].second);
  }
  CHECK(series_named(fine.series.metrics, "fsyncs").total.size() == 60);
}

TEST_CASE("the JSON report and the HTML report carry each counter that changed over time",
          "[series][metrics][html]") {
  const std::string json = reports::to_json(run(paused_fsyncs));
  const auto parsed = nlohmann::json::parse(json);
  const auto& fsyncs = parsed.at("series").at("metrics").at("fsyncs");
  CHECK(fsyncs.at("total").size() == 6);
  CHECK(fsyncs.at("nodes").at("n1") == fsyncs.at("total"));
  const std::string html = reports::html_report(json);
  CHECK(html.find("Protocol counters over time") != std::string::npos);
  CHECK(html.find("metrics.fsyncs: ") != std::string::npos);

  // Without durability nothing is counted: no series and no section.
  const std::string quiet = reports::to_json(run(R"({
    "duration": "2s", "cluster": {"protocol": "kv", "nodes": 1},
    "workload": {"rate": 10, "mix": {"put": 1.0}}
  })"));
  CHECK(nlohmann::json::parse(quiet).at("series").at("metrics").empty());
  CHECK(reports::html_report(quiet).find("Protocol counters over time") == std::string::npos);
}
