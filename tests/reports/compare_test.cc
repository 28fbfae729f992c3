#include "reports/compare.h"

#include <catch2/catch.hpp>
#include <variant>

#include "reports/report_json.h"

using namespace std::chrono_literals;
using namespace scar::reports;

namespace {

std::string report(const std::string& scenario, std::int64_t p99_ms, std::uint64_t timeouts,
                   double availability_ok) {
  RunReport r;
  r.scenario = scenario;
  r.workload_duration = 10s;
  OperationSummary put;
  put.name = "put";
  for (int i = 0; i < 99; ++i) put.record(Outcome::ok, 1ms, 1);
  put.record(Outcome::ok, std::chrono::milliseconds{p99_ms}, 1);
  for (std::uint64_t i = 0; i < timeouts; ++i) put.record(Outcome::timeout, 0ms, 1);
  for (int i = 0; i < availability_ok; ++i) put.record(Outcome::ok, 1ms, 1);
  r.operations.push_back(put);
  return to_json(r);
}

Threshold threshold(const std::string& text) {
  auto parsed = parse_threshold(text);
  REQUIRE(std::holds_alternative<Threshold>(parsed));
  return std::get<Threshold>(parsed);
}

ReportComparison compare(const std::string& base, const std::string& current,
                         std::vector<Threshold> limits) {
  auto result = compare_reports(base, current, limits, false);
  REQUIRE(std::holds_alternative<ReportComparison>(result));
  return std::get<ReportComparison>(result);
}

}  // namespace

TEST_CASE("thresholds parse as relative or absolute limits", "[compare]") {
  CHECK(threshold("put.latency.p99=10%").relative);
  CHECK(threshold("put.latency.p99=10%").limit == Approx(0.1));
  CHECK(threshold("put.latency.p99=5ms").limit == 5e6);
  CHECK(threshold("put.timeout=3").limit == 3);
  CHECK(std::holds_alternative<std::string>(parse_threshold("put.latency.p99")));
  CHECK(std::holds_alternative<std::string>(parse_threshold("put.latency.p99=fast")));
}

TEST_CASE("a latency rise past a relative limit is a regression; within it is not", "[compare]") {
  const std::string base = report("s", 100, 0, 0);
  CHECK(compare(base, report("s", 109, 0, 0), {threshold("put.latency.max=10%")}).regressed() ==
        false);
  CHECK(compare(base, report("s", 111, 0, 0), {threshold("put.latency.max=10%")}).regressed());
  CHECK(compare(base, report("s", 50, 0, 0), {threshold("put.latency.max=10%")}).regressed() ==
        false);  // better
}

TEST_CASE("absolute limits count in the metric's unit", "[compare]") {
  const std::string base = report("s", 100, 2, 0);
  CHECK(compare(base, report("s", 104, 2, 0), {threshold("put.latency.max=5ms")}).regressed() ==
        false);
  CHECK(compare(base, report("s", 106, 2, 0), {threshold("put.latency.max=5ms")}).regressed());
  CHECK(compare(base, report("s", 100, 5, 0), {threshold("put.timeout=3")}).regressed() == false);
  CHECK(compare(base, report("s", 100, 6, 0), {threshold("put.timeout=3")}).regressed());
}

TEST_CASE("for throughput and availability, lower is worse", "[compare]") {
  const std::string base = report("s", 100, 0, 100);
  CHECK(compare(base, report("s", 100, 0, 0), {threshold("put.throughput=10%")}).regressed());
  CHECK(compare(base, report("s", 100, 50, 100), {threshold("availability=1%")}).regressed());
  CHECK(compare(report("s", 100, 50, 100), base, {threshold("availability=1%")}).regressed() ==
        false);
}

TEST_CASE("reports of different scenarios are refused unless forced", "[compare]") {
  CHECK(std::holds_alternative<std::string>(
      compare_reports(report("a", 1, 0, 0), report("b", 1, 0, 0), {}, false)));
  CHECK(std::holds_alternative<ReportComparison>(
      compare_reports(report("a", 1, 0, 0), report("b", 1, 0, 0), {}, true)));
  CHECK(std::holds_alternative<std::string>(compare_reports("{}", report("b", 1, 0, 0), {}, true)));
}

TEST_CASE("a threshold naming no metric is reported", "[compare]") {
  const std::string base = report("s", 100, 0, 0);
  CHECK(compare(base, base, {threshold("put.latency.p98=1%")}).unknown_thresholds ==
        std::vector<std::string>{"put.latency.p98"});
}
