// `scar capacity FILE --slo "METRIC OP VALUE"`: the highest open-loop rate at which the
// scenario meets the SLO (capacity.h), its latency-against-load curve and knee.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scar::tools {

struct CapacityArguments {
  std::string file;
  std::string slo;  // an expectation: "get.latency.p99 < 20ms"
  std::vector<std::string> overrides;
  std::optional<std::uint64_t> seed;
  std::optional<double> low;   // operations per second; default: the scenario's rate / 10
  std::optional<double> high;  // default: twice the scenario's rate
  std::uint32_t runs_max = 30;
  std::string json_path;
  std::string html_path;
};

// Exit 0 when a rate meeting the SLO was found, 1 when even the lowest rate misses it, 2
// for bad input (a bad SLO, a closed-loop scenario, low >= high), 70 for an internal error.
int capacity_command(const CapacityArguments& arguments);

}  // namespace scar::tools
