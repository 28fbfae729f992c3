#include "tools/capacity.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cmath>
#include <limits>

#include "sim/assert.h"
#include "tools/describe.h"
#include "tools/run_outcome.h"

namespace scar::tools {
namespace {

// The scenario of one run: its rate set, the SLO its only expectation, and only the
// history check that measures the SLO's metric (the others cost time and say nothing here).
Scenario scenario_at(const CapacityRequest& request, double rate) {
  Scenario scenario = request.scenario;
  scenario.workload.rate_per_second = rate;
  scenario.expect = {request.slo};
  const std::string_view check = reports::check_measuring(request.slo.metric);
  std::erase_if(scenario.checks, [&](const std::string& name) { return name != check; });
  scenario.overrides.push_back(fmt::format("workload.rate={}", rate));
  return scenario;
}

struct RunResult {
  CapacityPoint point;
  std::string internal_error;
};

RunResult run_at(const CapacityRequest& request, double rate) {
  const Scenario scenario = scenario_at(request, rate);
  sim::set_assert_replay(replay_command(scenario));
  reports::RunReport report;
  const RunOutcome outcome = run_once(scenario, &report);
  RunResult result{.point = {.rate = rate, .value = std::numeric_limits<double>::quiet_NaN()}};
  if (outcome.kind == RunOutcome::Kind::internal_error) {
    result.internal_error = outcome.detail;
    return result;
  }
  result.point.limit = outcome.kind == RunOutcome::Kind::run_limit;
  result.point.held = outcome.kind == RunOutcome::Kind::held;
  if (const auto value = reports::metric_value(report, request.slo.metric))
    result.point.value = *value;
  return result;
}

// Runs every rate, on up to request.jobs threads; the results in the order of `rates`.
std::vector<RunResult> run_all(const CapacityRequest& request, const std::vector<double>& rates) {
  std::vector<RunResult> results(rates.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < rates.size(); i = next++)
      results[i] = run_at(request, rates[i]);
  };
  const unsigned threads =
      static_cast<unsigned>(std::min<std::size_t>(std::max(request.jobs, 1u), rates.size()));
  boost::asio::thread_pool pool(std::max(threads, 1u));
  for (unsigned thread = 0; thread < threads; ++thread) boost::asio::post(pool, work);
  pool.join();
  return results;
}

// `count` rates evenly spaced from `from` to `to`, rounded, without the ends when
// `inside`, without rates already run, each once.
std::vector<double> spaced_rates(double from, double to, std::uint32_t count, bool inside,
                                 const std::vector<CapacityPoint>& done) {
  std::vector<double> rates;
  for (std::uint32_t i = 0; i < count; ++i) {
    const double fraction = inside ? (i + 1.0) / (count + 1.0)
                                   : (count == 1 ? 0.0 : static_cast<double>(i) / (count - 1));
    const double rate = capacity_rate(from + fraction * (to - from));
    const bool run = std::any_of(done.begin(), done.end(),
                                 [&](const CapacityPoint& point) { return point.rate == rate; });
    const bool repeated = std::find(rates.begin(), rates.end(), rate) != rates.end();
    if (!run && !repeated && rate > 0) rates.push_back(rate);
  }
  return rates;
}

// Adds the runs' points in rate order; false when a run failed with an internal error.
bool add_points(CapacityResult& result, const std::vector<RunResult>& runs) {
  for (const RunResult& run : runs) {
    if (!run.internal_error.empty()) {
      result.internal_error = run.internal_error;
      return false;
    }
    result.points.push_back(run.point);
  }
  std::sort(result.points.begin(), result.points.end(),
            [](const CapacityPoint& a, const CapacityPoint& b) { return a.rate < b.rate; });
  summarize_capacity(result);
  return true;
}

bool narrow_enough(const CapacityResult& result) {
  if (!result.max_rate || !result.failed_rate) return true;
  return *result.failed_rate - *result.max_rate <= capacity_precision * *result.max_rate;
}

}  // namespace

void summarize_capacity(CapacityResult& result) {
  result.max_rate.reset();
  result.failed_rate.reset();
  result.monotone = true;
  for (const CapacityPoint& point : result.points) {
    if (!point.held && !result.failed_rate) result.failed_rate = point.rate;
    if (point.held && !result.failed_rate) result.max_rate = point.rate;
    if (point.held && result.failed_rate) result.monotone = false;
  }
  result.knee_rate.reset();
  if (result.points.empty()) return;
  const double base = result.points.front().value;
  if (!std::isfinite(base) || base <= 0) return;
  for (const CapacityPoint& point : result.points) {
    if (point.value >= capacity_knee_factor * base) {
      result.knee_rate = point.rate;
      return;
    }
  }
}

double capacity_rate(double rate) {
  // Divided by a whole number, so the result is the double nearest "742.9", as read back.
  return std::round(rate * 10) / 10;
}

CapacityResult find_capacity(const CapacityRequest& request) {
  SCAR_ASSERT(request.low > 0);
  SCAR_ASSERT(request.low < request.high);
  SCAR_ASSERT(request.runs_max >= 2);
  CapacityResult result;
  const std::uint32_t grid = std::min(capacity_grid_points, request.runs_max);
  if (!add_points(result, run_all(request, spaced_rates(request.low, request.high, grid,
                                                        /*inside=*/false, result.points))))
    return result;
  while (!narrow_enough(result)) {
    const std::size_t runs_left = request.runs_max - result.points.size();
    if (runs_left == 0) {
      result.budget_spent = true;
      break;
    }
    const auto count =
        static_cast<std::uint32_t>(std::min<std::size_t>(capacity_round_points, runs_left));
    const std::vector<double> rates =
        spaced_rates(*result.max_rate, *result.failed_rate, count, /*inside=*/true, result.points);
    if (rates.empty()) break;  // the bracket is one rate step wide
    if (!add_points(result, run_all(request, rates))) return result;
  }
  return result;
}

}  // namespace scar::tools
