// scar's history format: JSON lines, one event (an invocation or a completion) per line,
// in real-time order, like Jepsen's history but in JSON:
//
//   {"process":3,"type":"invoke","f":"cas","key":1,"value":[1,2],"time_ns":1000000}
//   {"process":3,"type":"ok","f":"cas","key":1,"value":[1,2],"time_ns":1800000}
//
// "process" integer, required: a logical thread with at most one open operation.
// "type"    "invoke", "ok", "fail" or "info", required. A completion closes its process's
//           open invocation and names the same "f" and "key".
// "f"       "read", "write" or "cas", required.
// "value"   read: the value read, null when not known (null on the invocation);
//           write: the value written; cas: [expected, new]. Integers or null; required.
// "key"     integer, optional: present on every event (a kv history) or on none.
// "time_ns" integer simulated nanoseconds, optional: for display; line order is what
//           orders events in real time.
// Blank lines are skipped; any other field is an error. Every error names the line.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "reports/checkers/history.h"
#include "reports/checkers/line_error.h"

namespace scar::reports::checkers {

std::variant<History, LineError> read_json_history(std::string_view text);

// Every event of `history` as one line of the format above, "key" when
// history.independent_keys, "time_ns" when recorded. Reads back to an equal history.
std::string write_json_history(const History& history);

}  // namespace scar::reports::checkers
