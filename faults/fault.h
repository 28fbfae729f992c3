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

// A numeric parameter of a fault kind, with the range a scenario may give it (inclusive).
struct FaultParameter {
  std::string_view name;
  double default_value;
  double min;
  double max;
};

struct FaultKindInfo {
  std::string_view name;
  std::string_view meaning;
  std::vector<FaultParameter> parameters;  // numeric parameters besides at/duration/target
  bool needs_duration;                     // false for instantaneous kinds (crash, restart)

  const FaultParameter* parameter(std::string_view parameter_name) const;
};

const std::vector<FaultKindInfo>& fault_kinds();

// "`factor` from 0.01 to 10000, default 10", one parameter after another; "-" for none.
std::string parameter_ranges(const FaultKindInfo& kind);
const FaultKindInfo* find_fault_kind(std::string_view name);

// Targets: a node name ("n2"), a glob ("c*"), or one of the words below, resolved when
// the fault starts. "all" means every server; "everything" every server and client.
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

// The nemesis plans at most this many faults (the loader refuses an `every` that would ask
// for more): each fault is a phase of the report.
inline constexpr std::size_t nemesis_faults_max = 10'000;

struct NemesisSpec {
  std::vector<std::string> kinds;
  sim::Duration every{};
  sim::Duration duration{};
  std::string down_max = "minority";
};

}  // namespace scar::faults
