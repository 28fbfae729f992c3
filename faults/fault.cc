#include "faults/fault.h"

#include <algorithm>

namespace scar::faults {

const std::vector<FaultKindInfo>& fault_kinds() {
  static const std::vector<FaultKindInfo> kinds = {
      {"partition", "groups that cannot reach each other (`groups`), or `isolate` a target, or `oneway` from -> to; messages across the cut, in flight or new, are dropped", {}, true, true},
      {"gc_pause", "the target freezes: no handler runs, its inbox fills, its timers fire late on resume", {}, true, true},
      {"slow_node", "the target's CPU service times are multiplied by `factor`", {"factor"}, true, true},
      {"slow_disk", "the target's disk latencies are multiplied by `factor`", {"factor"}, true, true},
      {"disk_error", "the target's disk writes return an error", {}, true, true},
      {"lying_write", "the target's writes and fsyncs report success and are not persisted", {}, true, true},
      {"fsync_failure", "fsync returns an error and the dirty data is dropped", {}, true, true},
      {"crash", "the target stops; volatile state, timers and tasks are lost", {}, false, true},
      {"restart", "a crashed target starts again from its durable disk contents", {}, false, true},
      {"crash_restart", "crash, then restart after `duration`", {}, true, true},
      {"clock_skew", "the target's local clock is offset by `offset_ms`", {"offset_ms"}, true, true},
      {"clock_drift", "the target's local clock runs fast or slow by `ppm`", {"ppm"}, true, true},
      {"packet_loss", "extra loss `probability` on the target's links", {"probability"}, true, true},
      {"duplicate", "extra duplication `probability` on the target's links", {"probability"}, true, true},
      {"slow_link", "latency on links from -> to multiplied by `factor`", {"factor"}, true, true},
  };
  return kinds;
}

const FaultKindInfo* find_fault_kind(std::string_view name) {
  const auto& kinds = fault_kinds();
  auto found = std::find_if(kinds.begin(), kinds.end(),
                            [&](const FaultKindInfo& kind) { return kind.name == name; });
  return found == kinds.end() ? nullptr : &*found;
}

const std::vector<std::string_view>& target_words() {
  static const std::vector<std::string_view> words = {
      "leader", "random", "random_minority", "majority", "minority", "all"};
  return words;
}

}  // namespace scar::faults
