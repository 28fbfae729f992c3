// Bad input never crashes the loader: thousands of random overrides of real scenarios,
// each either loads or comes back as an InputError with a path. Never an exception, never
// an assertion.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <variant>

#include "sim/random.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

const char* paths[] = {"seed",
                       "duration",
                       "drain",
                       "name",
                       "cluster",
                       "cluster.protocol",
                       "cluster.nodes",
                       "cluster.placement",
                       "cluster.placement.n1",
                       "cluster.cpu",
                       "cluster.cpu.per_message",
                       "cluster.cpu.per_message.distribution",
                       "cluster.cpu.per_message.mean",
                       "cluster.options",
                       "cluster.options.ack",
                       "cluster.options.durability",
                       "cluster.inbox_max",
                       "network",
                       "network.latency",
                       "network.latency.p99",
                       "network.latency.median",
                       "network.loss",
                       "network.fifo",
                       "network.cross_zone",
                       "disk",
                       "disk.fsync",
                       "disk.queue_depth",
                       "workload",
                       "workload.rate",
                       "workload.clients",
                       "workload.mix",
                       "workload.mix.get",
                       "workload.keys",
                       "workload.keys.count",
                       "workload.keys.exponent",
                       "workload.retry",
                       "workload.retry.attempts",
                       "workload.retry.base",
                       "workload.timeout",
                       "workload.mode",
                       "faults",
                       "faults[0]",
                       "faults[0].kind",
                       "faults[0].at",
                       "faults[0].duration",
                       "faults[0].target",
                       "faults[0].groups",
                       "faults[0].factor",
                       "nemesis",
                       "nemesis.kinds",
                       "nemesis.every",
                       "expect",
                       "expect[0]",
                       "limits.events_max",
                       "limits"};

const char* values[] = {"0",
                        "-1",
                        "1e300",
                        "-1e300",
                        "18446744073709551616",
                        "0.5",
                        "1",
                        "3",
                        "true",
                        "null",
                        "[]",
                        "{}",
                        "[[]]",
                        "[1,2]",
                        "{\"a\":1}",
                        "\"\"",
                        "\"abc\"",
                        "\"5ms\"",
                        "\"-5ms\"",
                        "\"1e400s\"",
                        "\"0\"",
                        "\"n1\"",
                        "\"c*\"",
                        "\"zone:z9\"",
                        "\"leader\"",
                        "[\"n1\"]",
                        "[[\"n1\"],[\"n2\"]]",
                        "{\"distribution\":\"lognormal\",\"median\":\"0\",\"p99\":\"1ms\"}",
                        "{\"distribution\":\"empirical\",\"p50\":\"5ms\",\"max\":\"1ms\"}",
                        "{\"distribution\":\"uniform\"}",
                        "{\"distribution\":\"pareto\",\"scale\":\"1ms\",\"shape\":0}",
                        "{\"get\":2}",
                        "\"get.latency.p99 <\"",
                        "\"< 5\"",
                        "\"availability >= x\"",
                        "nonsense=",
                        "{\"kind\":\"partition\",\"at\":\"1s\",\"duration\":\"1s\"}",
                        "{\"kind\":\"crash\",\"at\":\"1s\",\"target\":\"n1\",\"duration\":\"1s\"}"};

std::string read(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("random overrides of real scenarios load or fail cleanly, never crash",
          "[loader][fuzz]") {
  sim::Random random(2024, "fuzz");
  int loaded = 0, refused = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(SCAR_SOURCE_DIR) + "/scenarios")) {
    const std::string text = read(entry.path().string());
    for (int round = 0; round < 150; ++round) {
      std::vector<std::string> overrides;
      const int count = 1 + static_cast<int>(random.next_below(3));
      for (int i = 0; i < count; ++i) {
        overrides.push_back(std::string(paths[random.next_below(std::size(paths))]) + "=" +
                            values[random.next_below(std::size(values))]);
      }
      INFO(entry.path().string());
      for (const auto& o : overrides) INFO(o);
      tools::LoadResult result;
      REQUIRE_NOTHROW(result = tools::parse_scenario(text, "fuzz.json", overrides));
      if (auto* error = std::get_if<tools::InputError>(&result)) {
        CHECK_FALSE(error->message.empty());
        ++refused;
      } else {
        ++loaded;
        // Every few that load also run (briefly): loading fine must mean running fine.
        if (loaded % 7 == 0) {
          tools::Scenario scenario = std::get<tools::Scenario>(std::move(result));
          scenario.duration =
              std::min(scenario.duration, sim::Duration{std::chrono::milliseconds{300}});
          scenario.drain = std::chrono::milliseconds{100};
          for (auto& fault : scenario.faults) fault.at = std::min(fault.at, scenario.duration / 2);
          REQUIRE_NOTHROW(tools::run_scenario(scenario));
        }
      }
    }
  }
  CHECK(refused > 0);
  CHECK(loaded > 0);
}

// Every numeric parameter of every fault kind and of every distribution, driven through
// extreme values: a scenario either is refused at load time (an InputError naming it) or
// runs to its end. A run that overflows a time or breaks an engine invariant would stop
// the test binary with exit 70 (SCAR_ASSERT), so reaching the checks is the proof.
TEST_CASE("extreme fault and distribution parameters are refused at load or run to the end",
          "[fuzz][faults]") {
  const std::string extremes[] = {"0", "-1", "1e12", "-1e12", "0.001", "1e-300", "1e300"};
  const std::string base =
      R"({"duration": "300ms", "drain": "100ms", "cluster": {"protocol": "primary-backup",
          "nodes": 3, "options": {"durability": "fsync"}},
          "workload": {"clients": 2, "rate": 200, "timeout": "50ms"}})";
  struct Case {
    std::string kind;
    std::string parameter;
  };
  const Case cases[] = {{"slow_node", "factor"},     {"slow_disk", "factor"},
                        {"slow_link", "factor"},     {"clock_drift", "ppm"},
                        {"clock_skew", "offset_ms"}, {"packet_loss", "probability"},
                        {"duplicate", "probability"}};
  int loaded = 0;
  for (const Case& c : cases) {
    for (const std::string& value : extremes) {
      const std::string fault = fmt::format(
          R"(faults=[{{"kind":"{}","at":"50ms","duration":"200ms","target":"n1","{}":{}}}])",
          c.kind, c.parameter, value);
      auto result = tools::parse_scenario(base, "extreme.json", {fault});
      if (std::holds_alternative<tools::InputError>(result)) {
        CHECK(std::get<tools::InputError>(result).path.find(c.parameter) != std::string::npos);
        continue;
      }
      ++loaded;
      const auto report = tools::run_scenario(std::get<tools::Scenario>(result));
      CHECK(report.end == "completed");
    }
  }
  const char* distributions[] = {R"({"distribution":"lognormal","mu":41,"sigma":10})",
                                 R"({"distribution":"lognormal","mu":50,"sigma":20})",
                                 R"({"distribution":"pareto","scale":"1ms","shape":0.01})",
                                 R"({"distribution":"exponential","mean":"24h"})",
                                 R"({"distribution":"normal","mean":"1ms","stddev":"1h"})",
                                 R"({"distribution":"uniform","min":"0","max":"1000h"})"};
  for (const char* distribution : distributions) {
    for (const char* where : {"network.latency", "cluster.cpu.per_message", "disk.fsync"}) {
      auto result =
          tools::parse_scenario(base, "extreme.json", {fmt::format("{}={}", where, distribution)});
      if (std::holds_alternative<tools::InputError>(result)) continue;
      ++loaded;
      const auto report = tools::run_scenario(std::get<tools::Scenario>(result));
      CHECK((report.end == "completed" || report.end == "events_max"));
    }
  }
  CHECK(loaded > 20);
}
