// The safety properties of Figure 3 of the Raft paper, as cluster invariants checked after
// every event of a run over the servers that are up (a crashed server's volatile state is
// gone, so these see the cluster as it is, not its history). Each is a cheap form, one
// index compared per server, O(servers) per event (leaders x servers for the ones about
// leaders, and leaders are few):
//
//   election safety      at most one leader per term
//   log matching         a log and the longest log, where the first ends: the same term
//                        there means the same entry
//   leader completeness  a leader's log holds the entry at the commit index of every server
//                        whose term is no later than the leader's
//   state machine safety each server's last applied entry is the entry the server that
//                        applied most applied at that index
#pragma once

#include <vector>

#include "nodes/protocols.h"

namespace scar::nodes::raft {

std::vector<ClusterInvariant> raft_invariants();

}  // namespace scar::nodes::raft
