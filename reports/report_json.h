// The JSON report, schema_version 1 (documented in the README). Keys appear in a fixed
// order and every number is an integer except ratios, so the same report prints the same
// bytes. `wall` is the only field that may differ between replays; leave it out to
// compare two runs byte for byte.
#pragma once

#include <string>

#include "reports/run_report.h"

namespace scar::reports {

enum class WallClock { include, omit };

std::string to_json(const RunReport& report, WallClock wall = WallClock::include);

}  // namespace scar::reports
