#include "reports/lost_writes.h"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using scar::reports::HistoryOperation;
using scar::reports::LostWriteChecker;
using scar::sim::Time;

namespace {

HistoryOperation put(std::uint64_t key, std::uint64_t value, int invoked_ms, int completed_ms,
                     bool ok = true) {
  return {true,
          ok,
          key,
          value,
          std::nullopt,
          Time{std::chrono::milliseconds{invoked_ms}},
          Time{std::chrono::milliseconds{completed_ms}}};
}

HistoryOperation get(std::uint64_t key, std::optional<std::uint64_t> read, int invoked_ms,
                     int completed_ms) {
  return {false,
          true,
          key,
          0,
          read,
          Time{std::chrono::milliseconds{invoked_ms}},
          Time{std::chrono::milliseconds{completed_ms}}};
}

}  // namespace

TEST_CASE("a read of the latest acknowledged value loses nothing", "[lost_writes]") {
  LostWriteChecker checker;
  checker.add(put(1, 10, 0, 1));
  checker.add(put(1, 11, 2, 3));
  checker.add(get(1, 11, 4, 5));
  CHECK(checker.lost_acknowledged_writes() == 0);
}

TEST_CASE("a later read of an older value shows the newer acknowledged put lost", "[lost_writes]") {
  LostWriteChecker checker;
  checker.add(put(1, 10, 0, 1));
  checker.add(put(1, 11, 2, 3));
  checker.add(put(1, 12, 4, 5));
  checker.add(get(1, 10, 6, 7));
  CHECK(checker.lost_acknowledged_writes() == 2);
}

TEST_CASE("a later read of nothing shows every acknowledged put lost", "[lost_writes]") {
  LostWriteChecker checker;
  checker.add(put(1, 10, 0, 1));
  checker.add(put(2, 20, 0, 1));
  checker.add(get(1, std::nullopt, 6, 7));
  checker.add(get(1, std::nullopt, 8, 9));  // the same loss is counted once
  CHECK(checker.lost_acknowledged_writes() == 1);
}

TEST_CASE("reads overlapping a write prove nothing", "[lost_writes]") {
  LostWriteChecker checker;
  checker.add(put(1, 10, 0, 1));
  checker.add(get(1, 10, 5, 6));    // started before 11 was acknowledged
  checker.add(put(1, 11, 2, 10));   // acknowledged at 10
  checker.add(get(1, 11, 25, 26));  // 12 not yet acknowledged
  checker.add(put(1, 12, 20, 30));
  CHECK(checker.lost_acknowledged_writes() == 0);
}

TEST_CASE("a value from a write concurrent with the acknowledged one is not a loss",
          "[lost_writes]") {
  LostWriteChecker checker;
  checker.add(put(1, 11, 1, 4));  // concurrent with 10: either order is legal
  checker.add(put(1, 10, 0, 5));
  checker.add(get(1, 11, 6, 7));
  CHECK(checker.lost_acknowledged_writes() == 0);
}

TEST_CASE("unacknowledged puts are never counted lost", "[lost_writes]") {
  LostWriteChecker checker;
  checker.add(put(1, 10, 0, 1));
  checker.add(put(1, 11, 2, 3, /*ok=*/false));
  checker.add(get(1, 10, 6, 7));
  CHECK(checker.lost_acknowledged_writes() == 0);
}
