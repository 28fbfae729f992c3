// The checks a scenario can ask for in `checks`, run on the clients' history after the
// run: `linearizable` (every key a compare-and-set register that starts empty; a read of
// nothing means the key held nothing). Outside the deterministic run: each has a wall-clock
// budget, past which its verdict is unknown, never a guess.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "nodes/register_store.h"
#include "reports/checkers/history.h"
#include "reports/lost_writes.h"
#include "reports/run_report.h"

namespace scar::tools {

reports::CheckSummary check_linearizable(const reports::checkers::History& history,
                                         std::chrono::milliseconds budget);

// `stale_reads`: no get returned something older than a write acknowledged before it began
// (the durability checker counts them as the run goes).
reports::CheckSummary check_stale_reads(const reports::LostWriteChecker& durability);

// `lost_writes`: no acknowledged write was lost (the durability checker, as the run goes).
reports::CheckSummary check_lost_writes(const reports::LostWriteChecker& durability);

// `converged`: at the end of the drain every replica that is up holds the same value for
// every key. `replicas` are the up servers' contents, by server name.
reports::CheckSummary check_converged(
    const std::vector<std::pair<std::string, const nodes::RegisterStore::Map*>>& replicas);

}  // namespace scar::tools
