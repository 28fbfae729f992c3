#include "nodes/raft/protocol.h"

#include "nodes/raft/invariants.h"
#include "nodes/raft/options.h"
#include "nodes/raft/server.h"

namespace scar::nodes::raft {
namespace {

// Each client sends its operations to the servers in turn, starting at its own offset;
// a follower redirects it to the leader it knows. No client needs to know the leader,
// and a server that went quiet costs each client only its share of the attempts.
Router round_robin(const ProtocolOptions&) {
  return [next = std::size_t{0}](OperationKind, std::uint64_t,
                                 std::span<const sim::NodeId> servers) mutable {
    return servers[next++ % servers.size()];
  };
}

}  // namespace

Protocol raft_protocol() {
  return Protocol{.name = "raft",
                  .summary =
                      "Raft consensus: an elected leader replicates a log of operations to a "
                      "majority before applying them; followers redirect clients to it. Gets go "
                      "through the log, or (reads=local, reads=lease) are answered by the leader.",
                  .options = raft_option_specs(),
                  .operations = {OperationKind::get, OperationKind::put, OperationKind::cas,
                                 OperationKind::add},
                  .nodes_min = 1,
                  .nodes_max = 101,
                  .replicated = true,
                  .invariants = raft_invariants(),
                  .make_server =
                      [](const ProtocolOptions& options) {
                        return std::make_unique<RaftServer>(raft_options_from(options));
                      },
                  .make_router = round_robin};
}

}  // namespace scar::nodes::raft
