// A protocol's own client logic: for protocols whose servers do not speak scar's
// ClientRequest/ClientReply (client_protocol.h), or whose clients do more than send one
// request (read a version, then write; find the leader; talk to several servers).
//
// The split: scar's client keeps the workload. It decides when each operation starts
// (open or closed loop, rate, arrivals), draws its kind from the mix and its key, picks
// the value a put or cas writes and what a cas expects, bounds each attempt by the
// workload's timeout and retries as its policy says. The logic turns one attempt into the
// protocol's messages and says how it ended, as a ClientReply: `ok` with what a get read
// (found, value) or whether a cas applied; `error` when the attempt may have taken effect
// (its fate is unknown); `refused` or `not_leader` when it certainly did not (with
// `leader_hint`, where the next attempt goes). A call status other than ok (a timeout)
// counts as unknown fate. From that the client records the operation's outcome, latency
// and history entry exactly as for a protocol that serves ClientRequest, so the checkers
// (linearizable, stale_reads, lost writes) judge what the protocol's clients did.
//
// One logic object per client node, made when the client starts (and again if it
// restarts); it may keep state between attempts (a cached leader, a session). It runs
// in the client's node: the same rules as server code (Context only, no wall clock).
#pragma once

#include "nodes/client_protocol.h"
#include "sim/call.h"
#include "sim/context.h"
#include "sim/node.h"
#include "sim/task.h"
#include "sim/time.h"

namespace scar::nodes {

class ClientLogic {
 public:
  virtual ~ClientLogic() = default;

  // One attempt at `request` (a scheduled operation: kind, key, value, expectation), first
  // to `target` (the protocol's Router's choice, or the last attempt's leader_hint).
  // Return a CallResult: ok with the reply, or timeout/cancelled when no answer came.
  // REQUIRES of the implementation: it returns within `timeout` of the node's time (give
  // its calls that timeout, or less when it makes several), so that the attempt's latency
  // and the retry schedule stay the workload's.
  virtual sim::Task<sim::CallResult<ClientReply>> attempt(sim::Context& ctx, sim::NodeId target,
                                                          ClientRequest request,
                                                          sim::Duration timeout) = 0;
};

}  // namespace scar::nodes
