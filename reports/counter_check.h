// The counter check: what a history of adds and gets, and the cluster's state after the
// drain, prove about counters (keys that start at 0 and that only adds change, by one each).
//
// Double counting. An add can only have been applied once it was invoked, so at any moment
// a counter can hold at most the number of adds invoked on it so far. A value observed at
// time t (a get that succeeded, or the sum an add's reply carried, observed by its
// completion t) above the adds invoked on the key by t, or a final value above all the
// adds ever invoked on the key, proves some add was applied more than once; the excess is a
// lower bound on the extra applications. `double_counted` sums, over keys, the largest
// excess seen on each.
//
// Lost adds. After the drain, a counter should hold at least the adds acknowledged on it.
// A final value below that proves acknowledged adds were lost; `lost_adds` sums the
// shortfalls. Adds that timed out or failed uncertainly may or may not count, so they are
// neither required nor forbidden, and a double count can hide a loss (the check proves
// loss, it never proves its absence).
//
// Neither part says a counter is linearizable: a get that returns less than the adds
// acknowledged before it began (a stale read, as a CRDT gives during a partition) is not
// flagged.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/time.h"

namespace scar::reports {

struct CounterResult {
  std::uint64_t double_counted = 0;
  std::uint64_t lost_adds = 0;
  std::uint64_t adds = 0;     // invoked
  std::uint64_t keys = 0;     // keys that were added to or observed
  std::string first_problem;  // the first key found wrong (in key order), in words
  // When the proof of double counting grew: (time, double_counted proven by then), in time
  // order, one entry per increase. The final state's part comes at `end`.
  std::vector<std::pair<sim::Time, std::uint64_t>> double_counted_over_time;
};

class CounterChecker {
 public:
  // An add on `key` invoked at `invoked` (whatever became of it). Memory: 8 bytes per add.
  void add_invoked(std::uint64_t key, sim::Time invoked);
  // An add on `key` that was acknowledged.
  void add_acknowledged(std::uint64_t key);
  // The counter at `key` was seen holding `value` by `at` (a get's completion, or the sum
  // an acknowledged add returned). Memory: 16 bytes per observation.
  void observed(std::uint64_t key, std::uint64_t value, sim::Time at);

  // The verdict, given the counters' values after the drain (a missing key holds 0) read at
  // `end`; with no final state (nullopt), only what the observations prove.
  CounterResult finish(const std::optional<std::map<std::uint64_t, std::uint64_t>>& final_values,
                       sim::Time end);

 private:
  struct Observation {
    sim::Time at;
    std::uint64_t value;
  };
  struct Key {
    std::vector<sim::Time> invoked;  // sorted by finish()
    std::vector<Observation> observations;
    std::uint64_t acknowledged = 0;
  };
  // Looked up while recording; finish() visits keys in order through a sorted copy.
  std::unordered_map<std::uint64_t, Key> keys_;
};

}  // namespace scar::reports
