#include "reports/checkers/edn.h"

#include <catch2/catch.hpp>

using scar::reports::checkers::EdnValue;
using scar::reports::checkers::LineError;
using scar::reports::checkers::read_edn;

namespace {

std::vector<EdnValue> parse(std::string_view text) {
  auto parsed = read_edn(text);
  if (const auto* error = std::get_if<LineError>(&parsed))
    FAIL(error->line << ": " << error->message);
  return std::get<std::vector<EdnValue>>(std::move(parsed));
}

LineError error_of(std::string_view text) {
  auto parsed = read_edn(text);
  REQUIRE(std::holds_alternative<LineError>(parsed));
  return std::get<LineError>(parsed);
}

}  // namespace

TEST_CASE("an EDN operation map reads as keywords, integers, nil and a vector", "[edn]") {
  const auto values = parse("{:process 3, :type :invoke, :f :cas, :value [1 -2], :error nil}");
  REQUIRE(values.size() == 1);
  const EdnValue& map = values[0];
  REQUIRE(map.kind == EdnValue::Kind::map);
  CHECK(map.find("process")->integer == 3);
  CHECK(map.find("type")->kind == EdnValue::Kind::keyword);
  CHECK(map.find("type")->text == "invoke");
  const EdnValue* value = map.find("value");
  REQUIRE(value->kind == EdnValue::Kind::vector);
  REQUIRE(value->items.size() == 2);
  CHECK(value->items[1].integer == -2);
  CHECK(map.find("error")->kind == EdnValue::Kind::nil);
  CHECK(map.find("time") == nullptr);
}

TEST_CASE("comments, commas and newlines are whitespace and lines are counted", "[edn]") {
  const auto values = parse("; a comment\n({:a 1}\n ; between\n {:b \"x\\\"]}\" :c true})");
  REQUIRE(values.size() == 1);
  REQUIRE(values[0].kind == EdnValue::Kind::list);
  REQUIRE(values[0].items.size() == 2);
  CHECK(values[0].items[0].line == 2);
  CHECK(values[0].items[1].line == 4);
  CHECK(values[0].items[1].find("b")->text == "x\"]}");
  CHECK(values[0].items[1].find("c")->integer == 1);
}

TEST_CASE("unsupported or broken EDN is an error naming the line", "[edn]") {
  CHECK(error_of("{:a 1}\n{:b 1.5}").line == 2);
  CHECK(error_of("{:a 1}\n{:b 1.5}").message.find("1.5") != std::string::npos);
  CHECK(error_of("{:a #{1 2}}").message.find("'#'") != std::string::npos);
  const LineError unclosed = error_of("[{:a 1}\n {:b 2}");
  CHECK(unclosed.line == 2);
  CHECK(unclosed.message.find("opened on line 1") != std::string::npos);
  CHECK(error_of("{:a 1 :b}").message.find("key without a value") != std::string::npos);
  CHECK(error_of("{:a 1]").message.find("found ']'") != std::string::npos);
  CHECK(error_of("{:a 99999999999999999999}").message.find("64-bit") != std::string::npos);
  CHECK(error_of("\n\"never closed").line == 2);
}
