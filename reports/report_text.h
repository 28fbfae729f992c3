// The terminal report: a percentile table per operation, then availability, network and
// per-node counters, then each expectation with its actual value.
#pragma once

#include <string>

#include "reports/run_report.h"

namespace scar::reports {

std::string to_text(const RunReport& report);

}  // namespace scar::reports
