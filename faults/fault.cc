#include "faults/fault.h"

#include <fmt/format.h>

#include <algorithm>

namespace scar::faults {

namespace {
// Factors from 100 times faster to 10,000 times slower; a clock from half speed to twice it.
constexpr FaultParameter factor{"factor", 10, 0.01, 1e4};
constexpr FaultParameter probability{"probability", 0.3, 0, 1};
constexpr FaultParameter offset_ms{"offset_ms", 500, -86'400'000, 86'400'000};
constexpr FaultParameter ppm{"ppm", 100, -500'000, 1'000'000};
}  // namespace

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
      {"slow_node", "CPU service times x `factor` (default 10).", {factor}, true},
      {"slow_disk",
       "disk service times x `factor` (default 10), for operations started in the window.",
       {factor},
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
       {offset_ms},
       true},
      {"clock_drift",
       "the targets' clocks gain `ppm` parts per million (default 100) from the start; timers run "
       "by the drifting clock; at the end they jump back.",
       {ppm},
       true},
      {"packet_loss",
       "each message from or to a target (once, however many of its ends are targets) is lost "
       "with `probability` (default 0.3), a draw independent of the network's `loss` and of "
       "other faults.",
       {probability},
       true},
      {"duplicate",
       "each message from or to a target (once, however many of its ends are targets) is "
       "delivered twice with `probability` (default 0.3), independent of the network's "
       "`duplicate` and of other faults.",
       {probability},
       true},
      {"slow_link",
       "latency from -> to (or to and from the target) x `factor` (default 10).",
       {factor},
       true},
  };
  return kinds;
}

std::string parameter_ranges(const FaultKindInfo& kind) {
  std::string text;
  for (const FaultParameter& parameter : kind.parameters) {
    text += fmt::format("{}`{}` from {} to {}, default {}", text.empty() ? "" : "; ",
                        parameter.name, parameter.min, parameter.max, parameter.default_value);
  }
  return text.empty() ? "-" : text;
}

const FaultParameter* FaultKindInfo::parameter(std::string_view parameter_name) const {
  for (const FaultParameter& candidate : parameters)
    if (candidate.name == parameter_name) return &candidate;
  return nullptr;
}

const FaultKindInfo* find_fault_kind(std::string_view name) {
  const auto& kinds = fault_kinds();
  auto found = std::find_if(kinds.begin(), kinds.end(),
                            [&](const FaultKindInfo& kind) { return kind.name == name; });
  return found == kinds.end() ? nullptr : &*found;
}

const std::vector<std::string_view>& target_words() {
  static const std::vector<std::string_view> words = {
      "leader", "random", "random_minority", "majority", "minority", "all", "everything"};
  return words;
}

}  // namespace scar::faults
