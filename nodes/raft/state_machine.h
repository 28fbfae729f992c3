// The replicated state machine: registers by key, changed only by applying committed log
// entries in index order, so every server that applied the same prefix holds the same
// values. What a command does is decided here, at apply time, not when the leader accepts
// it: a cas compares against the value the log's order gives it.
#pragma once

#include <cstdint>

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
  RegisterStore::Map values_;
};

}  // namespace scar::nodes::raft
