#include "sim/random.h"

#include <catch2/catch.hpp>
#include <vector>

using scar::sim::Random;

namespace {
std::vector<std::uint64_t> draws(Random random, int count) {
  std::vector<std::uint64_t> values;
  for (int i = 0; i < count; ++i) values.push_back(random.next_u64());
  return values;
}
}  // namespace

TEST_CASE("a stream is a pure function of seed and name", "[random]") {
  CHECK(draws(Random(7, "node/n1"), 100) == draws(Random(7, "node/n1"), 100));
  CHECK(draws(Random(7, "node/n1"), 100) != draws(Random(8, "node/n1"), 100));
  CHECK(draws(Random(7, "node/n1"), 100) != draws(Random(7, "node/n2"), 100));
}

TEST_CASE("drawing from a new stream does not change another stream's draws", "[random]") {
  Random alone(7, "network/n1");
  const auto expected = draws(alone, 50);
  Random first(7, "network/n1");
  Random added(7, "network/n4");  // a node added to the scenario
  std::vector<std::uint64_t> interleaved;
  for (int i = 0; i < 50; ++i) {
    added.next_u64();
    interleaved.push_back(first.next_u64());
  }
  CHECK(interleaved == expected);
}

TEST_CASE("the generator's output is fixed across platforms", "[random]") {
  // Pinned values: a change here changes every replay, so it must be deliberate.
  Random random(1, "pinned");
  const std::uint64_t first = random.next_u64();
  const std::uint64_t second = random.next_u64();
  Random again(1, "pinned");
  CHECK(again.next_u64() == first);
  CHECK(again.next_u64() == second);
  CHECK(scar::sim::stable_hash("ping") == 0xbf30e00dc53307a9ull);
}

TEST_CASE("next_below stays in range and covers it evenly", "[random]") {
  Random random(3, "below");
  std::vector<int> counts(10);
  for (int i = 0; i < 100'000; ++i) {
    const auto value = random.next_below(10);
    REQUIRE(value < 10);
    ++counts[value];
  }
  for (int count : counts) CHECK(count == Approx(10'000).margin(500));
}

TEST_CASE("next_unit is at least 0, below 1, with mean one half", "[random]") {
  Random random(4, "unit");
  double sum = 0;
  for (int i = 0; i < 100'000; ++i) {
    const double u = random.next_unit();
    REQUIRE(u >= 0);
    REQUIRE(u < 1);
    sum += u;
  }
  CHECK(sum / 100'000 == Approx(0.5).margin(0.005));
}

TEST_CASE("chance with probability 0 or 1 draws nothing", "[random]") {
  Random a(5, "chance");
  Random b(5, "chance");
  CHECK_FALSE(a.chance(0));
  CHECK(a.chance(1));
  CHECK(a.next_u64() == b.next_u64());
}
