#include "reports/checkers/history_file.h"

#include <fmt/format.h>

#include "reports/checkers/history_edn.h"
#include "reports/checkers/history_json.h"

namespace scar::reports::checkers {

std::variant<HistoryFormat, LineError> detect_history_format(std::string_view text) {
  std::size_t line = 1;
  std::size_t position = 0;
  const auto skip_blank = [&] {
    while (position < text.size() &&
           std::string_view(" \t\r\n,").find(text[position]) != std::string_view::npos) {
      if (text[position] == '\n') ++line;
      ++position;
    }
  };
  skip_blank();
  if (position == text.size()) return HistoryFormat::scar_json_lines;
  const char first = text[position];
  if (first == ';' || first == '[' || first == '(') return HistoryFormat::jepsen_edn;
  if (first == '{') {
    ++position;
    skip_blank();
    if (position < text.size() && text[position] == '"') return HistoryFormat::scar_json_lines;
    if (position < text.size() && text[position] == ':') return HistoryFormat::jepsen_edn;
  }
  const std::size_t line_end = std::min(text.find('\n', position), text.size());
  const std::string_view found =
      text.substr(position, std::min<std::size_t>(line_end - position, 20));
  return LineError{line, fmt::format("expected a history: JSON lines ({{\"process\": ...}}) or "
                                     "EDN ({{:process ...}} or [{{:process ...}} ...]), found "
                                     "\"{}\"",
                                     found)};
}

std::variant<History, LineError> read_history(std::string_view text) {
  const auto format = detect_history_format(text);
  if (const auto* error = std::get_if<LineError>(&format)) return *error;
  if (std::get<HistoryFormat>(format) == HistoryFormat::jepsen_edn) return read_edn_history(text);
  return read_json_history(text);
}

}  // namespace scar::reports::checkers
