// Reading a history whatever its format: scar's JSON lines (history_json.h) or Jepsen's
// EDN (history_edn.h), told apart by the first character that is not blank or a comment.
// A JSON line starts with `{"`; EDN starts with `{:`, `[` or `(` (a `;` comment before it
// is EDN too). An empty text is an empty history.
#pragma once

#include <string_view>
#include <variant>

#include "reports/checkers/history.h"
#include "reports/checkers/line_error.h"

namespace scar::reports::checkers {

enum class HistoryFormat { scar_json_lines, jepsen_edn };

// The format `text` is in, or an error naming the line and what starts it.
std::variant<HistoryFormat, LineError> detect_history_format(std::string_view text);

std::variant<History, LineError> read_history(std::string_view text);

}  // namespace scar::reports::checkers
