// The simulated network: decides each message's fate when it is sent.
//
// Latency is drawn per message from the distribution of the link's placement class
// (same rack, cross rack, cross zone). A message is lost with `loss_probability` and
// duplicated with `duplicate_probability` (the copy draws its own latency). With `fifo`
// (TCP-like links) a message is never delivered before one sent earlier on the same
// directed link; without it, jitter reorders. Every draw comes from the random stream the
// caller passes: the sender's own ("network/<name>"), so adding a node shifts no one
// else's draws.
//
// The sender is never told the fate: Network answers the engine, not node code.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "sim/distribution.h"
#include "sim/network_faults.h"
#include "sim/node.h"
#include "sim/random.h"
#include "sim/time.h"

namespace scar::sim {

struct NetworkOptions {
  Distribution latency = Distribution::constant(std::chrono::microseconds{500});
  std::optional<Distribution> cross_rack_latency;  // default: `latency`
  std::optional<Distribution> cross_zone_latency;  // default: cross rack's
  double loss_probability = 0;                     // [0, 1], per message
  double duplicate_probability = 0;                // [0, 1], per message
  bool fifo = true;
};

// Where a node sits, as interned ids (equal ids mean the same zone or rack).
struct Placement {
  std::uint32_t zone = 0;
  std::uint32_t rack = 0;  // unique across zones
};

class Network {
 public:
  struct Route {
    bool lost = false;
    Time delivery;
    std::optional<Time> duplicate_delivery;
  };

  explicit Network(NetworkOptions options);

  // Registers the next node (ids are dense and in order).
  void add_endpoint(Placement placement);

  // The fate of one message sent now from `from` to `to`, drawn from `random`. Cuts are
  // not consulted here (the World drops messages across them, at send and on arrival).
  Route route(NodeId from, NodeId to, Time now, Random& random);

  const NetworkOptions& options() const { return options_; }
  NetworkFaults& faults() { return faults_; }
  const NetworkFaults& faults() const { return faults_; }

 private:
  const Distribution& latency_between(NodeId from, NodeId to) const;
  Time fifo_delivery(NodeId from, NodeId to, Time drawn, Time now);
  Duration latency(NodeId from, NodeId to, Random& random) const;

  NetworkOptions options_;
  Distribution cross_rack_;
  Distribution cross_zone_;
  std::vector<Placement> placements_;
  NetworkFaults faults_;
  // Latest delivery time per directed link, for FIFO. Looked up, never iterated for
  // behaviour; entries in the past are pruned as the map grows.
  std::unordered_map<std::uint64_t, Time> last_delivery_;
  std::size_t prune_at_size_ = 1024;
};

}  // namespace scar::sim
