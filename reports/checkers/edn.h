// A reader for the subset of EDN (Clojure's data notation) that Jepsen histories use:
// maps, vectors, lists, keywords, integers, strings, nil, true and false, with `;` line
// comments and commas as whitespace. Anything else (floats, sets, tagged literals,
// characters, symbols) is refused with the line where it starts. Hand-written: no library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "reports/checkers/line_error.h"

namespace scar::reports::checkers {

struct EdnValue {
  enum class Kind : std::uint8_t { nil, boolean, integer, keyword, string, vector, list, map };
  Kind kind = Kind::nil;
  std::size_t line = 0;         // 1-based line where the value starts
  std::int64_t integer = 0;     // integer; boolean as 0 or 1
  std::string text;             // keyword without its ':'; string with escapes resolved
  std::vector<EdnValue> items;  // vector and list elements; a map's keys and values alternating

  // The map's value under keyword `name`, or null when absent. REQUIRES: kind == map.
  const EdnValue* find(std::string_view name) const;
};

// How a value reads in a message: "nil", "42", ":cas", "\"text\"", "a vector", "a map".
std::string describe(const EdnValue& value);

// Every top-level value in `text`, in order.
std::variant<std::vector<EdnValue>, LineError> read_edn(std::string_view text);

}  // namespace scar::reports::checkers
