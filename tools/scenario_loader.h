// Loading a scenario file: JSON with // and /* */ comments, every key checked, defaults
// filled, `--set PATH=VALUE` overrides applied before checking (so an override is checked
// exactly like the file). Meaning is checked too: protocol and option names, node names
// in placements and fault targets, a mix that adds up to 1, probabilities in [0, 1], and
// sizes within stated limits.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tools/input_error.h"
#include "tools/scenario.h"

namespace scar::tools {

using LoadResult = std::variant<Scenario, InputError>;

// Reads and checks `path`. Overrides are "PATH=VALUE" strings; VALUE is read as JSON when
// it parses as JSON, else as a string (so duration=5s and workload.rate=2000 both work).
LoadResult load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

// The same for text already in memory; `file` names it in error messages.
LoadResult parse_scenario(std::string_view text, const std::string& file,
                          const std::vector<std::string>& overrides = {});

// Size limits, so that a typo cannot ask for a trillion nodes.
struct ScenarioLimits {
  static constexpr std::uint64_t nodes_max = 10'000;
  static constexpr std::uint64_t clients_max = 10'000;
  static constexpr double rate_max = 10'000'000;           // operations per second
  static constexpr double operations_max = 1'000'000'000;  // rate x duration
  static constexpr std::uint64_t keys_max = 1'000'000'000;
  static constexpr std::uint64_t concurrency_max = 10'000;
  // A closed loop's operations in flight at once (clients x concurrency): each is a
  // coroutine frame and a history entry.
  static constexpr std::uint64_t in_flight_max = 100'000;  // about 1 KB each
};

}  // namespace scar::tools
