// kv's noisy_server option: one server traces an ERROR line for every request it handles
// and counts it, and nothing else about the run changes.
#include "nodes/kv.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <variant>

#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

// The trace's lines that say ERROR, counted by node.
class ErrorLines final : public sim::Tracer {
 public:
  void line(sim::Time, std::string_view node, std::string_view text) override {
    if (text.starts_with("ERROR")) ++by_node[std::string(node)];
  }
  std::map<std::string, std::uint64_t> by_node;
};

std::string scenario(double noisy_server) {
  return R"({"duration": "2s", "cluster": {"protocol": "kv", "nodes": 3,
             "options": {"noisy_server": )" +
         std::to_string(noisy_server) + R"(}},
           "workload": {"clients": 3, "rate": 300, "mix": {"get": 0.5, "put": 0.5}}})";
}

tools::LoadResult load(double noisy_server) {
  return tools::parse_scenario(scenario(noisy_server), "noisy.json");
}

}  // namespace

TEST_CASE("kv's noisy server traces an ERROR per request it handles and counts each",
          "[kv][metrics]") {
  auto loaded = load(2);
  REQUIRE(std::holds_alternative<tools::Scenario>(loaded));
  ErrorLines errors;
  const auto noisy = tools::run_scenario(std::get<tools::Scenario>(loaded), {.tracer = &errors});
  REQUIRE(errors.by_node.size() == 1);  // n2 only
  const std::uint64_t n2_handled = noisy.nodes[1].received;
  CHECK(n2_handled > 100);
  CHECK(errors.by_node["n2"] == n2_handled);
  REQUIRE(noisy.metrics.size() == 1);
  CHECK(noisy.metrics[0] == std::pair<std::string, std::int64_t>{"errors_logged", n2_handled});

  ErrorLines none;
  const auto quiet = tools::run_scenario(std::get<tools::Scenario>(load(0)), {.tracer = &none});
  CHECK(none.by_node.empty());
  CHECK(quiet.metrics.empty());
  CHECK(quiet.trace_hash == noisy.trace_hash);  // the noise changes nothing in the run
  CHECK(quiet.operations[0].latency.percentile(0.99) ==
        noisy.operations[0].latency.percentile(0.99));
}

TEST_CASE("kv's noisy_server must name a server of the cluster", "[kv][loader]") {
  for (const double wrong : {4.0, -1.0, 2.5}) {
    auto loaded = load(wrong);
    REQUIRE(std::holds_alternative<tools::InputError>(loaded));
    const auto& error = std::get<tools::InputError>(loaded);
    CHECK(error.path == "cluster.options.noisy_server");
    CHECK(error.message.find("1 to 3") != std::string::npos);
  }
}
