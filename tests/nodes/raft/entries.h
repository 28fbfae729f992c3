// Log entries for the raft tests.
#pragma once

#include <cstdint>

#include "nodes/raft/messages.h"

namespace scar::testing {

// A put of `value` at `key` in `term`; its request id is the value (unique per write, as a
// client's operation number is).
inline nodes::raft::LogEntry put_entry(std::uint64_t term, std::uint64_t key, std::uint64_t value) {
  nodes::ClientRequest command;
  command.kind = nodes::OperationKind::put;
  command.key = key;
  command.value = value;
  command.request_id = value;
  return nodes::raft::LogEntry{.term = term, .command = command};
}

}  // namespace scar::testing
