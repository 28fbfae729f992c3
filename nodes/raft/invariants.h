// The safety properties of Figure 3 of the Raft paper, as cluster invariants checked after
// every event of a run over the servers that are up (a crashed server's volatile state is
// gone, so these see the cluster as it is, not its history). Each is a cheap form: pairs
// of servers compared at one index each, O(servers^2) per event.
//
//   election safety      at most one leader per term
//   log matching         two logs with an entry of the same index and term hold the same
//                        entry there (compared where the shorter log ends)
//   leader completeness  a leader's log holds every entry a server of a term no later
//                        than the leader's knows to be committed
//   state machine safety no two servers applied different entries at the same index
//                        (compared at the lower of their last applied indexes)
#pragma once

#include <vector>

#include "nodes/protocols.h"

namespace scar::nodes::raft {

std::vector<ClusterInvariant> raft_invariants();

}  // namespace scar::nodes::raft
