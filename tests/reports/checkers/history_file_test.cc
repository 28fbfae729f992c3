#include "reports/checkers/history_file.h"

#include <catch2/catch.hpp>

using namespace scar::reports::checkers;

TEST_CASE("the history format is told from the first character that is not blank",
          "[history_file]") {
  const auto format = [](std::string_view text) {
    auto detected = detect_history_format(text);
    REQUIRE(std::holds_alternative<HistoryFormat>(detected));
    return std::get<HistoryFormat>(detected);
  };
  CHECK(format("\n  {\"process\":1}") == HistoryFormat::scar_json_lines);
  CHECK(format("{:process 1}") == HistoryFormat::jepsen_edn);
  CHECK(format("; comment\n[{:process 1}]") == HistoryFormat::jepsen_edn);
  CHECK(format("({:process 1})") == HistoryFormat::jepsen_edn);
  CHECK(format("") == HistoryFormat::scar_json_lines);
  auto unknown = detect_history_format("\n\nprocess,type\n1,invoke");
  REQUIRE(std::holds_alternative<LineError>(unknown));
  CHECK(std::get<LineError>(unknown).line == 3);
  CHECK(std::get<LineError>(unknown).message.find("found \"process,type\"") != std::string::npos);
}

TEST_CASE("read_history reads either format into the same history", "[history_file]") {
  auto from_edn = read_history("{:process 1, :type :invoke, :f :write, :value 2}\n");
  auto from_json = read_history(R"({"process":1,"type":"invoke","f":"write","value":2})");
  REQUIRE(std::holds_alternative<History>(from_edn));
  REQUIRE(std::holds_alternative<History>(from_json));
  CHECK(std::get<History>(from_edn).operations[0].value == 2);
  CHECK(std::get<History>(from_json).operations[0].value == 2);
}
