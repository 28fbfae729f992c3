// The `raft` entry of the protocol table (nodes/protocols.h): options, operations,
// invariants, how servers are made and how clients route.
#pragma once

#include "nodes/protocols.h"

namespace scar::nodes::raft {

Protocol raft_protocol();

}  // namespace scar::nodes::raft
