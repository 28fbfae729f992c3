// scar against queueing theory: one kv server with exponential service (mean 1 ms) fed
// by open-loop Poisson arrivals at 800/s over a zero-latency network is an M/M/1 queue
// with utilisation 0.8. Its time in system is exponential with rate mu - lambda = 200/s:
// p50 = ln 2 / 200 = 3.47 ms, p99 = ln 100 / 200 = 23.0 ms.
#include <catch2/catch.hpp>
#include <cmath>
#include <variant>

#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

TEST_CASE("one kv server under Poisson load has M/M/1 latency percentiles", "[theory]") {
  const char* text = R"({
    "duration": "500s", "drain": "5s",
    "cluster": {"protocol": "kv", "nodes": 1,
                "cpu": {"per_message": {"distribution": "exponential", "mean": "1ms"}}},
    "network": {"latency": "0"},
    "workload": {"clients": 4, "rate": 800, "arrival": "poisson", "mix": {"get": 0.5, "put": 0.5},
                 "timeout": "10s"}
  })";
  auto loaded = tools::parse_scenario(text, "mm1.json");
  REQUIRE(std::holds_alternative<tools::Scenario>(loaded));
  const reports::RunReport report = tools::run_scenario(std::get<tools::Scenario>(loaded));
  reports::LatencyHistogram all;
  for (const auto& op : report.operations) {
    CHECK(op.ok == op.count);
    all.merge(op.latency);
  }
  CHECK(static_cast<double>(all.count()) == Approx(400'000).epsilon(0.01));
  const double mean_rate = 200.0;  // per second: mu - lambda
  const double p50_ms = all.percentile(0.5).count() / 1e6;
  const double p99_ms = all.percentile(0.99).count() / 1e6;
  CHECK(p50_ms == Approx(1000 * std::log(2.0) / mean_rate).epsilon(0.04));
  CHECK(p99_ms == Approx(1000 * std::log(100.0) / mean_rate).epsilon(0.05));
}
