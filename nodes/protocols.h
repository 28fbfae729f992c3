// The protocols a scenario can name in `cluster.protocol`, with their options, the
// operations they serve and how clients route requests. `scar list protocols` prints
// this table.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "nodes/client.h"
#include "nodes/client_protocol.h"
#include "nodes/protocol_options.h"
#include "sim/node.h"

namespace scar::nodes {

struct Protocol {
  std::string_view name;
  std::string_view summary;
  std::vector<OptionSpec> options;
  std::vector<OperationKind> operations;
  std::uint32_t nodes_min = 1;
  std::uint32_t nodes_max = 1;
  bool replicated = false;  // every server holds every key (a nodes::Replica)
  std::function<std::unique_ptr<sim::Node>(const ProtocolOptions&)> make_server;
  // How clients route requests, given the scenario's options for the protocol.
  std::function<Router(const ProtocolOptions&)> make_router;
};

const std::vector<Protocol>& all_protocols();
const Protocol* find_protocol(std::string_view name);

}  // namespace scar::nodes
