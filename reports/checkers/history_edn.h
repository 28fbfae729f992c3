// Jepsen's EDN history format, read and written.
//
// Reading accepts what Jepsen and Knossos write: either one operation map after another
// (Jepsen's history.edn, one map a line) or a single vector or list holding the maps
// (Knossos' test data), with `;` comments anywhere and maps across several lines:
//
//   {:process 3, :type :invoke, :f :cas, :value [1 2]}
//   {:process 3, :type :ok, :f :cas, :value [1 2], :time 1200000}
//
// :process an integer; ops of other processes (:nemesis) are skipped.
// :type    :invoke, :ok, :fail or :info. A completion closes its process's open invocation
//          and names the same :f; an :info with no open invocation is refused.
// :f       :read, :write or :cas.
// :value   read: the value read (nil when not known); write: the value; cas: [expected new].
//          Values are integers or nil.
// :time    optional, integer nanoseconds (kept for display; file order is real-time order).
// Other keys (:error, :index, ...) are ignored.
//
// Both of Jepsen's forms are read: the single-register form above, and the independent-keys
// form where every :value is a [key value] tuple (`:value [7 [1 2]]` is a cas on key 7).
// The first register operation decides the form; an operation in the other form is an
// error. Every error names the line and what was expected there.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "reports/checkers/history.h"
#include "reports/checkers/line_error.h"

namespace scar::reports::checkers {

std::variant<History, LineError> read_edn_history(std::string_view text);

// One map a line in event order, keys :process :type :f :value [:time]; values as
// [key value] tuples when history.independent_keys. Reads back to an equal history.
std::string write_edn_history(const History& history);

}  // namespace scar::reports::checkers
