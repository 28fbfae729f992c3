// `scar live FILE`: the scenario's cluster run for real (live/live_run.h), reported as
// `scar run` reports. `scar calibrate FILE`: the same scenario simulated and then live,
// the latency percentiles side by side, to fit the model (network.latency, cluster.cpu)
// to this machine.
#pragma once

#include "tools/commands.h"

namespace scar::tools {

int live_command(const RunArguments& arguments);
int calibrate_command(const RunArguments& arguments);

}  // namespace scar::tools
