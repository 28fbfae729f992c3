// Faults as data: what a scenario's `faults` list and `nemesis` block say, checked for
// shape when the scenario loads. The kinds' exact meanings live in fault_kinds(), the one
// place they are documented (`scar list faults` prints it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace scar::faults {

struct FaultKindInfo {
  std::string_view name;
  std::string_view meaning;
  std::vector<std::string_view> parameters;  // numeric parameters besides at/duration/target
  bool needs_duration;                       // false for instantaneous kinds (crash, restart)
};

const std::vector<FaultKindInfo>& fault_kinds();
const FaultKindInfo* find_fault_kind(std::string_view name);

// Targets: a node name ("n2"), a glob ("c*"), or one of the words below, resolved when
// the fault starts.
const std::vector<std::string_view>& target_words();  // leader, random, all, ...

struct FaultSpec {
  std::string kind;
  sim::Duration at{};
  std::optional<sim::Duration> duration;
  std::string target;                            // empty when `groups`/`from`/`to` are used
  std::vector<std::vector<std::string>> groups;  // partition
  std::string from, to;                          // oneway partition, slow_link
  std::map<std::string, double> parameters;      // factor, offset, ppm, probability, ...
};

struct NemesisSpec {
  std::vector<std::string> kinds;
  sim::Duration every{};
  sim::Duration duration{};
  std::string down_max = "minority";
};

}  // namespace scar::faults
