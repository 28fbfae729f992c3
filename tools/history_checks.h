// The checks a scenario can ask for in `checks`, run on the clients' history after the
// run: `linearizable` (every key a compare-and-set register that starts empty; a read of
// nothing means the key held nothing). Outside the deterministic run: each has a wall-clock
// budget, past which its verdict is unknown, never a guess.
#pragma once

#include <chrono>

#include "reports/checkers/history.h"
#include "reports/run_report.h"

namespace scar::tools {

reports::CheckSummary check_linearizable(const reports::checkers::History& history,
                                         std::chrono::milliseconds budget);

}  // namespace scar::tools
