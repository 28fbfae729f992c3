// The section readers behind load_scenario, one per part of the scenario file. Each takes
// the section's ObjectReader (or JSON value), fills its part of the Scenario and throws
// InputErrorException on bad input. Internal to tools/.
#pragma once

#include <string>
#include <vector>

#include "tools/json_reader.h"
#include "tools/scenario.h"

namespace scar::tools {

void read_workload(ObjectReader& reader, Scenario& scenario);
void read_faults(const Json& value, const std::string& file, Scenario& scenario);
void read_nemesis(ObjectReader& reader, Scenario& scenario);

// A `cpu` block ({"per_message": distribution}) at `key` of `reader`, or zero.
sim::Distribution read_cpu(ObjectReader& reader, std::string_view key);

// n1..nN then c1..cM: every node a target can name.
std::vector<std::string> node_names(const Scenario& scenario);

}  // namespace scar::tools
