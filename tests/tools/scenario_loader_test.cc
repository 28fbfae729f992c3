#include "tools/scenario_loader.h"

#include <catch2/catch.hpp>
#include <variant>

#include "tests/support/scenario_or_fail.h"

using namespace std::chrono_literals;
using namespace scar::tools;

namespace {

Scenario loads(std::string_view text, const std::vector<std::string>& overrides = {}) {
  return scar::testing::scenario_or_fail(parse_scenario(text, "test.json", overrides));
}

InputError fails(std::string_view text, const std::vector<std::string>& overrides = {}) {
  LoadResult result = parse_scenario(text, "test.json", overrides);
  REQUIRE(std::holds_alternative<InputError>(result));
  InputError error = std::get<InputError>(result);
  return error;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("an empty object is a complete scenario with defaults", "[loader]") {
  const Scenario scenario = loads("{}");
  CHECK(scenario.name == "test");
  CHECK(scenario.seed == 1);
  CHECK(scenario.duration == 10s);
  CHECK(scenario.cluster.protocol->name == "kv");
  CHECK(scenario.cluster.nodes == 3);
  CHECK(scenario.workload.clients == 1);
}

TEST_CASE("comments are allowed and every documented field is read", "[loader]") {
  const Scenario scenario = loads(R"({
    // a line comment
    "name": "x", "seed": 9, "duration": "1.5s", "drain": "250ms", /* a block comment */
    "cluster": {"protocol": "primary-backup", "nodes": 5, "placement": {"n5": "z2/r1"},
                "cpu": {"per_message": "20us"}, "options": {"ack": "majority"}},
    "network": {"latency": {"distribution": "uniform", "min": "1ms", "max": "2ms"},
                "cross_zone": "30ms", "loss": 0.01, "duplicate": 0.02, "fifo": false},
    "disk": {"write": "10us", "fsync": {"distribution": "lognormal", "median": "1ms", "p99": "9ms"}},
    "workload": {"clients": 4, "mode": "closed", "concurrency": 3, "think": "1ms",
                 "mix": {"get": 0.25, "put": 0.75}, "keys": {"count": 50, "distribution": "zipf"},
                 "timeout": "20ms",
                 "retry": {"policy": "exponential", "base": "5ms", "cap": "80ms", "attempts": 4, "jitter": "none"}},
    "expect": ["put.latency.p99 < 10ms", "availability >= 0.9"],
    "limits": {"events_max": 1000000}
  })");
  CHECK(scenario.name == "x");
  CHECK(scenario.duration == 1500ms);
  CHECK(scenario.cluster.nodes == 5);
  CHECK(scenario.cluster.placement.at("n5").zone == "z2");
  CHECK(scenario.cluster.options.choice("ack") == "majority");
  CHECK(scenario.cluster.options.duration("replication_timeout") == 100ms);
  CHECK(scenario.network.loss_probability == 0.01);
  CHECK_FALSE(scenario.network.fifo);
  CHECK(scenario.network.cross_zone_latency.has_value());
  CHECK(scenario.workload.mode == scar::nodes::LoadMode::closed);
  CHECK(scenario.workload.retry.attempts == 4);
  CHECK(scenario.workload.mix.size() == 2);
  CHECK(scenario.expect.size() == 2);
  CHECK(scenario.limits.events_max == 1'000'000);
}

TEST_CASE("an unknown key is an error with its path and a suggestion", "[loader][errors]") {
  const InputError error = fails(R"({"workload": {"rtae": 100}})");
  CHECK(error.file == "test.json");
  CHECK(error.path == "workload.rtae");
  CHECK(contains(error.message, "did you mean \"rate\""));
}

TEST_CASE("a value of the wrong type says what was expected and found", "[loader][errors]") {
  const InputError error = fails(R"({"workload": {"rate": "fast"}})");
  CHECK(error.path == "workload.rate");
  CHECK(contains(error.message, "expected a number"));
  CHECK(contains(error.message, "the string \"fast\""));
}

TEST_CASE("a bad duration names the units", "[loader][errors]") {
  const InputError error = fails(R"({"duration": "10 seconds"})");
  CHECK(error.path == "duration");
  CHECK(contains(error.message, "ms"));
  CHECK(fails(R"({"workload": {"retry": {"base": 5}}})").path == "workload.retry.base");
}

TEST_CASE("an unknown protocol or choice suggests the closest", "[loader][errors]") {
  const InputError error = fails(R"({"cluster": {"protocol": "primary-backpu"}})");
  CHECK(error.path == "cluster.protocol");
  CHECK(contains(error.message, "did you mean \"primary-backup\""));
  CHECK(fails(R"({"cluster": {"protocol": "primary-backup", "options": {"ack": "most"}}})").path ==
        "cluster.options.ack");
  CHECK(fails(R"({"cluster": {"protocol": "kv", "options": {"ack": "all"}}})").path ==
        "cluster.options.ack");
}

TEST_CASE("a mix that does not add up to 1 is rejected", "[loader][errors]") {
  const InputError error = fails(R"({"workload": {"mix": {"get": 0.5, "put": 0.4}}})");
  CHECK(error.path == "workload.mix");
  CHECK(contains(error.message, "add up to 0.9"));
  CHECK(fails(R"({"workload": {"mix": {"get": 0.5, "delete": 0.5}}})").path ==
        "workload.mix.delete");
}

TEST_CASE("probabilities outside 0..1 are rejected", "[loader][errors]") {
  CHECK(fails(R"({"network": {"loss": 1.5}})").path == "network.loss");
  CHECK(fails(R"({"network": {"duplicate": -0.1}})").path == "network.duplicate");
}

TEST_CASE("sizes past the stated limits are rejected", "[loader][errors]") {
  CHECK(fails(R"({"cluster": {"nodes": 1000000000000}})").path == "cluster.nodes");
  CHECK(fails(R"({"workload": {"clients": 20000}})").path == "workload.clients");
  CHECK(fails(R"({"workload": {"rate": 1e12}})").path == "workload.rate");
  CHECK(fails(R"({"duration": "24h", "workload": {"rate": 1000000}})").path == "workload.rate");
  CHECK(fails(R"({"cluster": {"nodes": 0}})").path == "cluster.nodes");
  CHECK(fails(R"({"cluster": {"nodes": 2.5}})").path == "cluster.nodes");
}

TEST_CASE("faults are checked for kind, timing and targets", "[loader][errors]") {
  const InputError kind =
      fails(R"({"faults": [{"kind": "gc_paus", "at": "1s", "duration": "1s", "target": "n1"}]})");
  CHECK(kind.path == "faults[0].kind");
  CHECK(contains(kind.message, "did you mean \"gc_pause\""));
  const InputError target =
      fails(R"({"faults": [{"kind": "gc_pause", "at": "1s", "duration": "1s", "target": "n9"}]})");
  CHECK(target.path == "faults[0].target");
  CHECK(contains(target.message, "names no node"));
  CHECK(fails(R"({"faults": [{"kind": "gc_pause", "at": "1s", "target": "n1"}]})").path ==
        "faults[0].duration");
  CHECK(fails(R"({"faults": [{"kind": "crash", "at": "99s", "target": "n1"}]})").path ==
        "faults[0].at");
  CHECK(
      fails(
          R"({"faults": [{"kind": "partition", "at": "1s", "duration": "1s", "groups": [["n1"], ["n7"]]}]})")
          .path == "faults[0].groups[1][0]");
  CHECK(
      fails(
          R"({"faults": [{"kind": "slow_disk", "at": "1s", "duration": "1s", "target": "n1", "factr": 3}]})")
          .path == "faults[0].factr");
  CHECK(fails(R"({"nemesis": {"kinds": ["crsh"]}})").path == "nemesis.kinds[0]");
}

TEST_CASE("valid fault targets load: names, globs, words, zones", "[loader]") {
  const Scenario scenario = loads(R"({"cluster": {"placement": {"n2": "z2/r1"}}, "faults": [
    {"kind": "gc_pause", "at": "1s", "duration": "1s", "target": "leader"},
    {"kind": "crash", "at": "1s", "target": "c*"},
    {"kind": "slow_node", "at": "1s", "duration": "1s", "target": "zone:z2", "factor": 10},
    {"kind": "partition", "at": "1s", "duration": "1s", "groups": [["n1"], ["n2", "n3", "c*"]]}]})");
  CHECK(scenario.faults.size() == 4);
  CHECK(scenario.faults[2].parameters.at("factor") == 10);
}

TEST_CASE("expectations are checked when the scenario loads", "[loader][errors]") {
  const InputError error =
      fails(R"({"expect": ["get.latency.p99 < 50ms", "get.latncy.p99 < 5ms"]})");
  CHECK(error.path == "expect[1]");
  CHECK(contains(error.message, "did you mean \"get.latency.p99\""));
}

TEST_CASE("invalid JSON reports the line and column", "[loader][errors]") {
  const InputError error = fails("{\n  \"seed\": 1,\n  \"duration\": \n}");
  CHECK(error.path.empty());
  CHECK(contains(error.message, "line 4"));
}

TEST_CASE("overrides given with --set change any field and are checked like the file",
          "[loader][set]") {
  const Scenario scenario =
      loads(R"({"workload": {"rate": 100}})",
            {"workload.rate=2000", "duration=30s", "cluster.options.ack=majority",
             "cluster.protocol=primary-backup", "faults=[]"});
  CHECK(scenario.workload.rate_per_second == 2000);
  CHECK(scenario.duration == 30s);
  CHECK(scenario.cluster.options.choice("ack") == "majority");
  const InputError misspelled = fails("{}", {"workload.rtae=5"});
  CHECK(misspelled.path == "workload.rtae");
  const InputError malformed = fails("{}", {"workload.rate"});
  CHECK(malformed.file == "--set");
  const Scenario indexed =
      loads(R"({"faults": [{"kind": "crash", "at": "1s", "target": "n1"}]})", {"faults[0].at=2s"});
  CHECK(indexed.faults[0].at == 2s);
}

TEST_CASE("a missing file says so", "[loader][errors]") {
  LoadResult result = load_scenario("/no/such/file.json");
  REQUIRE(std::holds_alternative<InputError>(result));
  CHECK(contains(std::get<InputError>(result).message, "cannot open"));
}

TEST_CASE("rate changes load in order and are checked with their paths", "[loader][rate]") {
  const Scenario scenario = loads(R"({"duration": "6s", "workload": {"rate": 300,
      "rate_changes": [{"at": "2s", "rate": 1500}, {"at": "4s", "rate": 300}]}})");
  REQUIRE(scenario.workload.rate_changes.size() == 2);
  CHECK(scenario.workload.rate_changes[0].at == 2s);
  CHECK(scenario.workload.rate_changes[0].rate_per_second == 1500);
  CHECK(scenario.workload.rate_at(1999ms) == 300);
  CHECK(scenario.workload.rate_at(2s) == 1500);
  CHECK(scenario.workload.rate_at(5s) == 300);

  const auto rate_error = [](std::string_view changes) {
    return fails(R"({"workload": {"rate_changes": )" + std::string(changes) + "}}");
  };
  CHECK(rate_error(R"({"at": "1s"})").path == "workload.rate_changes");
  CHECK(rate_error(R"([{"at": "1s"}])").path == "workload.rate_changes[0].rate");
  CHECK(rate_error(R"([{"rate": 5}])").path == "workload.rate_changes[0].at");
  CHECK(rate_error(R"([{"at": "0s", "rate": 5}])").path == "workload.rate_changes[0].at");
  CHECK(rate_error(R"([{"at": "1s", "rate": -5}])").path == "workload.rate_changes[0].rate");
  CHECK(rate_error(R"([{"at": "1s", "rate": 5, "rtae": 1}])").path ==
        "workload.rate_changes[0].rtae");
  const InputError out_of_order =
      rate_error(R"([{"at": "2s", "rate": 5}, {"at": "1s", "rate": 6}])");
  CHECK(out_of_order.path == "workload.rate_changes[1].at");
  CHECK(contains(out_of_order.message, "after 2s"));
  CHECK(fails(R"({"workload": {"mode": "closed", "rate_changes": []}})").path ==
        "workload.rate_changes");
  CHECK(fails(R"({"duration": "24h", "workload": {"rate": 1,
      "rate_changes": [{"at": "1h", "rate": 1000000}]}})")
            .path == "workload.rate_changes");
}
