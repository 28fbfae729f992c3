// A history of client operations on registers, as Jepsen records them: each operation is
// an invocation and, perhaps, a completion. A completion is `ok` (it happened, with this
// result), `fail` (it certainly did not happen) or `info` (indeterminate: it may have taken
// effect at any moment after its invocation, or never). An operation that never completed
// is indeterminate too.
//
// Real-time order is the order of events (invocations and completions) in the history:
// operation A precedes B when A's completion comes before B's invocation. Simulated times
// are kept for display only: two events at the same nanosecond are still ordered.
// Each process is a single logical thread: at most one operation open at a time (a client
// with several requests in flight records each in-flight slot as its own process).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace scar::reports::checkers {

// A register value; nullopt is EDN's nil and JSON's null (for a read: "value not known").
using Value = std::optional<std::int64_t>;

enum class Function : std::uint8_t { read, write, cas };
enum class Outcome : std::uint8_t { ok, fail, info };

std::string_view function_name(Function function);  // "read", "write", "cas"
std::string_view outcome_name(Outcome outcome);     // "ok", "fail", "info"

struct Operation {
  std::int64_t process = 0;
  std::int64_t key = 0;  // 0 when the history does not name keys
  Function function = Function::read;
  Outcome outcome = Outcome::info;  // info until completed; stays info if never completed
  // read: the value read (from the ok completion; nil otherwise); write: the value written;
  // cas: the value expected.
  Value value;
  Value cas_new_value;  // cas: the value set when `value` matched; nil for read and write
  // Positions of the events among all of the history's events (0-based): real-time order.
  std::uint64_t invoke_position = 0;
  std::optional<std::uint64_t> complete_position;  // none: never completed
  std::optional<sim::Time> invoke_time;            // simulated time, when recorded
  std::optional<sim::Time> complete_time;
};

struct History {
  std::vector<Operation> operations;  // in invocation order
  std::uint64_t events = 0;           // invocations plus completions
  bool independent_keys = false;      // operations name keys (Jepsen's independent form)

  // Records an invocation as the next event; returns the operation's index in `operations`.
  // For a read, `value` is ignored (the value read comes with the completion).
  std::size_t invoke(std::int64_t process, std::int64_t key, Function function, Value value,
                     Value cas_new_value, std::optional<sim::Time> time);

  // Records the completion of operation `index` as the next event. `read_value` is the
  // value an ok read returned (ignored otherwise).
  // REQUIRES: `index` names an operation not completed yet.
  void complete(std::size_t index, Outcome outcome, Value read_value,
                std::optional<sim::Time> time);

  // Each event once, in order: (operation index, true for its completion).
  std::vector<std::pair<std::size_t, bool>> event_order() const;
};

}  // namespace scar::reports::checkers
