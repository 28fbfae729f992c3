// The replicated state machine: registers by key, changed only by applying committed log
// entries in index order, so every server that applied the same prefix holds the same
// values. What a command does is decided here, at apply time, not when the leader accepts
// it: a cas compares against the value the log's order gives it.
//
// Exactly once (§8): a client that timed out re-sends its write, and both copies may reach
// the log. Applied twice, a put would overwrite whatever came between them, and a cas
// would answer "not applied" for a write that happened. Raft has the state machine
// remember each client request's answer and give it again: the machine keeps each applied
// write's answer by its request id (client number and operation number, the same on every
// retry). Its memory grows with the writes applied: a run is bounded, a real server would
// keep the last answer per client.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "nodes/client_protocol.h"
#include "nodes/register_store.h"

namespace scar::nodes::raft {

class KeyValueMachine {
 public:
  // Applies one committed command and returns the client's answer.
  ClientReply apply(const ClientRequest& command);

  // A read of the applied state (a get served without the log).
  ClientReply read(std::uint64_t key) const;

  const RegisterStore::Map& values() const { return values_; }

 private:
  // A write's answer, remembered the first time it applies.
  ClientReply once(const ClientRequest& command, ClientReply reply);

  RegisterStore::Map values_;
  // Looked up only, never iterated.
  std::unordered_map<std::uint64_t, ClientReply> writes_applied_;  // by request id
};

}  // namespace scar::nodes::raft
