// How a client picks the server for a request: part of a protocol's registration
// (Protocol::make_router), so a protocol decides where its clients send, e.g. every
// request to the head of a chain, or each key to the server that owns it.
//
// A router is called once per operation, when it starts, with the cluster's servers in id
// order (never empty); the operation's retries go to the same server unless a reply says
// `not_leader` with a `leader_hint`. It must be a pure function of its arguments: a router
// that draws randomness or keeps state outside the run would break replay.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "nodes/client_protocol.h"
#include "sim/node.h"

namespace scar::nodes {

// Which server a request of `kind` for `key` goes to first. The result must be one of
// `servers`.
using Router = std::function<sim::NodeId(OperationKind kind, std::uint64_t key,
                                         std::span<const sim::NodeId> servers)>;

}  // namespace scar::nodes
