// The Perfetto trace: valid Trace Event Format, every flow with both ends.
#include "reports/perfetto_trace.h"

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <variant>

#include "reports/message_diagram.h"
#include "tools/observer_fan_out.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"
#include "tools/scenario_readers.h"

using namespace std::chrono_literals;
using namespace scar;
using Json = nlohmann::json;

namespace {

struct Outputs {
  std::string perfetto;
  std::string diagram;
};

Outputs run_with_outputs(const char* file, sim::Time from, sim::Time to) {
  auto loaded = tools::load_scenario(std::string(SCAR_SOURCE_DIR) + "/scenarios/" + file);
  REQUIRE(std::holds_alternative<tools::Scenario>(loaded));
  const tools::Scenario& scenario = std::get<tools::Scenario>(loaded);
  reports::PerfettoTrace trace(tools::node_names(scenario), scenario.cluster.nodes);
  reports::MessageDiagram diagram(tools::node_names(scenario), from, to, 50);
  tools::ObserverFanOut both;
  both.add(&trace);
  both.add(&diagram);
  tools::run_scenario(scenario, {.observer = &both});
  return {trace.json(), diagram.svg()};
}

}  // namespace

TEST_CASE("the Perfetto trace is valid Trace Event Format with both ends of every flow",
          "[perfetto]") {
  const Outputs outputs =
      run_with_outputs("fault-crash.json", sim::Time{3900ms}, sim::Time{4100ms});
  const Json trace = Json::parse(outputs.perfetto);
  REQUIRE(trace.contains("traceEvents"));
  std::map<std::uint64_t, std::set<std::string>> flows;
  std::map<std::uint64_t, int> async_balance;
  std::set<std::string> categories;
  for (const Json& event : trace.at("traceEvents")) {
    REQUIRE(event.contains("name"));
    REQUIRE(event.contains("ph"));
    REQUIRE(event.contains("pid"));
    const std::string phase = event.at("ph");
    CHECK(std::string("MXsfibe").find(phase) != std::string::npos);
    if (phase == "M") continue;
    REQUIRE(event.contains("tid"));
    REQUIRE(event.at("ts").is_number());
    CHECK(event.at("ts").get<double>() >= 0);
    categories.insert(event.at("cat").get<std::string>());
    if (phase == "X") CHECK(event.at("dur").get<double>() >= 0);
    if (phase == "s" || phase == "f") flows[event.at("id").get<std::uint64_t>()].insert(phase);
    if (phase == "b") ++async_balance[event.at("id").get<std::uint64_t>()];
    if (phase == "e") --async_balance[event.at("id").get<std::uint64_t>()];
  }
  CHECK(flows.size() > 1000);
  for (const auto& [id, ends] : flows) {
    INFO("flow " << id);
    CHECK(ends == std::set<std::string>{"s", "f"});
  }
  for (const auto& [id, balance] : async_balance) CHECK(balance == 0);
  for (const char* category : {"cpu", "message", "operation", "fault", "node"}) {
    INFO(category);
    CHECK(categories.contains(category));
  }
}
