// The durability checker: acknowledged writes that a later read shows lost, and the reads
// that show them (stale reads).
//
// Keys are registers and every put writes a value never written before. An acknowledged
// put P to key k is lost when a get of k that started after P was acknowledged returned
// either nothing, or a value written by an acknowledged put W that had completed before P
// even started (so W cannot have overwritten P; an unacknowledged W may take effect at any
// time, so reading its value proves nothing). Reads that overlap the writes in time prove nothing
// and are not counted against them. Each lost put counts once. Such a get is a stale read:
// it returned something older than a write acknowledged before it began.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
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
  // Operations arrive in completion order (as a run completes them). The check runs as
  // they arrive: a get can only prove the loss of puts acknowledged before it started, and
  // all of those have arrived by the time it completes. Memory: per put, its value's
  // completion time; per acknowledged put, 32 bytes; nothing per get.
  // An unacknowledged put's value in a read proves nothing: the put may have taken effect
  // at any time after it started.
  // REQUIRES: operation.completed >= the previous operation's completed.
  void add(const HistoryOperation& operation);

  std::uint64_t lost_acknowledged_writes() const { return lost_; }
  std::uint64_t stale_reads() const { return stale_reads_; }

  // The first stale read, to show: the get, and the newer acknowledged put it missed.
  struct StaleRead {
    HistoryOperation get;
    std::uint64_t missed_value;
    sim::Time missed_completed;
  };
  const std::optional<StaleRead>& first_stale_read() const { return first_stale_read_; }

 private:
  struct Acknowledged {
    sim::Time completed;
    sim::Time invoked;
    std::uint64_t value;
    bool lost;
  };
  void check_read(const HistoryOperation& get);

  // Every acknowledged put's value and when it completed (values are unique).
  std::unordered_map<std::uint64_t, sim::Time> written_;
  // Acknowledged puts per key, in completion order.
  std::unordered_map<std::uint64_t, std::vector<Acknowledged>> acknowledged_;
  sim::Time last_completed_{};
  std::uint64_t lost_ = 0;
  std::uint64_t stale_reads_ = 0;
  std::optional<StaleRead> first_stale_read_;
};

}  // namespace scar::reports
