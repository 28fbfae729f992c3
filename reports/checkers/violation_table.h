// A linearizability violation as terminal text: where the search got furthest (the tail
// of the longest linearizable prefix, with the register's state after each operation),
// the operation that could not be placed, and every candidate that could have gone next
// with what the model says of it. Event times are simulated times when the history has
// them, "#N" otherwise: the event's 0-based position among the history's register events
// (Jepsen's nemesis events are not counted).
#pragma once

#include <cstddef>
#include <string>

#include "reports/checkers/history.h"
#include "reports/checkers/linearizability.h"
#include "reports/checkers/model.h"

namespace scar::reports::checkers {

// REQUIRES: `violation` came from checking `history` against `model`.
std::string violation_table(const History& history, const Model& model, const Violation& violation,
                            std::size_t prefix_rows_max = 10);

}  // namespace scar::reports::checkers
