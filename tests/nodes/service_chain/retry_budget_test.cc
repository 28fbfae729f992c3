// The retry budget: retries at most `ratio` of the requests in the recent window.
#include "nodes/service_chain/retry_budget.h"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace scar;
using nodes::service_chain::RetryBudget;

TEST_CASE("a retry budget allows retries up to its fraction of recent requests",
          "[service-chain][budget]") {
  RetryBudget budget(0.1, 1s);
  const sim::Time now = sim::at(100ms);
  CHECK_FALSE(budget.try_retry(now));  // nothing deposited yet: no retry at all
  for (int i = 0; i < 100; ++i) budget.record_request(now);
  int allowed = 0;
  for (int i = 0; i < 50; ++i) allowed += budget.try_retry(now) ? 1 : 0;
  CHECK(allowed == 10);
  budget.record_request(now);
  CHECK_FALSE(budget.try_retry(now));  // 101 requests: still 10 retries' worth
  for (int i = 0; i < 9; ++i) budget.record_request(now);
  CHECK(budget.try_retry(now));  // 110 requests: an 11th
}

TEST_CASE("a retry budget forgets requests and retries older than its window",
          "[service-chain][budget]") {
  RetryBudget budget(0.5, 1s);
  for (int i = 0; i < 10; ++i) budget.record_request(sim::at(0ms));
  for (int i = 0; i < 5; ++i) CHECK(budget.try_retry(sim::at(500ms)));
  CHECK_FALSE(budget.try_retry(sim::at(900ms)));
  // At 1.05 s the requests of the first tenth have left the window; the retries of 0.5 s
  // are still in it, so the new requests must pay for them first.
  for (int i = 0; i < 10; ++i) budget.record_request(sim::at(1050ms));
  CHECK_FALSE(budget.try_retry(sim::at(1050ms)));
  // At 1.55 s those retries are gone too: ten requests, five retries.
  for (int i = 0; i < 5; ++i) CHECK(budget.try_retry(sim::at(1550ms)));
  CHECK_FALSE(budget.try_retry(sim::at(1550ms)));
}
