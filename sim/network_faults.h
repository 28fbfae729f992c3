// What faults do to the network, as mechanisms: cuts between sets of nodes (partitions),
// extra loss and duplication on a node's links, and slower links. Set and cleared by
// fault injection; consulted by Network::route and by delivery.
//
// A cut drops every message sent across it while it is active, and every message that was
// on the wire across it when it started: each message remembers the cut epoch current
// when it was sent, and is dropped on arrival if a cut opened since then separates its
// ends (even one already healed).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/node.h"

namespace scar::sim {

class NetworkFaults {
 public:
  using CutId = std::uint32_t;

  // Nodes in `from` cannot reach nodes in `to` (and the reverse when `both_ways`).
  // Membership vectors are indexed by node id.
  CutId add_cut(std::vector<bool> from, std::vector<bool> to, bool both_ways);
  void heal_cut(CutId cut);

  // Blocked now, by an active cut.
  bool blocked(NodeId from, NodeId to) const;
  // A message sent at `sent_epoch` would have crossed a cut opened since.
  bool cut_since(NodeId from, NodeId to, std::uint32_t sent_epoch) const;
  std::uint32_t epoch() const { return static_cast<std::uint32_t>(cuts_.size()); }
  bool any_cuts() const { return !cuts_.empty(); }

  // Extra loss and duplication probability on messages from or to a node (added to the
  // network's own, capped at 1), and a latency multiplier for messages between sets.
  void add_loss(NodeId node, double probability);
  void remove_loss(NodeId node, double probability);
  void add_duplicate(NodeId node, double probability);
  void remove_duplicate(NodeId node, double probability);
  double loss(NodeId from, NodeId to) const;
  double duplicate(NodeId from, NodeId to) const;
  CutId add_slow_link(std::vector<bool> from, std::vector<bool> to, double factor);
  void heal_slow_link(CutId link);
  double latency_factor(NodeId from, NodeId to) const;
  bool any_link_faults() const { return link_faults_ > 0; }

  void resize(std::size_t nodes);

 private:
  struct Cut {
    std::vector<bool> from;
    std::vector<bool> to;
    bool both_ways;
    bool active;
  };
  struct SlowLink {
    std::vector<bool> from;
    std::vector<bool> to;
    double factor;
    bool active;
  };
  static bool separates(const Cut& cut, NodeId from, NodeId to);

  std::vector<Cut> cuts_;  // in opening order: epoch = index + 1
  std::vector<SlowLink> slow_links_;
  std::vector<double> extra_loss_;
  std::vector<double> extra_duplicate_;
  int link_faults_ = 0;  // active loss, duplicate and slow-link windows
};

}  // namespace scar::sim
