// What clients do: the scenario's `workload` block as plain options.
#pragma once

#include <cstdint>
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

struct MixEntry {
  OperationKind kind;
  double weight;  // weights sum to 1
};

struct WorkloadOptions {
  std::uint32_t clients = 1;
  LoadMode mode = LoadMode::open;
  double rate_per_second = 100;  // open: total over all clients
  Arrival arrival = Arrival::poisson;
  std::uint32_t concurrency = 1;  // closed: outstanding operations per client
  sim::Duration think{0};         // closed: pause between an operation and the next
  std::vector<MixEntry> mix = {{OperationKind::get, 0.5}, {OperationKind::put, 0.5}};
  std::uint64_t key_count = 1000;
  KeyDistribution keys = KeyDistribution::uniform;
  double zipf_exponent = 0.99;
  sim::Duration timeout = std::chrono::seconds{1};  // per attempt
  RetryOptions retry;
};

}  // namespace scar::nodes
