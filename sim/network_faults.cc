#include "sim/network_faults.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::sim {

void NetworkFaults::resize(std::size_t nodes) {
  extra_loss_.resize(nodes, 0);
  extra_duplicate_.resize(nodes, 0);
}

NetworkFaults::CutId NetworkFaults::add_cut(std::vector<bool> from, std::vector<bool> to,
                                            bool both_ways) {
  cuts_.push_back({std::move(from), std::move(to), both_ways, true});
  return static_cast<CutId>(cuts_.size() - 1);
}

void NetworkFaults::heal_cut(CutId cut) {
  SCAR_ASSERT(cut < cuts_.size());
  cuts_[cut].active = false;
}

bool NetworkFaults::separates(const Cut& cut, NodeId from, NodeId to) {
  const std::uint32_t a = index_of(from), b = index_of(to);
  if (cut.from[a] && cut.to[b]) return true;
  return cut.both_ways && cut.from[b] && cut.to[a];
}

bool NetworkFaults::blocked(NodeId from, NodeId to) const {
  return std::any_of(cuts_.begin(), cuts_.end(),
                     [&](const Cut& cut) { return cut.active && separates(cut, from, to); });
}

bool NetworkFaults::cut_since(NodeId from, NodeId to, std::uint32_t sent_epoch) const {
  for (std::size_t i = sent_epoch; i < cuts_.size(); ++i) {
    if (separates(cuts_[i], from, to)) return true;
  }
  return false;
}

void NetworkFaults::add_loss(NodeId node, double probability) {
  extra_loss_[index_of(node)] += probability;
  ++link_faults_;
}

void NetworkFaults::remove_loss(NodeId node, double probability) {
  extra_loss_[index_of(node)] -= probability;
  --link_faults_;
  SCAR_ASSERT(link_faults_ >= 0);
}

void NetworkFaults::add_duplicate(NodeId node, double probability) {
  extra_duplicate_[index_of(node)] += probability;
  ++link_faults_;
}

void NetworkFaults::remove_duplicate(NodeId node, double probability) {
  extra_duplicate_[index_of(node)] -= probability;
  --link_faults_;
  SCAR_ASSERT(link_faults_ >= 0);
}

double NetworkFaults::loss(NodeId from, NodeId to) const {
  return extra_loss_[index_of(from)] + (from == to ? 0 : extra_loss_[index_of(to)]);
}

double NetworkFaults::duplicate(NodeId from, NodeId to) const {
  return extra_duplicate_[index_of(from)] + (from == to ? 0 : extra_duplicate_[index_of(to)]);
}

NetworkFaults::CutId NetworkFaults::add_slow_link(std::vector<bool> from, std::vector<bool> to,
                                                  double factor) {
  slow_links_.push_back({std::move(from), std::move(to), factor, true});
  ++link_faults_;
  return static_cast<CutId>(slow_links_.size() - 1);
}

void NetworkFaults::heal_slow_link(CutId link) {
  SCAR_ASSERT(link < slow_links_.size());
  SCAR_ASSERT(slow_links_[link].active);
  slow_links_[link].active = false;
  --link_faults_;
}

double NetworkFaults::latency_factor(NodeId from, NodeId to) const {
  double factor = 1;
  for (const SlowLink& link : slow_links_) {
    if (link.active && link.from[index_of(from)] && link.to[index_of(to)]) factor *= link.factor;
  }
  return factor;
}

}  // namespace scar::sim
