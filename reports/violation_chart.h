// The picture of a linearizability violation: one row per operation around it, a bar from
// its invocation to its completion on a shared time axis, coloured by its part in the
// story (grey: the end of the longest linearizable order; amber: could have gone next but
// cannot; red: the operation that completed before it could take effect). A learner sees
// the read that no order of the operations can explain. Plain SVG, deterministic.
#pragma once

#include <string>
#include <vector>

#include "reports/run_report.h"

namespace scar::reports {

// Empty for no operations.
std::string render_violation_svg(const std::vector<CheckOperation>& operations, int width = 1000);

}  // namespace scar::reports
