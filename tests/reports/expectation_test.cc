#include "reports/expectation.h"

#include <catch2/catch.hpp>
#include <variant>

using namespace std::chrono_literals;
using namespace scar::reports;

namespace {

const std::vector<std::string> operations = {"get", "put"};

Expectation parse(std::string_view text) {
  auto parsed = parse_expectation(text, operations);
  REQUIRE(std::holds_alternative<Expectation>(parsed));
  return std::get<Expectation>(parsed);
}

std::string parse_error(std::string_view text) {
  auto parsed = parse_expectation(text, operations);
  REQUIRE(std::holds_alternative<std::string>(parsed));
  return std::get<std::string>(parsed);
}

RunReport report_with_get_latencies() {
  RunReport report;
  report.workload_duration = 10s;
  OperationSummary get;
  get.name = "get";
  for (int i = 1; i <= 100; ++i) get.record(Outcome::ok, std::chrono::milliseconds{i}, 1);
  get.record(Outcome::timeout, 0ms, 3);
  report.operations.push_back(get);
  return report;
}

}  // namespace

TEST_CASE("expectations parse metric, operator and value", "[expectation]") {
  const Expectation e = parse("get.latency.p99 < 50ms");
  CHECK(e.metric == "get.latency.p99");
  CHECK(e.comparison == Comparison::less);
  CHECK(e.value == 50'000'000);
  CHECK(parse("availability >= 0.99").comparison == Comparison::greater_equal);
  CHECK(parse("put.timeout == 0").value == 0);
  CHECK(parse("get.count!=5").comparison == Comparison::not_equal);
}

TEST_CASE("expectations with unknown metrics or bad values are rejected with a reason",
          "[expectation]") {
  CHECK(parse_error("get.latency.p98 < 5ms").find("unknown metric") != std::string::npos);
  CHECK(parse_error("delete.count == 0").find("unknown metric") != std::string::npos);
  CHECK(parse_error("get.count < lots").find("found \"lots\"") != std::string::npos);
  CHECK(parse_error("get.count").find("<metric> <op> <value>") != std::string::npos);
}

TEST_CASE("expectations evaluate against the report", "[expectation]") {
  const RunReport report = report_with_get_latencies();
  // p99 of 1..100 ms is 99 ms, reported within the histogram's 0.05%.
  CHECK(evaluate(parse("get.latency.p99 < 99.1ms"), report).held);
  CHECK_FALSE(evaluate(parse("get.latency.p99 < 98.9ms"), report).held);
  CHECK(evaluate(parse("get.latency.max == 100ms"), report).actual == 100'000'000);
  CHECK(evaluate(parse("get.timeout == 1"), report).held);
  CHECK(evaluate(parse("get.retries == 2"), report).held);
  CHECK(evaluate(parse("availability < 1"), report).actual == Approx(100.0 / 101));
  CHECK(evaluate(parse("get.throughput == 10"), report).held);
  CHECK(evaluate(parse("put.count == 0"), report).held);  // known but never run
}

TEST_CASE("invariants_held is true unless the run broke a protocol invariant", "[expectation]") {
  RunReport report = report_with_get_latencies();
  CHECK(evaluate(parse("invariants_held == true"), report).held);
  report.invariant = InvariantSummary{"one leader per term", "two leaders in term 3"};
  CHECK_FALSE(evaluate(parse("invariants_held == true"), report).held);
  CHECK(evaluate(parse("invariants_held == false"), report).held);
}
