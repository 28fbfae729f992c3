// scar capacity against queueing theory, and its contract. One kv server with exponential
// service (mean 1 ms, so mu = 1000/s) fed open-loop Poisson arrivals over a zero-latency
// network is an M/M/1 queue: the time in system is exponential with rate mu - lambda, so
// its p99 is ln(100) / (mu - lambda). The p99 equals an SLO of 20 ms when
// lambda = mu - ln(100) / 20 ms = 1000 - 230.26 = 769.7/s: the capacity to find.
//
// Near the answer the p99 moves 1% for every 0.23% of rate (d p99 / p99 = d lambda /
// (mu - lambda) = d lambda / 230), so the runs must estimate the p99 within a few percent:
// 300 s at ~770/s gives ~230,000 gets a run (seeds 1 to 8 land within 2.2% at 200 s).
#include "tools/capacity.h"

#include <fmt/format.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <variant>

#include "tools/capacity_command.h"
#include "tools/capacity_report.h"
#include "tools/commands.h"
#include "tools/scenario_loader.h"
#include "tools/text_file.h"

using namespace scar;

namespace {

std::string mm1_text(const std::string& duration) {
  return R"({
    "duration": ")" +
         duration + R"(", "drain": "2s",
    "cluster": {"protocol": "kv", "nodes": 1,
                "cpu": {"per_message": {"distribution": "exponential", "mean": "1ms"}}},
    "network": {"latency": "0"},
    "workload": {"clients": 4, "rate": 500, "arrival": "poisson", "mix": {"get": 1.0},
                 "timeout": "10s"}
  })";
}

tools::CapacityRequest mm1_request(const std::string& duration, unsigned jobs) {
  auto loaded = tools::parse_scenario(mm1_text(duration), "mm1.json");
  REQUIRE(std::holds_alternative<tools::Scenario>(loaded));
  tools::CapacityRequest request{.scenario = std::get<tools::Scenario>(loaded)};
  auto slo = reports::parse_expectation("get.latency.p99 < 20ms", {"get", "put"});
  REQUIRE(std::holds_alternative<reports::Expectation>(slo));
  request.slo = std::get<reports::Expectation>(slo);
  request.low = 100;
  request.high = 1000;
  request.jobs = jobs;
  return request;
}

// A file in the temporary directory, removed when this goes.
class TemporaryFile {
 public:
  TemporaryFile(const std::string& name, const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("scar-capacity-test-" + std::to_string(::getpid()) + "-" + name)) {
    if (!text.empty()) std::ofstream(path_) << text;
  }
  ~TemporaryFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace

TEST_CASE("scar capacity finds the M/M/1 rate whose p99 meets the SLO within 3%", "[capacity]") {
  const tools::CapacityResult result = tools::find_capacity(mm1_request("300s", 2));
  const double expected = 1000 - std::log(100.0) / 0.020;  // 769.7/s
  REQUIRE(result.max_rate);
  REQUIRE(result.failed_rate);
  CHECK(*result.max_rate == Approx(expected).epsilon(0.03));
  CHECK(result.monotone);
  CHECK_FALSE(result.budget_spent);
  CHECK(result.points.size() <= 30);
  // The bracket is as narrow as promised, and the curve is sorted by rate.
  CHECK(*result.failed_rate - *result.max_rate <= tools::capacity_precision * *result.max_rate);
  CHECK(std::is_sorted(result.points.begin(), result.points.end(),
                       [](const auto& a, const auto& b) { return a.rate < b.rate; }));
  // The knee: p99 = ln(100) / (1000 - rate) doubles its value at 100/s (5.1 ms) at 550/s; the
  // grid's first rate past that is 614.3/s.
  REQUIRE(result.knee_rate);
  CHECK(*result.knee_rate == Approx(614.3));
}

TEST_CASE("scar capacity prints and writes the same curve for any number of threads",
          "[capacity]") {
  const tools::CapacityRequest one = mm1_request("10s", 1);
  const tools::CapacityRequest two = mm1_request("10s", 2);
  const tools::CapacityResult first = tools::find_capacity(one);
  const tools::CapacityResult second = tools::find_capacity(two);
  CHECK(tools::capacity_text(one, first) == tools::capacity_text(two, second));
  CHECK(tools::capacity_json(one, first) == tools::capacity_json(two, second));
  CHECK(tools::capacity_html(one, first) == tools::capacity_html(two, second));
}

TEST_CASE("scar capacity writes max_rate and the curve as JSON and exits 0 when a rate holds",
          "[capacity]") {
  const TemporaryFile scenario("mm1.json", mm1_text("20s"));
  const TemporaryFile json("out.json", "");
  const TemporaryFile html("out.html", "");
  const int exit = tools::capacity_command({.file = scenario.path(),
                                            .slo = "get.latency.p99 < 20ms",
                                            .low = 100,
                                            .high = 1000,
                                            .json_path = json.path(),
                                            .html_path = html.path()});
  CHECK(exit == tools::exit_ok);
  const tools::FileText written = tools::read_text_file(json.path());
  REQUIRE(written.ok());
  const auto parsed = nlohmann::json::parse(written.text);
  REQUIRE(parsed.at("max_rate").is_number());
  CHECK(parsed.at("max_rate").get<double>() > 600);
  CHECK(parsed.at("max_rate").get<double>() < 900);
  CHECK(parsed.at("slo") == "get.latency.p99 < 20ms");
  CHECK(parsed.at("points").size() >= tools::capacity_grid_points);
  const tools::FileText page = tools::read_text_file(html.path());
  REQUIRE(page.ok());
  CHECK(page.text.find("<svg") != std::string::npos);
  CHECK(page.text.find("max_rate") != std::string::npos);
}

TEST_CASE("scar capacity exits 1 when even the lowest rate misses the SLO", "[capacity]") {
  // Service alone takes 1 ms on average: no rate gives a p99 under 2 ms.
  const TemporaryFile scenario("mm1.json", mm1_text("5s"));
  const TemporaryFile json("out.json", "");
  CHECK(tools::capacity_command(
            {.file = scenario.path(), .slo = "get.latency.p99 < 2ms", .json_path = json.path()}) ==
        tools::exit_failed);
  const tools::FileText written = tools::read_text_file(json.path());
  REQUIRE(written.ok());
  CHECK(nlohmann::json::parse(written.text).at("max_rate").is_null());
}

TEST_CASE("scar capacity refuses a bad SLO, a closed loop and low >= high with exit 2",
          "[capacity]") {
  const TemporaryFile scenario("mm1.json", mm1_text("5s"));
  CHECK(tools::capacity_command({.file = scenario.path(), .slo = "get.latency.p99 <"}) ==
        tools::exit_bad_input);
  CHECK(tools::capacity_command({.file = scenario.path(), .slo = "get.latncy.p99 < 2ms"}) ==
        tools::exit_bad_input);
  CHECK(tools::capacity_command({.file = scenario.path(),
                                 .slo = "get.latency.p99 < 20ms",
                                 .overrides = {"workload.mode=closed"}}) == tools::exit_bad_input);
  CHECK(tools::capacity_command(
            {.file = scenario.path(), .slo = "get.latency.p99 < 20ms", .low = 500, .high = 500}) ==
        tools::exit_bad_input);
}

TEST_CASE("the capacity is the highest held rate below the first miss, and a later hold is flagged",
          "[capacity]") {
  tools::CapacityResult result;
  result.points = {
      {.rate = 100, .value = 5, .held = true},  {.rate = 200, .value = 9, .held = true},
      {.rate = 300, .value = 10, .held = true}, {.rate = 400, .value = 21, .held = false},
      {.rate = 500, .value = 19, .held = true}, {.rate = 600, .value = 40, .held = false}};
  tools::summarize_capacity(result);
  CHECK(result.max_rate == 300);
  CHECK(result.failed_rate == 400);
  CHECK_FALSE(result.monotone);
  CHECK(result.knee_rate == 300);  // the first value at least 2 x 5

  result.points.erase(result.points.begin() + 4);
  tools::summarize_capacity(result);
  CHECK(result.monotone);
  CHECK(result.max_rate == 300);

  result.points.front().held = false;
  tools::summarize_capacity(result);
  CHECK_FALSE(result.max_rate);
  CHECK(result.failed_rate == 100);
}

TEST_CASE("capacity rates are rounded to 0.1/s and read back as the same number", "[capacity]") {
  CHECK(tools::capacity_rate(742.857142) == 742.9);
  CHECK(tools::capacity_rate(1e6 / 3) == 333333.3);
  CHECK(std::stod(fmt::format("{}", tools::capacity_rate(769.66))) == tools::capacity_rate(769.66));
}

TEST_CASE("scar capacity refuses a workload whose rate changes, with exit 2", "[capacity][rate]") {
  const TemporaryFile scenario("mm1.json", mm1_text("5s"));
  CHECK(tools::capacity_command(
            {.file = scenario.path(),
             .slo = "get.latency.p99 < 20ms",
             .overrides = {R"(workload.rate_changes=[{"at": "1s", "rate": 5}])"}}) ==
        tools::exit_bad_input);
}
