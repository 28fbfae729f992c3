// The mean latency beside the percentiles, only where a scenario asks (report.mean): the
// exact mean (sum / count in whole ns, not from the histogram), in the text, JSON and HTML
// reports with a warning that it hides the tail, and as latency.mean in expectations.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <variant>

#include "reports/html_report.h"
#include "reports/report_json.h"
#include "reports/report_text.h"
#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;
using namespace std::chrono_literals;

namespace {

tools::LoadResult load(std::string_view text, const std::vector<std::string>& overrides = {}) {
  return tools::parse_scenario(text, "test.json", overrides);
}

reports::RunReport run(std::string_view text, const std::vector<std::string>& overrides = {}) {
  return tools::run_scenario(scar::testing::scenario_or_fail(load(text, overrides)));
}

constexpr std::string_view small = R"({
  "duration": "1s",
  "cluster": {"protocol": "kv", "nodes": 2},
  "workload": {"clients": 1, "rate": 200, "mix": {"get": 0.5, "put": 0.5}},
  "expect": ["get.latency.mean < 1s"]
})";

constexpr std::string_view warning = "the mean hides the tail: compare it with the p99";

}  // namespace

TEST_CASE("the mean is exact: the sum of latencies over the count, in whole ns", "[mean]") {
  reports::OperationSummary op;
  CHECK_FALSE(op.mean().has_value());
  op.record(reports::Outcome::ok, 1ms, 1);
  op.record(reports::Outcome::ok, 2ms, 1);
  op.record(reports::Outcome::ok, 4'000'001ns, 1);
  op.record(reports::Outcome::error, 50s, 1);  // failures have no latency
  REQUIRE(op.mean().has_value());
  CHECK(*op.mean() == 2'333'333ns);  // 7,000,001 / 3, rounded down
  reports::OperationSummary other;
  other.record(reports::Outcome::ok, 13ms, 1);
  op.merge(other);
  CHECK(*op.mean() == 5ms);  // 20,000,001 / 4
}

TEST_CASE("reports show the mean and its warning only where the scenario asks", "[mean]") {
  const auto plain = run(small);
  CHECK_FALSE(plain.show_mean);
  const auto plain_json = nlohmann::json::parse(reports::to_json(plain));
  CHECK_FALSE(plain_json.at("operations").at("get").at("latency_ns").contains("mean"));
  CHECK(reports::to_text(plain).find(warning) == std::string::npos);
  const std::string plain_html = reports::html_report(reports::to_json(plain));
  CHECK(plain_html.find(warning) == std::string::npos);
  CHECK(plain_html.find("<th>mean</th>") == std::string::npos);

  const auto asked = run(small, {R"(report={"mean": true})"});
  CHECK(asked.show_mean);
  const auto json = nlohmann::json::parse(reports::to_json(asked));
  const auto& get = json.at("operations").at("get").at("latency_ns");
  REQUIRE(get.contains("mean"));
  CHECK(get.at("mean").get<std::int64_t>() == asked.operation("get")->mean()->count());
  CHECK(reports::to_text(asked).find(warning) != std::string::npos);
  const std::string html = reports::html_report(reports::to_json(asked));
  CHECK(html.find(warning) != std::string::npos);
  CHECK(html.find("<th>mean</th>") != std::string::npos);
  // Asking changes what is shown, not the run.
  CHECK(asked.trace_hash == plain.trace_hash);
}

TEST_CASE("a bad report block is an error at its path", "[mean]") {
  const auto wrong_type = load(small, {R"(report={"mean": 3})"});
  REQUIRE(std::holds_alternative<tools::InputError>(wrong_type));
  CHECK(std::get<tools::InputError>(wrong_type).path == "report.mean");
  const auto unknown = load(small, {R"(report={"median": true})"});
  REQUIRE(std::holds_alternative<tools::InputError>(unknown));
  CHECK(std::get<tools::InputError>(unknown).path.starts_with("report"));
  const auto not_object = load(small, {"report=mean"});
  REQUIRE(std::holds_alternative<tools::InputError>(not_object));
  CHECK(std::get<tools::InputError>(not_object).path == "report");
}
