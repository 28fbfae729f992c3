// What clients do: the scenario's `workload` block as plain options.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "nodes/client_protocol.h"
#include "sim/random.h"
#include "sim/time.h"

namespace scar::nodes {

enum class LoadMode : std::uint8_t {
  open,    // arrivals on a schedule, whether or not earlier operations returned
  closed,  // each client keeps `concurrency` operations outstanding
};
enum class Arrival : std::uint8_t { poisson, constant };
enum class KeyDistribution : std::uint8_t { uniform, zipf };
enum class RetryPolicy : std::uint8_t { none, immediate, exponential };
enum class Jitter : std::uint8_t { none, full };

struct RetryOptions {
  RetryPolicy policy = RetryPolicy::none;
  std::uint32_t attempts = 3;  // total attempts including the first (policy != none)
  sim::Duration base = std::chrono::milliseconds{10};  // exponential: first backoff
  sim::Duration cap = std::chrono::seconds{1};         // exponential: largest backoff
  Jitter jitter = Jitter::full;

  // Whether an operation that has made `attempts` attempts may make another.
  bool allows_another(std::uint32_t attempts_made) const;
  // The wait before attempt `attempts_made + 1`. Exponential: min(cap, base * 2^(n-1)),
  // with full jitter a uniform draw in [0, that].
  sim::Duration backoff(std::uint32_t attempts_made, sim::Random& random) const;
};

// A change of an open-loop workload's rate: from `at` (since the run's start) on, the
// clients together start `rate_per_second` operations a second.
struct RateChange {
  sim::Duration at{};
  double rate_per_second = 0;  // above 0
};

struct MixEntry {
  OperationKind kind;
  double weight;  // weights sum to 1
};

struct WorkloadOptions {
  std::uint32_t clients = 1;
  LoadMode mode = LoadMode::open;
  double rate_per_second = 100;  // open: total over all clients, from the start
  // open: later rates, in increasing `at` (so load can spike and fall back); none: one rate.
  std::vector<RateChange> rate_changes;
  Arrival arrival = Arrival::poisson;
  std::uint32_t concurrency = 1;  // closed: outstanding operations per client
  sim::Duration think{0};         // closed: pause between an operation and the next
  std::vector<MixEntry> mix = {{OperationKind::get, 0.5}, {OperationKind::put, 0.5}};
  std::uint64_t key_count = 1000;
  KeyDistribution keys = KeyDistribution::uniform;
  double zipf_exponent = 0.99;
  sim::Duration timeout = std::chrono::seconds{1};  // per attempt
  RetryOptions retry;

  // The total open-loop rate in force `elapsed` after the run's start.
  double rate_at(sim::Duration elapsed) const;
  // The first rate change in (after, up_to], as a time since the start; none if there is none.
  std::optional<sim::Duration> rate_change_in(sim::Duration after, sim::Duration up_to) const;
};

}  // namespace scar::nodes
