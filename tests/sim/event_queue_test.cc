#include "sim/event_queue.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <tuple>
#include <vector>

#include "sim/random.h"

using scar::sim::Duration;
using EventQueue = scar::sim::EventQueue<std::uint32_t>;
using scar::sim::Time;

TEST_CASE("events come out in time order", "[event_queue]") {
  EventQueue queue;
  queue.push(Time{Duration{30}}, 3);
  queue.push(Time{Duration{10}}, 1);
  queue.push(Time{Duration{20}}, 2);
  CHECK(queue.pop().payload == 1);
  CHECK(queue.pop().payload == 2);
  CHECK(queue.pop().payload == 3);
  CHECK(queue.empty());
}

TEST_CASE("events at the same time come out in the order they were scheduled", "[event_queue]") {
  EventQueue queue;
  for (std::uint32_t slot = 0; slot < 100; ++slot) queue.push(Time{Duration{5}}, 99 - slot);
  for (std::uint32_t expected = 0; expected < 100; ++expected) {
    const auto popped = queue.pop();
    CHECK(popped.time == Time{Duration{5}});
    CHECK(popped.payload == 99 - expected);
  }
}

TEST_CASE("a random mix of pushes and pops matches a sorted reference", "[event_queue]") {
  EventQueue queue;
  scar::sim::Random random(42, "test");
  // Reference: (time, sequence, slot), the order the queue promises.
  std::vector<std::tuple<std::int64_t, std::uint64_t, std::uint32_t>> reference;
  std::uint64_t sequence = 0;
  std::int64_t now = 0;
  for (int step = 0; step < 200'000; ++step) {
    if (reference.empty() || random.next_below(3) != 0) {
      const std::int64_t time = now + static_cast<std::int64_t>(random.next_below(50));
      const auto slot = static_cast<std::uint32_t>(random.next_below(1 << 30));
      queue.push(Time{Duration{time}}, slot);
      reference.emplace_back(time, sequence++, slot);
      std::push_heap(reference.begin(), reference.end(), std::greater<>{});
    } else {
      std::pop_heap(reference.begin(), reference.end(), std::greater<>{});
      const auto [time, seq, slot] = reference.back();
      reference.pop_back();
      const auto popped = queue.pop();
      REQUIRE(popped.time == Time{Duration{time}});
      REQUIRE(popped.payload == slot);
      now = time;
    }
  }
  CHECK(queue.size() == reference.size());
  CHECK(queue.scheduled_total() == sequence);
}

TEST_CASE("next_time shows the earliest pending event without removing it", "[event_queue]") {
  EventQueue queue;
  queue.push(Time{Duration{7}}, 1);
  queue.push(Time{Duration{3}}, 2);
  CHECK(queue.next_time() == Time{Duration{3}});
  CHECK(queue.size() == 2);
}
