// ids: each scheme's layout (a counter counts from 1; a timestamp id is milliseconds |
// server | sequence; random ids are the node's random stream), the server's count of ids
// that go backwards or repeat, and a whole run in which one server's clock is stepped
// back 2 s: that server, and only it, issues ids below its earlier ones and repeats some.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <variant>

#include "nodes/ids/id_scheme.h"
#include "nodes/ids/issued_ids.h"
#include "sim/random.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using scar::nodes::ids::IdMaker;
using scar::nodes::ids::IdScheme;
using scar::nodes::ids::IssuedIds;
using scar::nodes::ids::TimestampLayout;
using scar::nodes::ids::TimestampParts;
using namespace std::chrono_literals;

namespace {

scar::sim::Time at_ms(std::int64_t millisecond) {
  return scar::sim::at(std::chrono::milliseconds(millisecond));
}

scar::reports::RunReport run(const std::string& text) {
  auto loaded = scar::testing::scenario_or_fail(scar::tools::parse_scenario(text, "ids.json"));
  return scar::tools::run_scenario(std::move(loaded));
}

std::int64_t metric(const std::vector<std::pair<std::string, std::int64_t>>& metrics,
                    const std::string& name) {
  for (const auto& [metric_name, value] : metrics) {
    if (metric_name == name) return value;
  }
  return 0;
}

// Three servers issuing timestamp ids; `faults` is a JSON list.
std::string timestamp_run(const std::string& faults) {
  return R"({"duration": "4s",
             "cluster": {"protocol": "ids", "nodes": 3, "options": {"scheme": "timestamp"}},
             "workload": {"clients": 3, "rate": 300, "mix": {"add": 1.0}, "keys": {"count": 30},
                          "timeout": "500ms"},
             "faults": )" +
         faults + "}";
}

}  // namespace

TEST_CASE("a timestamp id is milliseconds, then the server's 10 bits, then 12 of sequence",
          "[ids]") {
  using scar::nodes::ids::timestamp_id;
  CHECK(timestamp_id(1, 0, 0) == std::uint64_t{1} << 22);
  CHECK(timestamp_id(0, 1, 0) == std::uint64_t{1} << 12);
  CHECK(timestamp_id(0, 0, 1) == 1);
  CHECK(timestamp_id(TimestampLayout::millisecond_max, TimestampLayout::server_max,
                     TimestampLayout::sequence_max) == ~std::uint64_t{0});
  const TimestampParts parts{.millisecond = 123'456, .server = 7, .sequence = 89};
  CHECK(scar::nodes::ids::timestamp_parts(timestamp_id(123'456, 7, 89)) == parts);
  // A later millisecond sorts above any server and sequence of an earlier one.
  CHECK(timestamp_id(2, 0, 0) >
        timestamp_id(1, TimestampLayout::server_max, TimestampLayout::sequence_max));
}

TEST_CASE("the counter scheme issues 1, 2, 3 whatever the clock says", "[ids]") {
  scar::sim::Random random(1, "ids-test");
  IdMaker maker(IdScheme::counter, 0);
  CHECK(maker.next(at_ms(5), random) == 1u);
  CHECK(maker.next(at_ms(1), random) == 2u);
  CHECK(maker.next(at_ms(1), random) == 3u);
}

TEST_CASE("the timestamp scheme numbers ids within a millisecond and restarts at the next",
          "[ids]") {
  scar::sim::Random random(1, "ids-test");
  IdMaker maker(IdScheme::timestamp, 5);
  using scar::nodes::ids::timestamp_parts;
  CHECK(timestamp_parts(*maker.next(at_ms(10), random)) == TimestampParts{10, 5, 0});
  CHECK(timestamp_parts(*maker.next(at_ms(10) + 300us, random)) == TimestampParts{10, 5, 1});
  CHECK(timestamp_parts(*maker.next(at_ms(11), random)) == TimestampParts{11, 5, 0});
  // A clock before its zero counts as millisecond 0.
  IdMaker early(IdScheme::timestamp, 0);
  CHECK(timestamp_parts(*early.next(scar::sim::Time(-5ms), random)) == TimestampParts{0, 0, 0});
}

TEST_CASE("the timestamp scheme refuses the 4097th id of one millisecond", "[ids]") {
  scar::sim::Random random(1, "ids-test");
  IdMaker maker(IdScheme::timestamp, 0);
  for (std::uint64_t i = 0; i <= TimestampLayout::sequence_max; ++i) {
    REQUIRE(maker.next(at_ms(3), random).has_value());
  }
  CHECK_FALSE(maker.next(at_ms(3), random).has_value());
  CHECK(maker.next(at_ms(4), random).has_value());
}

TEST_CASE("a clock stepped back makes timestamp ids go backwards and repeat", "[ids]") {
  scar::sim::Random random(1, "ids-test");
  IdMaker maker(IdScheme::timestamp, 2);
  IssuedIds issued;
  const std::uint64_t first = *maker.next(at_ms(1'000), random);
  CHECK_FALSE(issued.record(first).backwards);
  CHECK_FALSE(issued.record(*maker.next(at_ms(3'000), random)).backwards);
  // Stepped back 2 s: millisecond 1000 again, sequence 0 again: the same id as the first.
  const std::uint64_t again = *maker.next(at_ms(1'000), random);
  CHECK(again == first);
  const IssuedIds::Verdict verdict = issued.record(again);
  CHECK(verdict.backwards);
  CHECK(verdict.duplicate);
  // Still below the highest id issued (at 3000 ms), though above the previous one.
  const IssuedIds::Verdict later = issued.record(*maker.next(at_ms(1'001), random));
  CHECK(later.backwards);
  CHECK_FALSE(later.duplicate);
}

TEST_CASE("random ids are the node's random stream, and do not sort", "[ids]") {
  scar::sim::Random random(9, "ids-test");
  scar::sim::Random same(9, "ids-test");
  IdMaker maker(IdScheme::random, 0);
  IssuedIds issued;
  int backwards = 0;
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t id = *maker.next(at_ms(i), random);
    CHECK(id == same.next_u64());
    const IssuedIds::Verdict verdict = issued.record(id);
    CHECK_FALSE(verdict.duplicate);
    if (verdict.backwards) ++backwards;
  }
  CHECK(backwards > 50);
}

TEST_CASE("issued ids: above every earlier id is forward; a repeat is backwards and a duplicate",
          "[ids]") {
  IssuedIds issued;
  CHECK_FALSE(issued.record(10).backwards);
  CHECK_FALSE(issued.record(20).backwards);
  const IssuedIds::Verdict lower = issued.record(15);
  CHECK(lower.backwards);
  CHECK_FALSE(lower.duplicate);
  const IssuedIds::Verdict repeat = issued.record(20);
  CHECK(repeat.backwards);
  CHECK(repeat.duplicate);
  CHECK_FALSE(issued.record(21).backwards);
}

TEST_CASE("only the server whose clock is stepped back issues ids backwards", "[ids]") {
  const auto calm = run(timestamp_run("[]"));
  CHECK(metric(calm.metrics, "ids_issued") > 1'000);
  CHECK(metric(calm.metrics, "ids_backwards") == 0);
  CHECK(metric(calm.metrics, "ids_duplicate") == 0);

  const auto skewed = run(timestamp_run(
      R"([{"kind": "clock_skew", "at": "2s", "duration": "1s", "target": "n2",
           "offset_ms": -2000}])"));
  CHECK(metric(skewed.metrics, "ids_backwards") > 50);  // about n2's ids for that second
  REQUIRE(skewed.nodes.at(1).name == "n2");
  CHECK(metric(skewed.nodes.at(1).metrics, "ids_backwards") ==
        metric(skewed.metrics, "ids_backwards"));
  CHECK(metric(skewed.metrics, "ids_duplicate") > 0);
}

TEST_CASE("with the counter scheme n1 issues every id", "[ids]") {
  const auto report = run(R"({"duration": "2s",
              "cluster": {"protocol": "ids", "nodes": 3, "options": {"scheme": "counter"}},
              "workload": {"clients": 3, "rate": 300, "mix": {"add": 1.0},
                           "keys": {"count": 30}, "timeout": "500ms"}})");
  REQUIRE(report.nodes.at(0).name == "n1");
  CHECK(report.nodes.at(0).role == "counter");
  CHECK(metric(report.nodes.at(0).metrics, "ids_issued") > 500);
  CHECK(metric(report.nodes.at(0).metrics, "ids_issued") == metric(report.metrics, "ids_issued"));
  CHECK(metric(report.metrics, "ids_backwards") == 0);
}

TEST_CASE("a crash of the counter stops every client; timestamp servers serve on", "[ids]") {
  const auto crashed = [](const std::string& scheme) {
    return run(R"({"duration": "3s",
                   "cluster": {"protocol": "ids", "nodes": 3, "options": {"scheme": ")" +
               scheme + R"("}},
                   "workload": {"clients": 3, "rate": 300, "mix": {"add": 1.0},
                                "keys": {"count": 30}, "timeout": "200ms"},
                   "faults": [{"kind": "crash_restart", "at": "1s", "duration": "1s",
                               "target": "n1"}]})");
  };
  const auto counter = crashed("counter");
  REQUIRE(counter.operations.size() == 1);
  // Every add of the crash's second fails, from every client: about a third of the run.
  CHECK(counter.operations[0].ok < counter.operations[0].count * 3 / 4);
  const auto timestamp = crashed("timestamp");
  REQUIRE(timestamp.operations.size() == 1);
  // Only the adds routed to n1 (a third of the keys) fail, for a third of the run.
  CHECK(timestamp.operations[0].ok > timestamp.operations[0].count * 85 / 100);
}
