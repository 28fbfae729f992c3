// What faults do to the network, as mechanisms: cuts between sets of nodes (partitions),
// extra loss and duplication on the links of a set of nodes, and slower links. Set and cleared by
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

  // Loss and duplication windows on the links of a set of nodes (membership indexed by
  // node id). A message from or to a member is lost (or duplicated) with the window's
  // probability, once however many of its ends are members; windows and the network's
  // own loss are independent draws, so probabilities combine as 1 - product(1 - p).
  // REQUIRES: 0 <= probability <= 1.
  using WindowId = std::uint32_t;
  WindowId add_loss(std::vector<bool> members, double probability);
  WindowId add_duplicate(std::vector<bool> members, double probability);
  void heal_loss(WindowId window);
  void heal_duplicate(WindowId window);
  // The probability that the active windows lose (duplicate) a message from -> to.
  double loss(NodeId from, NodeId to) const;
  double duplicate(NodeId from, NodeId to) const;

  // Messages from a member of `from` to a member of `to` take `factor` times as long;
  // overlapping slow links multiply. REQUIRES: factor > 0.
  WindowId add_slow_link(std::vector<bool> from, std::vector<bool> to, double factor);
  void heal_slow_link(WindowId link);
  double latency_factor(NodeId from, NodeId to) const;
  bool any_link_faults() const {
    return !loss_windows_.empty() || !duplicate_windows_.empty() || !slow_links_.empty();
  }

 private:
  struct Cut {
    std::vector<bool> from;
    std::vector<bool> to;
    bool both_ways;
    bool active;
  };
  struct ChanceWindow {
    WindowId id;
    std::vector<bool> members;
    double probability;
  };
  struct SlowLink {
    WindowId id;
    std::vector<bool> from;
    std::vector<bool> to;
    double factor;
  };
  static bool separates(const Cut& cut, NodeId from, NodeId to);
  static double combined(const std::vector<ChanceWindow>& windows, NodeId from, NodeId to);
  template <class Window>
  static void erase(std::vector<Window>& windows, WindowId id);

  std::vector<Cut> cuts_;  // in opening order: epoch = index + 1
  // Active windows only, in opening order: a message looks at what is in force now.
  std::vector<ChanceWindow> loss_windows_;
  std::vector<ChanceWindow> duplicate_windows_;
  std::vector<SlowLink> slow_links_;
  WindowId next_window_ = 0;
};

}  // namespace scar::sim
