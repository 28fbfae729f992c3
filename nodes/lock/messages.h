// The messages of the `lock` protocol: workers ask the lock service for a lease and give it
// back; workers read and write the storage, a write carrying the token of the lease its
// writer believed it held. Clients speak the ordinary client protocol to the workers.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/time.h"

namespace scar::nodes::lock {

// Worker -> lock service: grant me the lease, waiting at most `wait_max` (the service's
// clock, from when it receives this) for the current holder's lease to end.
struct Acquire {
  static constexpr std::string_view name = "lock_acquire";
  sim::Duration wait_max{};
};

// Lock service -> worker. `granted`: the worker holds the lease for `lease` from when the
// service granted it, with `token`, larger than every token granted before; the request
// waited `waited` at the service first (both by the service's clock). Not granted: the wait
// ran out or too many were waiting.
struct Grant {
  static constexpr std::string_view name = "lock_grant";
  bool granted = false;
  std::uint64_t token = 0;
  sim::Duration lease{};
  sim::Duration waited{};
};

// Worker -> lock service, one way: the lease with `token` is given back early. A release of
// a lease that already ended (or of an older one) changes nothing.
struct Release {
  static constexpr std::string_view name = "lock_release";
  std::uint64_t token = 0;
};

// Worker -> storage: write `value` at `key` under the lease with `token`.
struct StorageWrite {
  static constexpr std::string_view name = "storage_write";
  std::uint64_t key = 0;
  std::uint64_t value = 0;
  std::uint64_t token = 0;
};

// Storage -> worker. Not accepted: fenced off, the storage saw a newer token; nothing
// was written.
struct StorageWriteReply {
  static constexpr std::string_view name = "storage_write_reply";
  bool accepted = false;
};

// Worker -> storage: the value at `key`. Reads take no lease.
struct StorageRead {
  static constexpr std::string_view name = "storage_read";
  std::uint64_t key = 0;
};

struct StorageReadReply {
  static constexpr std::string_view name = "storage_read_reply";
  bool found = false;
  std::uint64_t value = 0;
};

}  // namespace scar::nodes::lock
