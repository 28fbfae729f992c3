// The durability checker: acknowledged writes that a later read shows lost.
//
// Keys are registers and every put writes a value never written before. An acknowledged
// put P to key k is lost when a get of k that started after P was acknowledged returned
// either nothing, or a value written by a put W that had completed before P even started
// (so W cannot have overwritten P). Reads that overlap the writes in time prove nothing
// and are not counted against them. Each lost put counts once.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>

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
  // Cheap: the history is only appended to here (in chunks: no copy as it grows), in compact form
  // (16 bytes for a failed put, 48 for an acknowledged one, 32 for a successful get, nothing for a
  // failed get), and examined once, at the end.
  void add(const HistoryOperation& operation);

  // Runs the check over everything added. Operations may be added in any order.
  std::uint64_t lost_acknowledged_writes();

  // Drops what was added and ignores what follows: for a history too long to keep.
  void abandon();

 private:
  struct Written {
    std::uint64_t value;
    sim::Time completed;
  };
  struct Acknowledged {
    std::uint64_t key;
    sim::Time completed;
    sim::Time invoked;
    std::uint64_t value;
  };
  struct Read {
    std::uint64_t key;
    sim::Time invoked;
    std::uint64_t value;
    bool found;
  };
  std::deque<Written> written_;            // every put, acknowledged or not
  std::deque<Acknowledged> acknowledged_;  // acknowledged puts
  std::deque<Read> reads_;                 // successful gets
  bool abandoned_ = false;
};

}  // namespace scar::reports
