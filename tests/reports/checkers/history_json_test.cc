#include "reports/checkers/history_json.h"

#include <catch2/catch.hpp>

using namespace scar::reports::checkers;

namespace {

History parse(std::string_view text) {
  auto parsed = read_json_history(text);
  if (const auto* error = std::get_if<LineError>(&parsed))
    FAIL(error->line << ": " << error->message);
  return std::get<History>(std::move(parsed));
}

LineError error_of(std::string_view text) {
  auto parsed = read_json_history(text);
  REQUIRE(std::holds_alternative<LineError>(parsed));
  return std::get<LineError>(parsed);
}

}  // namespace

TEST_CASE("JSON-lines events pair into operations with keys and times", "[history_json]") {
  const History history =
      parse(R"({"process":3,"type":"invoke","f":"cas","key":1,"value":[1,2],"time_ns":1000})"
            "\n\n"
            R"({"process":4,"type":"invoke","f":"read","key":2,"value":null})"
            "\n"
            R"({"process":3,"type":"fail","f":"cas","key":1,"value":[1,2],"time_ns":1500})"
            "\n"
            R"({"process":4,"type":"ok","f":"read","key":2,"value":7})"
            "\n");
  CHECK(history.independent_keys);
  REQUIRE(history.operations.size() == 2);
  CHECK(history.operations[0].outcome == Outcome::fail);
  CHECK(history.operations[0].key == 1);
  CHECK(history.operations[0].invoke_time == scar::sim::Time{std::chrono::nanoseconds{1000}});
  CHECK(history.operations[1].value == 7);
  CHECK(history.operations[1].complete_position == 3);
}

TEST_CASE("writing JSON lines and reading them back gives the same history", "[history_json]") {
  History history;
  const auto a = history.invoke(1, 0, Function::write, 5, std::nullopt, scar::sim::Time{});
  const auto b = history.invoke(2, 0, Function::cas, std::nullopt, 3, {});
  history.complete(a, Outcome::ok, std::nullopt, scar::sim::Time{std::chrono::milliseconds{3}});
  history.complete(b, Outcome::info, std::nullopt, {});
  history.invoke(3, 0, Function::read, std::nullopt, std::nullopt, {});
  const std::string text = write_json_history(history);
  CHECK(text.substr(0, text.find('\n')) ==
        R"({"process":1,"type":"invoke","f":"write","value":5,"time_ns":0})");
  const History again = parse(text);
  CHECK(write_json_history(again) == text);
  REQUIRE(again.operations.size() == 3);
  CHECK_FALSE(again.operations[1].value);
  CHECK(again.operations[1].cas_new_value == 3);
}

TEST_CASE("a malformed JSON history names the line and what was expected", "[history_json]") {
  const LineError broken = error_of(R"({"process":1,"type":"invoke","f":"read","value":null})"
                                    "\n{\"process\":1,");
  CHECK(broken.line == 2);
  CHECK(broken.message.find("expected one JSON object") == 0);
  CHECK(error_of(R"({"process":1,"type":"begin","f":"read","value":null})").message ==
        R"(expected "type" to be "invoke" or "ok" or "fail" or "info", found "begin")");
  CHECK(error_of(R"({"process":1,"type":"invoke","f":"read","value":null,"vaule":1})")
            .message.find(R"(found "vaule")") != std::string::npos);
  CHECK(error_of(R"({"process":"a","type":"invoke","f":"read","value":null})").message ==
        R"(expected "process" to be a 64-bit integer, found "a")");
  CHECK(error_of(R"({"process":1,"type":"invoke","f":"write","value":9223372036854775808})")
            .message == R"(expected "value" to be a 64-bit integer, found 9223372036854775808)");
  CHECK(error_of(R"({"process":1,"type":"invoke","f":"read"})").message ==
        R"(expected the event to have "value")");
  const LineError keys =
      error_of(R"({"process":1,"type":"invoke","f":"read","value":null})"
               "\n"
               R"({"process":2,"type":"invoke","f":"read","key":1,"value":null})");
  CHECK(keys.line == 2);
  CHECK(keys.message == R"(expected no "key", as on the first event (line 1))");
}
