// The protocols a scenario can name in `cluster.protocol`, with their options, the
// operations they serve and how clients route requests. `scar list protocols` prints
// this table.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nodes/client.h"
#include "nodes/client_protocol.h"
#include "nodes/protocol_options.h"
#include "sim/node.h"

namespace scar::nodes {

// A property every state of the cluster must have, over the servers (in id order; null for
// one that is down): what is wrong, or nothing. Read-only: it must not change any node.
struct ClusterInvariant {
  std::string_view name;
  std::function<std::optional<std::string>(std::span<const sim::Node* const> servers)> violation;
};

struct Protocol {
  std::string_view name;
  std::string_view summary;
  std::vector<OptionSpec> options;
  std::vector<OperationKind> operations;
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
};

const std::vector<Protocol>& all_protocols();
const Protocol* find_protocol(std::string_view name);

}  // namespace scar::nodes
