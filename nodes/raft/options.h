// The `raft` protocol's options, as the scenario's `cluster.options` gives them.
#pragma once

#include <vector>

#include "nodes/durable_log.h"
#include "nodes/protocol_options.h"
#include "sim/time.h"

namespace scar::nodes::raft {

// How the leader serves a get.
enum class ReadMode : std::uint8_t {
  log,    // through the log like a write: linearizable
  local,  // from the leader's applied state at once: a deposed leader serves stale data
  lease,  // locally while a lease from a majority's heartbeat acks holds, else via the log
};

struct RaftOptions {
  ReadMode reads = ReadMode::log;
  sim::Duration election_timeout = std::chrono::milliseconds{150};  // drawn in [t, 2t]
  sim::Duration heartbeat = std::chrono::milliseconds{50};
  // Taken off election_timeout for the lease's length: how far the leader's clock may
  // run slow against its followers' over one lease before lease reads turn unsafe.
  sim::Duration lease_drift = std::chrono::milliseconds{15};
  Durability durability = Durability::fsync;
};

std::vector<OptionSpec> raft_option_specs();
RaftOptions raft_options_from(const ProtocolOptions& options);

}  // namespace scar::nodes::raft
