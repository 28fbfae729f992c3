// Runs a loaded scenario: builds the World (servers n1..nN, clients c1..cM), runs the
// workload for `duration` and then `drain`, and gathers the report. Deterministic: the
// same scenario and seed give the same report (all but wall_seconds, which the caller
// fills).
#pragma once

#include "reports/run_report.h"
#include "sim/trace.h"
#include "tools/scenario.h"

namespace scar::tools {

// `tracer` (optional, not owned) receives a line per event.
reports::RunReport run_scenario(const Scenario& scenario, sim::Tracer* tracer = nullptr);

}  // namespace scar::tools
