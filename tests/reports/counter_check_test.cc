// The counter check on hand-made histories: a clean one passes; a counter seen above the
// adds invoked on it (an add applied twice) and one that ends below the adds acknowledged
// (an add lost) fail, with the amounts proven.
#include "reports/counter_check.h"

#include <catch2/catch.hpp>
#include <map>

using scar::reports::CounterChecker;
using scar::reports::CounterResult;
using scar::sim::Time;

namespace {

Time at_ms(int ms) { return Time{std::chrono::milliseconds{ms}}; }
const Time end = at_ms(1000);  // when the final state is read

// Three adds on key 7 at 0, 10 and 20 ms, each acknowledged 5 ms later with the sum.
CounterChecker three_adds() {
  CounterChecker checker;
  for (int i = 0; i < 3; ++i) {
    checker.add_invoked(7, at_ms(10 * i));
    checker.add_acknowledged(7);
    checker.observed(7, static_cast<std::uint64_t>(i + 1), at_ms(10 * i + 5));
  }
  return checker;
}

}  // namespace

TEST_CASE("a clean counter history passes", "[counter_check]") {
  CounterChecker checker = three_adds();
  checker.observed(7, 3, at_ms(40));  // a get after the adds
  const CounterResult result = checker.finish(std::map<std::uint64_t, std::uint64_t>{{7, 3}}, end);
  CHECK(result.double_counted == 0);
  CHECK(result.lost_adds == 0);
  CHECK(result.adds == 3);
  CHECK(result.keys == 1);
  CHECK(result.first_problem.empty());
}

TEST_CASE("a get above the adds invoked before it ended proves a double count", "[counter_check]") {
  CounterChecker checker = three_adds();
  // By 25 ms three adds were invoked; a read of 5 means two extra applications.
  checker.observed(7, 5, at_ms(25));
  const CounterResult result = checker.finish(std::map<std::uint64_t, std::uint64_t>{{7, 5}}, end);
  CHECK(result.double_counted == 2);
  CHECK(result.lost_adds == 0);
  CHECK_THAT(result.first_problem, Catch::Contains("key 7 held 5"));
  // Proven at the read; the final 5 proves no more (5 - 3 adds invoked = 2 already).
  REQUIRE(result.double_counted_over_time.size() == 1);
  CHECK(result.double_counted_over_time[0] == std::pair{at_ms(25), std::uint64_t{2}});
}

TEST_CASE("a read counts only the adds invoked before it ended", "[counter_check]") {
  CounterChecker checker;
  checker.add_invoked(1, at_ms(0));
  checker.add_invoked(1, at_ms(50));  // invoked after the read below ended
  checker.observed(1, 2, at_ms(20));
  CHECK(checker.finish(std::nullopt, end).double_counted == 1);
}

TEST_CASE("a final value above every add ever invoked proves a double count", "[counter_check]") {
  CounterChecker checker = three_adds();
  const CounterResult result = checker.finish(std::map<std::uint64_t, std::uint64_t>{{7, 4}}, end);
  CHECK(result.double_counted == 1);
  CHECK_THAT(result.first_problem, Catch::Contains("after the drain"));
  REQUIRE(result.double_counted_over_time.size() == 1);
  CHECK(result.double_counted_over_time[0].first == end);
}

TEST_CASE("a final value below the adds acknowledged proves lost adds", "[counter_check]") {
  CounterChecker checker = three_adds();
  const CounterResult result = checker.finish(std::map<std::uint64_t, std::uint64_t>{{7, 1}}, end);
  CHECK(result.lost_adds == 2);
  CHECK(result.double_counted == 0);
  CHECK_THAT(result.first_problem, Catch::Contains("3 adds were acknowledged"));
}

TEST_CASE("a key missing from the final state holds 0", "[counter_check]") {
  CounterChecker checker = three_adds();
  CHECK(checker.finish(std::map<std::uint64_t, std::uint64_t>{}, end).lost_adds == 3);
}

TEST_CASE("adds that timed out may count or not", "[counter_check]") {
  CounterChecker checker;
  checker.add_invoked(2, at_ms(0));  // acknowledged
  checker.add_acknowledged(2);
  checker.add_invoked(2, at_ms(1));  // timed out: fate unknown
  for (const std::uint64_t final_value : {1, 2}) {
    CounterChecker copy = checker;
    const CounterResult result =
        copy.finish(std::map<std::uint64_t, std::uint64_t>{{2, final_value}}, end);
    CHECK(result.double_counted == 0);
    CHECK(result.lost_adds == 0);
  }
}

TEST_CASE("a stale read of a counter is neither a double count nor a loss", "[counter_check]") {
  CounterChecker checker = three_adds();
  checker.observed(7, 1, at_ms(100));  // behind, as a CRDT replica may be
  const CounterResult result = checker.finish(std::map<std::uint64_t, std::uint64_t>{{7, 3}}, end);
  CHECK(result.double_counted == 0);
  CHECK(result.lost_adds == 0);
}
