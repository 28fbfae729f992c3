// g-counter: the merge is a join (commutative, associative, idempotent), so replicas that
// have seen the same slots agree whatever the order; and a cluster cut in two serves adds
// on both sides and converges once the cut heals.
#include "nodes/g_counter.h"

#include <catch2/catch.hpp>
#include <string>
#include <variant>

#include "sim/random.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using scar::nodes::GCounter;

namespace {

constexpr std::size_t slots = 4;

GCounter random_counter(scar::sim::Random& random) {
  GCounter counter(slots);
  for (std::size_t slot = 0; slot < slots; ++slot) counter.increment(slot, random.next_below(20));
  return counter;
}

GCounter merged(GCounter a, const GCounter& b) {
  a.merge(b);
  return a;
}

scar::reports::RunReport run(const std::string& text) {
  auto loaded =
      scar::testing::scenario_or_fail(scar::tools::parse_scenario(text, "g-counter.json"));
  return scar::tools::run_scenario(std::move(loaded));
}

// n1 and n2 cut off from n3 from 1 s to 2 s; clients reach every server.
std::string partitioned(const std::string& gossip) {
  return R"({"duration": "3s", "drain": "1s",
             "cluster": {"protocol": "g-counter", "nodes": 3, "options": {"gossip": ")" +
         gossip + R"("}},
             "workload": {"clients": 3, "rate": 300, "mix": {"add": 0.9, "get": 0.1},
                          "keys": {"count": 6}, "timeout": "100ms"},
             "faults": [{"kind": "partition", "at": "1s", "duration": "1s",
                         "groups": [["n1", "n2"], ["n3"]]}],
             "checks": ["counter", "converged"]})";
}

}  // namespace

TEST_CASE("the g-counter merge is commutative, associative and idempotent", "[g-counter]") {
  scar::sim::Random random(1, "g-counter-test");
  for (int trial = 0; trial < 200; ++trial) {
    const GCounter a = random_counter(random);
    const GCounter b = random_counter(random);
    const GCounter c = random_counter(random);
    CHECK(merged(a, b) == merged(b, a));
    CHECK(merged(merged(a, b), c) == merged(a, merged(b, c)));
    CHECK(merged(a, a) == a);
    CHECK(merged(merged(a, b), b) == merged(a, b));
  }
}

TEST_CASE("a g-counter merge keeps every slot's largest count, and sums the slots", "[g-counter]") {
  GCounter a(3), b(3);
  a.increment(0, 5);
  a.increment(1, 1);
  b.increment(1, 4);
  b.increment(2, 2);
  a.merge(b);
  CHECK(a.slots() == std::vector<std::uint64_t>{5, 4, 2});
  CHECK(a.sum() == 11);
}

TEST_CASE("g-counter serves every add through a partition and converges after it heals",
          "[g-counter]") {
  const auto report = run(partitioned("50ms"));
  CHECK(report.availability() == 1.0);
  const auto* converged = report.check("converged");
  REQUIRE(converged != nullptr);
  INFO(converged->detail);
  CHECK(converged->verdict == scar::reports::CheckVerdict::passed);
  const auto* counter = report.check("counter");
  REQUIRE(counter != nullptr);
  INFO(counter->detail);
  CHECK(counter->verdict == scar::reports::CheckVerdict::passed);
}

TEST_CASE("g-counter replicas that have not gossiped differ: convergence is the gossip's work",
          "[g-counter]") {
  // The first gossip would be due after the run ends: no server hears of another's adds.
  const auto report = run(partitioned("10s"));
  CHECK(report.availability() == 1.0);
  const auto* converged = report.check("converged");
  REQUIRE(converged != nullptr);
  CHECK(converged->verdict == scar::reports::CheckVerdict::failed);
}

TEST_CASE("a g-counter client cut off with one server is served by it", "[g-counter]") {
  // c3 talks to n3 (its own server), so the cut leaves every client a server to talk to.
  const auto report = run(R"({"duration": "3s",
      "cluster": {"protocol": "g-counter", "nodes": 3},
      "workload": {"clients": 3, "rate": 300, "mix": {"add": 0.9, "get": 0.1},
                   "keys": {"count": 6}, "timeout": "100ms"},
      "faults": [{"kind": "partition", "at": "1s", "duration": "1s",
                  "groups": [["n1", "n2", "c1", "c2"], ["n3", "c3"]]}],
      "checks": ["counter", "converged"]})");
  CHECK(report.availability() == 1.0);
  CHECK(report.check("converged")->verdict == scar::reports::CheckVerdict::passed);
}
