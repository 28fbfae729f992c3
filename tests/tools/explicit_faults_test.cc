// A run's fault schedule written out: the nemesis's faults on the nodes they hit, scripted
// faults with moment-dependent targets on the nodes they hit, everything else as written.
#include "tools/explicit_faults.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <variant>

#include "faults/injector.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_document.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

faults::PlannedFault planned(const std::string& kind, std::int64_t start_s, std::int64_t end_s,
                             const std::string& target, bool from_nemesis) {
  faults::FaultSpec spec;
  spec.kind = kind;
  spec.at = std::chrono::seconds{start_s};
  if (end_s > start_s) spec.duration = std::chrono::seconds{end_s - start_s};
  spec.target = target;
  return {spec, sim::at(std::chrono::seconds{start_s}), sim::at(std::chrono::seconds{end_s}),
          from_nemesis};
}

reports::FaultSummary happened(const faults::PlannedFault& fault,
                               std::vector<std::string> targets) {
  return {fault.spec.kind, fault.start, fault.end, std::move(targets), fault.from_nemesis};
}

tools::Scenario load(std::string_view text, const std::vector<std::string>& overrides = {}) {
  return scar::testing::scenario_or_fail(tools::parse_scenario(text, "test.json", overrides));
}

}  // namespace

TEST_CASE("faults are written on the nodes they hit, in the form that hits exactly those",
          "[shrink][explicit]") {
  const std::vector<faults::PlannedFault> plan = {
      planned("gc_pause", 1, 2, "", true),          // the nemesis picked n3
      planned("partition", 3, 4, "", true),         // a minority: n2 and n4 cut off
      planned("restart", 5, 5, "", true),           // every server
      planned("crash_restart", 6, 7, "", true),     // no server could go down: nothing
      planned("slow_disk", 8, 9, "leader", false),  // the primary then
      planned("clock_skew", 10, 11, "n[12]*", false),
      planned("gc_pause", 12, 13, "majority", false),
      planned("slow_node", 14, 15, "n5", false)};  // never started: the run stopped
  const std::vector<reports::FaultSummary> timeline = {
      happened(plan[0], {"n3"}),
      happened(plan[1], {"n2", "n4"}),
      happened(plan[2], {"n1", "n2", "n3", "n4", "n5"}),
      happened(plan[3], {}),
      happened(plan[4], {"n1"}),
      happened(plan[5], {"n1", "n2"}),
      happened(plan[6], {"n1", "n3", "n5"})};
  const auto written = tools::explicit_faults(plan, timeline, 5);
  REQUIRE(written.size() == 8);
  CHECK(written[0].target == "n3");
  CHECK(written[0].duration == std::chrono::seconds{1});
  CHECK(written[1].target.empty());
  CHECK(written[1].groups ==
        std::vector<std::vector<std::string>>{{"n2", "n4"}, {"n1", "n3", "n5", "c*"}});
  CHECK(written[2].target == "all");
  CHECK(written[3].kind == "slow_disk");
  CHECK(written[3].target == "n1");
  CHECK(written[4].target == "n[12]*");  // as written: it resolves the same in every run
  for (std::size_t i = 5; i < 8; ++i) {  // a majority's gc_pause: one per node
    CHECK(written[i].kind == "gc_pause");
    CHECK(written[i].at == std::chrono::seconds{12});
  }
  CHECK(written[5].target == "n1");
  CHECK(written[6].target == "n3");
  CHECK(written[7].target == "n5");
}

// The written schedule is the same run: same faults at the same instants on the same
// nodes, so the same events and the same trace hash. A fault that hit nothing is left out,
// and its start was an event of the run (seed 1 has one): the same traffic, another hash.
TEST_CASE("a nemesis run written out replays event for event without the nemesis",
          "[shrink][explicit]") {
  constexpr std::string_view nemesis = R"({
    "duration": "20s",
    "cluster": {"protocol": "primary-backup", "nodes": 5,
                "options": {"ack": "majority", "durability": "fsync"}},
    "workload": {"clients": 2, "rate": 100, "timeout": "300ms"},
    "faults": [{"kind": "gc_pause", "at": "5s", "duration": "1s", "target": "leader"}],
    "nemesis": {"kinds": ["partition", "gc_pause", "crash_restart", "slow_disk", "packet_loss"],
                "every": "1s", "duration": "500ms"}
  })";
  const std::string seed = GENERATE(as<std::string>{}, "1", "3");
  const tools::Scenario scenario = load(nemesis, {"seed=" + seed});
  const reports::RunReport original = tools::run_scenario(scenario);
  REQUIRE(original.faults.size() > 10);
  const faults::FaultInjector injector(scenario.faults, scenario.nemesis, scenario.duration,
                                       scenario.seed);
  tools::Scenario written = scenario;
  written.nemesis.reset();
  written.faults = tools::explicit_faults(injector.plan(), original.faults, 5);
  const reports::RunReport replayed = tools::run_scenario(written);
  const auto hit_nothing = std::count_if(original.faults.begin(), original.faults.end(),
                                         [](const auto& fault) { return fault.targets.empty(); });
  CHECK(replayed.network_sent() == original.network_sent());
  CHECK(replayed.network_dropped() == original.network_dropped());
  CHECK(replayed.operations.at(0).ok == original.operations.at(0).ok);
  CHECK(replayed.operations.at(1).ok == original.operations.at(1).ok);
  if (hit_nothing == 0) {
    CHECK(replayed.trace_hash == original.trace_hash);
  } else {
    CHECK(replayed.faults.size() == original.faults.size() - hit_nothing);
  }
}

TEST_CASE("a fault aimed at a protocol's role is written on the nodes in that role then",
          "[shrink][explicit][lock]") {
  const std::vector<faults::PlannedFault> plan = {planned("gc_pause", 2, 3, "role:holder", false)};
  const auto written = tools::explicit_faults(plan, {happened(plan[0], {"n4"})}, 4);
  REQUIRE(written.size() == 1);
  CHECK(written[0].target == "n4");
}
