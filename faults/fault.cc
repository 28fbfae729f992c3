#include "faults/fault.h"

#include <algorithm>

namespace scar::faults {

const std::vector<FaultKindInfo>& fault_kinds() {
  static const std::vector<FaultKindInfo> kinds = {
      {"partition",
       "`groups`: no message passes between nodes of different groups; `target`: the target can "
       "neither reach nor be reached (isolate); `from`/`to`: messages from -> to are dropped, the "
       "reverse passes (oneway). Messages on the wire across the cut when it opens are dropped on "
       "arrival.",
       {},
       true},
      {"gc_pause",
       "the targets freeze: no handler runs, messages wait in the inbox (bounded), due timers, "
       "wake-ups and disk completions wait; at the end they all run, late, in order, then the "
       "inbox drains. Peers see silence, then a burst.",
       {},
       true},
      {"slow_node", "CPU service times x `factor` (default 10).", {"factor"}, true},
      {"slow_disk",
       "disk service times x `factor` (default 10), for operations started in the window.",
       {"factor"},
       true},
      {"disk_error",
       "writes, appends, truncates and fsyncs complete with an error and change nothing; reads "
       "work.",
       {},
       true},
      {"lying_write",
       "writes and fsyncs complete ok and persist nothing: reads see the data until the next crash "
       "loses it.",
       {},
       true},
      {"fsync_failure",
       "an fsync with dirty blocks to write completes with an error and drops them (as Linux "
       "does): a retried fsync finds nothing dirty and succeeds, the data gone.",
       {},
       true},
      {"crash",
       "the targets stop: volatile state, timers, tasks, queued messages and the disk cache are "
       "lost. Instantaneous: see restart.",
       {},
       false},
      {"restart",
       "crashed targets start again (on_start) on their durable disk contents. Instantaneous.",
       {},
       false},
      {"crash_restart", "crash, then restart at the end of the window.", {}, true},
      {"clock_skew",
       "the targets' clocks run `offset_ms` ahead (negative: behind; default 500); at the end they "
       "jump back. Engine time is unaffected.",
       {"offset_ms"},
       true},
      {"clock_drift",
       "the targets' clocks gain `ppm` parts per million (default 100) from the start; timers run "
       "by the drifting clock; at the end they jump back.",
       {"ppm"},
       true},
      {"packet_loss",
       "messages from or to the targets are lost with extra `probability` (default 0.3).",
       {"probability"},
       true},
      {"duplicate",
       "messages from or to the targets are duplicated with extra `probability` (default 0.3).",
       {"probability"},
       true},
      {"slow_link",
       "latency from -> to (or to and from the target) x `factor` (default 10).",
       {"factor"},
       true},
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
  static const std::vector<std::string_view> words = {"leader",   "random",   "random_minority",
                                                      "majority", "minority", "all"};
  return words;
}

}  // namespace scar::faults
