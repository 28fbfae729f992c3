// The durability checker: acknowledged writes that a later read shows lost.
//
// Keys are registers and every put writes a value never written before. An acknowledged
// put P to key k is lost when a get of k that started after P was acknowledged returned
// either nothing, or a value written by a put W that had completed before P even started
// (so W cannot have overwritten P). Reads that overlap the writes in time prove nothing
// and are not counted against them. Each lost put counts once.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/time.h"

namespace scar::reports {

struct HistoryOperation {
  bool is_put = false;
  bool ok = false;  // acknowledged (put) / succeeded (get)
  std::uint64_t key = 0;
  std::uint64_t value = 0;            // put: the value written
  std::optional<std::uint64_t> read;  // get: the value read, or none
  sim::Time invoked{};
  sim::Time completed{};
};

class LostWriteChecker {
 public:
  // Cheap: the history is only appended to here and examined once, at the end.
  void add(const HistoryOperation& operation);

  // Runs the check over everything added. Operations may be added in any order.
  std::uint64_t lost_acknowledged_writes();

 private:
  std::vector<HistoryOperation> puts_;  // every put, acknowledged or not
  std::vector<HistoryOperation> gets_;  // successful gets
};

}  // namespace scar::reports
