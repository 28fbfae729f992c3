#include "reports/checkers/history_edn.h"

#include <catch2/catch.hpp>

using namespace scar::reports::checkers;

namespace {

History parse(std::string_view text) {
  auto parsed = read_edn_history(text);
  if (const auto* error = std::get_if<LineError>(&parsed))
    FAIL(error->line << ": " << error->message);
  return std::get<History>(std::move(parsed));
}

LineError error_of(std::string_view text) {
  auto parsed = read_edn_history(text);
  REQUIRE(std::holds_alternative<LineError>(parsed));
  return std::get<LineError>(parsed);
}

}  // namespace

TEST_CASE("EDN events pair into operations by process, in real-time order", "[history_edn]") {
  const History history = parse(
      "[{:process 1, :type :invoke, :f :write, :value 3}\n"
      " {:process 2, :type :invoke, :f :read, :value nil}\n"
      " {:process :nemesis, :type :info, :f :start, :value \"partition\"}\n"
      " {:process 1, :type :ok, :f :write, :value 3}\n"
      " {:process 2, :type :ok, :f :read, :value 3, :time 900}\n"
      " {:process 3, :type :invoke, :f :cas, :value [3 4]}\n"
      " {:process 3, :type :info, :f :cas, :value [3 4]}\n"
      " {:process 4, :type :invoke, :f :cas, :value [0 1]}]\n");
  CHECK_FALSE(history.independent_keys);
  CHECK(history.events == 7);  // the nemesis event is not a register event
  REQUIRE(history.operations.size() == 4);
  const Operation& write = history.operations[0];
  CHECK(write.function == Function::write);
  CHECK(write.outcome == Outcome::ok);
  CHECK(write.value == 3);
  CHECK(write.invoke_position == 0);
  CHECK(write.complete_position == 2);
  const Operation& read = history.operations[1];
  CHECK(read.value == 3);
  CHECK(read.complete_time == scar::sim::Time{std::chrono::nanoseconds{900}});
  const Operation& cas = history.operations[2];
  CHECK(cas.outcome == Outcome::info);
  CHECK(cas.value == 3);
  CHECK(cas.cas_new_value == 4);
  CHECK(history.operations[3].outcome == Outcome::info);
  CHECK_FALSE(history.operations[3].complete_position);
}

TEST_CASE("the independent-keys form reads [key value] tuples", "[history_edn]") {
  const History history = parse(
      "{:process 0, :type :invoke, :f :cas, :value [7 [1 2]]}\n"
      "{:process 1, :type :invoke, :f :read, :value [8 nil]}\n"
      "{:process 0, :type :fail, :f :cas, :value [7 [1 2]]}\n"
      "{:process 1, :type :ok, :f :read, :value [8 5]}\n");
  CHECK(history.independent_keys);
  REQUIRE(history.operations.size() == 2);
  CHECK(history.operations[0].key == 7);
  CHECK(history.operations[0].outcome == Outcome::fail);
  CHECK(history.operations[0].cas_new_value == 2);
  CHECK(history.operations[1].key == 8);
  CHECK(history.operations[1].value == 5);
}

TEST_CASE("writing EDN and reading it back gives the same history", "[history_edn]") {
  for (const bool keyed : {false, true}) {
    History history;
    history.independent_keys = keyed;
    const auto a = history.invoke(1, keyed ? 4 : 0, Function::cas, 1, 2, scar::sim::Time{});
    const auto b = history.invoke(2, 0, Function::read, std::nullopt, std::nullopt, {});
    history.complete(b, Outcome::ok, std::nullopt, {});
    history.invoke(3, 0, Function::write, -5, std::nullopt, {});
    history.complete(a, Outcome::info, std::nullopt, scar::sim::Time{std::chrono::seconds{2}});
    const std::string text = write_edn_history(history);
    const History again = parse(text);
    CHECK(write_edn_history(again) == text);
    CHECK(again.independent_keys == keyed);
    REQUIRE(again.operations.size() == 3);
    CHECK(again.operations[0].complete_time == history.operations[0].complete_time);
    CHECK(again.operations[2].value == -5);
    CHECK_FALSE(again.operations[2].complete_position);
  }
}

TEST_CASE("a malformed EDN history names the line and what was expected", "[history_edn]") {
  const LineError type =
      error_of("{:process 1, :type :invoke, :f :read}\n{:process 1, :type :done, :f :read}");
  CHECK(type.line == 2);
  CHECK(type.message == "expected :type to be :invoke, :ok, :fail or :info, found :done");
  CHECK(error_of("{:process 1, :type :invoke, :f :append, :value 1}").message ==
        "expected :f to be :read, :write or :cas, found :append");
  CHECK(error_of("{:process 1, :type :ok, :f :read, :value 1}")
            .message.find("expected an :invoke by process 1") == 0);
  const LineError twice =
      error_of("{:process 1, :type :invoke, :f :read}\n{:process 1, :type :invoke, :f :read}");
  CHECK(twice.line == 2);
  CHECK(twice.message.find("(line 1)") != std::string::npos);
  CHECK(error_of("{:process 1, :type :invoke, :f :read}\n{:process 1, :type :ok, :f :write}")
            .message.find("expected :f :read") == 0);
  CHECK(error_of("{:process 1, :type :invoke, :f :cas, :value 3}").message ==
        "expected a cas :value [expected new], found 3");
  const LineError mixed = error_of(
      "{:process 1, :type :invoke, :f :write, :value [1 2]}\n"
      "{:process 2, :type :invoke, :f :write, :value 2}");
  CHECK(mixed.line == 2);
  CHECK(mixed.message.find("[key value]") != std::string::npos);
  CHECK(error_of("[1 2]").message.find("expected an operation map") == 0);
  CHECK(error_of("{:type :invoke, :f :read}").message ==
        "expected the operation to have :process, found none");
}
