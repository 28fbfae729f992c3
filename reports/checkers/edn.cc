#include "reports/checkers/edn.h"

#include <fmt/format.h>

#include <charconv>

namespace scar::reports::checkers {
namespace {

constexpr std::size_t nesting_max = 64;

struct EdnException {
  LineError error;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::vector<EdnValue> read_all() {
    std::vector<EdnValue> values;
    skip_blank();
    while (position_ < text_.size()) {
      values.push_back(read_value(0));
      skip_blank();
    }
    return values;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw EdnException{LineError{line_, message}};
  }

  std::string found_here() const {
    if (position_ >= text_.size()) return "the end of the text";
    return fmt::format("'{}'", text_[position_]);
  }

  static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == ','; }
  static bool is_delimiter(char c) {
    return is_blank(c) || c == '\n' || c == ';' || c == '(' || c == ')' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == '"';
  }

  void skip_blank() {
    while (position_ < text_.size()) {
      const char c = text_[position_];
      if (c == '\n') {
        ++line_;
      } else if (c == ';') {
        while (position_ < text_.size() && text_[position_] != '\n') ++position_;
        continue;
      } else if (!is_blank(c)) {
        return;
      }
      ++position_;
    }
  }

  std::string_view read_token() {
    const std::size_t start = position_;
    while (position_ < text_.size() && !is_delimiter(text_[position_])) ++position_;
    return text_.substr(start, position_ - start);
  }

  EdnValue read_value(std::size_t depth) {
    if (depth >= nesting_max) fail(fmt::format("values nested deeper than {}", nesting_max));
    EdnValue value;
    value.line = line_;
    if (position_ >= text_.size()) fail("expected a value, found the end of the text");
    const char c = text_[position_];
    if (c == '{' || c == '[' || c == '(') {
      value.kind = c == '{'   ? EdnValue::Kind::map
                   : c == '[' ? EdnValue::Kind::vector
                              : EdnValue::Kind::list;
      read_items(value, c == '{' ? '}' : c == '[' ? ']' : ')', depth);
    } else if (c == '"') {
      value.kind = EdnValue::Kind::string;
      value.text = read_string();
    } else if (c == ':') {
      ++position_;
      value.kind = EdnValue::Kind::keyword;
      value.text = read_token();
      if (value.text.empty()) fail("expected a keyword's name after ':', found " + found_here());
    } else if ((c >= '0' && c <= '9') || c == '-' || c == '+') {
      value.kind = EdnValue::Kind::integer;
      value.integer = read_integer();
    } else {
      const std::string_view token = read_token();
      if (token == "nil") {
        value.kind = EdnValue::Kind::nil;
      } else if (token == "true" || token == "false") {
        value.kind = EdnValue::Kind::boolean;
        value.integer = token == "true";
      } else {
        fail(
            fmt::format("expected a map, vector, list, keyword, integer, string or nil, found '{}'",
                        token.empty() ? text_.substr(position_, 1) : token));
      }
    }
    return value;
  }

  void read_items(EdnValue& value, char close, std::size_t depth) {
    const std::size_t open_line = line_;
    ++position_;
    for (;;) {
      skip_blank();
      if (position_ >= text_.size())
        fail(
            fmt::format("expected '{}' to close the collection opened on line {}, found the "
                        "end of the text",
                        close, open_line));
      const char c = text_[position_];
      if (c == close) break;
      if (c == ')' || c == ']' || c == '}')
        fail(fmt::format("expected '{}' to close the collection opened on line {}, found '{}'",
                         close, open_line, c));
      value.items.push_back(read_value(depth + 1));
    }
    ++position_;
    if (value.kind == EdnValue::Kind::map && value.items.size() % 2 != 0)
      fail(fmt::format("the map opened on line {} has a key without a value", open_line));
  }

  std::string read_string() {
    const std::size_t open_line = line_;
    std::string result;
    for (++position_; position_ < text_.size(); ++position_) {
      char c = text_[position_];
      if (c == '"') {
        ++position_;
        return result;
      }
      if (c == '\n') ++line_;
      if (c == '\\' && position_ + 1 < text_.size()) {
        c = text_[++position_];
        if (c == 'n') c = '\n';
        if (c == 't') c = '\t';
        if (c == 'r') c = '\r';
      }
      result.push_back(c);
    }
    line_ = open_line;
    fail("expected '\"' to close this string, found the end of the text");
  }

  std::int64_t read_integer() {
    std::string_view token = read_token();
    if (token.size() > 1 && token.back() == 'N') token.remove_suffix(1);  // EDN big integer
    if (!token.empty() && token.front() == '+') token.remove_prefix(1);
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), number);
    if (error == std::errc::result_out_of_range)
      fail(fmt::format("expected a 64-bit integer, found {}", token));
    if (error != std::errc{} || end != token.data() + token.size())
      fail(fmt::format("expected an integer, found '{}' (floats and symbols are not supported)",
                       token));
    return number;
  }

  std::string_view text_;
  std::size_t position_ = 0;
  std::size_t line_ = 1;
};

}  // namespace

const EdnValue* EdnValue::find(std::string_view name) const {
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].kind == Kind::keyword && items[i].text == name) return &items[i + 1];
  }
  return nullptr;
}

std::string describe(const EdnValue& value) {
  switch (value.kind) {
    case EdnValue::Kind::nil:
      return "nil";
    case EdnValue::Kind::boolean:
      return value.integer ? "true" : "false";
    case EdnValue::Kind::integer:
      return std::to_string(value.integer);
    case EdnValue::Kind::keyword:
      return ":" + value.text;
    case EdnValue::Kind::string:
      return "\"" + value.text + "\"";
    case EdnValue::Kind::vector:
      return fmt::format("a vector of {}", value.items.size());
    case EdnValue::Kind::list:
      return fmt::format("a list of {}", value.items.size());
    case EdnValue::Kind::map:
      return "a map";
  }
  return "?";
}

std::variant<std::vector<EdnValue>, LineError> read_edn(std::string_view text) {
  try {
    return Parser(text).read_all();
  } catch (const EdnException& exception) {
    return exception.error;
  }
}

}  // namespace scar::reports::checkers
