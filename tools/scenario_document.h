// A scenario written back as a file: the original's own fields, in its key order, with the
// values that `scar shrink` changes written over them. The written text loads like any
// scenario file (load_scenario / parse_scenario); nothing else of the file changes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "faults/fault.h"
#include "sim/time.h"
#include "tools/input_error.h"
#include "tools/scenario.h"

namespace scar::tools {

// What the shrinker varies.
struct ScenarioValues {
  std::vector<faults::FaultSpec> faults;  // scripted faults; the written file has no nemesis
  std::vector<faults::FlagChange> flags;  // written back where they change within `duration`
  sim::Duration duration{};               // the workload's
  std::uint32_t nodes = 0;                // servers n1..nN
  std::uint32_t clients = 0;              // clients c1..cM
  std::optional<double> rate;             // open loop only: operations per second, all clients
};

// The values a loaded scenario has (its scripted faults as loaded).
ScenarioValues values_of(const Scenario& scenario);

// The base every written scenario starts from: `file` (comments dropped) with the `--set`
// assignments applied as the loader applies them, `seed` fixed, and without its `nemesis`
// (the faults are written out instead) and its `lesson` block (whose fix names the
// original's fields). REQUIRES: load_scenario(file, overrides) accepted them. An
// InputError when the file cannot be read.
std::variant<std::string, InputError> scenario_base(const std::string& file,
                                                    const std::vector<std::string>& overrides,
                                                    std::uint64_t seed);

// `base` (from scenario_base) with `values` written in: indented JSON, the base's key order,
// placements of servers past `values.nodes` dropped.
std::string write_scenario(const std::string& base, const ScenarioValues& values);

// A duration exactly, in the largest unit that divides it: "3s", "1500ms", "250us", "7ns".
std::string duration_text(sim::Duration duration);

}  // namespace scar::tools
