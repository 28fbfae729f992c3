// Client operations as the workload records them: one record when an operation is
// invoked and one when it completes. This is what reports are built from, and later what
// history checkers (linearizability, lost writes) read.
//
// Times are the client's clock, which faults never skew, so they are true times.
// `invoked` is the intended start (the open-loop schedule), not when the client got
// round to sending: a stalled client cannot hide a stall (no coordinated omission).
#pragma once

#include <cstdint>
#include <optional>

#include "nodes/client_protocol.h"
#include "sim/time.h"

namespace scar::nodes {

enum class Outcome : std::uint8_t { ok, error, timeout };

struct Operation {
  std::uint64_t id = 0;      // unique within its client
  std::uint32_t client = 0;  // the client's index, 0-based
  OperationKind kind = OperationKind::get;
  std::uint64_t key = 0;
  std::uint64_t value = 0;                // put and cas: the value written; add: the increment
  std::optional<std::uint64_t> expected;  // cas: the value it expected (null: nothing)
  sim::Time invoked{};
  sim::Time completed{};  // completed() only
  Outcome outcome = Outcome::ok;
  std::uint32_t attempts = 0;
  // get that succeeded: the value read (null: not found); add that succeeded: the counter
  // after the increment, as the server answered.
  std::optional<std::uint64_t> read;
  bool cas_applied = false;  // cas that succeeded: it found `expected` and wrote
  // Some attempt may have taken effect though the operation did not succeed (a timeout, an
  // error the server could not vouch for): its fate is unknown, not failed.
  bool indeterminate = false;
};

class OperationSink {
 public:
  virtual void invoked(const Operation& operation) = 0;
  virtual void completed(const Operation& operation) = 0;

 protected:
  ~OperationSink() = default;
};

}  // namespace scar::nodes
