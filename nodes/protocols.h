// A protocol as scar runs it: its name, options, operations and node counts, how to make
// its servers, how clients route to them, and the invariants checked after every event.
// `scar list protocols` prints the registered protocols; a scenario names one in
// `cluster.protocol`.
//
// The built-in protocols are registered at start; a program that links scar adds its own
// with add_protocols (scar::tools::main does it for the protocols it is given) and then
// they are run, listed, validated and checked exactly as the built-in ones are.
//
// What a protocol may rely on:
// - make_server is called once per server at the run's start and again after every
//   restart of that server, with the scenario's options, every declared option set (to
//   the scenario's value or its default) and of its declared type. The node's id, its
//   peers (Context::servers) and its durable disk come through its Context.
// - Servers are the first `cluster.nodes` nodes (ids 0..N-1, named n1..nN); clients
//   follow. Clients send nodes::ClientRequest (client_protocol.h) with Context::call and
//   expect one nodes::ClientReply per request; a server answers with
//   ctx.reply(envelope.reply_address(), reply) -- unless the protocol brings its own client
//   logic (make_client_logic, client_logic.h), which then speaks to the servers in the
//   protocol's own messages. The first server a request goes to is the protocol's
//   Router's choice (router.h).
// - Node::role() names what fault targets resolve by ("leader", "head", ...).
// - Invariants run after every event with the servers in id order (null: down) and must
//   only read them: typically `dynamic_cast<const MyServer*>(node)` and a comparison.
// What the engine guarantees: the same scenario and seed give the same run, event for
// event, whether the protocol is built in or added, provided the protocol draws its
// randomness only from Context::random and reads time only from Context::now.
// What is undefined: a server that blocks, uses threads or the wall clock, or keeps
// state outside its Node object (a static, a global); a run then does not replay.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nodes/client_logic.h"
#include "nodes/client_protocol.h"
#include "nodes/protocol_options.h"
#include "nodes/router.h"
#include "sim/node.h"

namespace scar::nodes {

// A property every state of the cluster must have, over the servers (in id order; null for
// one that is down): what is wrong, or nothing. Read-only: it must not change any node.
struct ClusterInvariant {
  std::string_view name;
  std::function<std::optional<std::string>(std::span<const sim::Node* const> servers)> violation;
};

// `name` and `summary` (and ClusterInvariant::name) are views: give string literals, or
// strings that outlive the process's use of the protocol.
struct Protocol {
  std::string_view name;  // what `cluster.protocol` says: lowercase, no spaces
  std::string_view summary;
  std::vector<OptionSpec> options;        // validated for you: a scenario's unknown option exits 2
  std::vector<OperationKind> operations;  // what its servers serve; the workload's mix uses these
  std::uint32_t nodes_min = 1;
  std::uint32_t nodes_max = 1;
  bool replicated = false;  // every server holds every key (a nodes::Replica)
  // The values its nodes' Node::role() takes besides "leader" and "primary" (which
  // `target: leader` finds): each may be a fault's target ("holder"), resolved when the
  // fault starts to the servers in that role then.
  std::vector<std::string_view> roles;
  // Every server serves every request (no leader, no owner): client c<i> sends all its
  // requests to its own server, n<(i - 1) mod N + 1>, and make_router is not used.
  bool any_server = false;
  // Checked after every event of a run, so each costs time on the hot path: declare the
  // properties a protocol's design could break (a leader per term), not ones it holds by
  // construction (primary-backup's fixed primary).
  std::vector<ClusterInvariant> invariants;
  // Checks the options against the cluster's size once each option passed its own check;
  // null when every value in the declared range works.
  std::function<std::optional<OptionProblem>(const ProtocolOptions&, std::uint32_t nodes)>
      option_problem;
  std::function<std::unique_ptr<sim::Node>(const ProtocolOptions&)> make_server;
  // How clients route requests, given the scenario's options for the protocol.
  std::function<Router(const ProtocolOptions&)> make_router;
  // Optional: the protocol's own client logic (client_logic.h), one per client node. Unset,
  // clients send ClientRequest and expect ClientReply.
  std::function<std::unique_ptr<ClientLogic>(const ProtocolOptions&)> make_client_logic;
  // The counters its nodes keep with Context::count: reported per node and in total, and
  // usable in expectations as metrics.<name>.
  std::vector<MetricSpec> metrics;
};

// The registered protocols: the built-in ones, then those added, in the order added.
const std::vector<Protocol>& all_protocols();
// The protocol named `name`, or null. The pointer stays valid for the process's life.
const Protocol* find_protocol(std::string_view name);

// Adds `extra` beside the built-in protocols for the rest of the process. All or nothing:
// returns what is wrong with the first bad one (a name already taken or repeated, a
// missing make_server or make_router, node bounds out of order, an option's default that
// its type does not accept), and then adds none.
// REQUIRES: called before any protocol is looked up (before any scenario is loaded), from
// one thread: lookups made later hold pointers into the registry.
std::optional<std::string> add_protocols(std::vector<Protocol> extra);

// The protocols compiled into scar (nodes/protocols.cc), in the order they are listed.
std::vector<Protocol> built_in_protocols();

}  // namespace scar::nodes
