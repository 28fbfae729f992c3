#include "sim/network_faults.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::sim {

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

NetworkFaults::WindowId NetworkFaults::add_loss(std::vector<bool> members, double probability) {
  SCAR_ASSERT(probability >= 0 && probability <= 1);
  loss_windows_.push_back({next_window_, std::move(members), probability});
  return next_window_++;
}

NetworkFaults::WindowId NetworkFaults::add_duplicate(std::vector<bool> members,
                                                     double probability) {
  SCAR_ASSERT(probability >= 0 && probability <= 1);
  duplicate_windows_.push_back({next_window_, std::move(members), probability});
  return next_window_++;
}

template <class Window>
void NetworkFaults::erase(std::vector<Window>& windows, WindowId id) {
  const auto found =
      std::find_if(windows.begin(), windows.end(), [id](const Window& w) { return w.id == id; });
  SCAR_ASSERT(found != windows.end());
  windows.erase(found);
}

void NetworkFaults::heal_loss(WindowId window) { erase(loss_windows_, window); }
void NetworkFaults::heal_duplicate(WindowId window) { erase(duplicate_windows_, window); }

double NetworkFaults::combined(const std::vector<ChanceWindow>& windows, NodeId from, NodeId to) {
  double survive = 1;
  for (const ChanceWindow& window : windows) {
    if (window.members[index_of(from)] || window.members[index_of(to)])
      survive *= 1 - window.probability;
  }
  return 1 - survive;
}

double NetworkFaults::loss(NodeId from, NodeId to) const {
  return combined(loss_windows_, from, to);
}

double NetworkFaults::duplicate(NodeId from, NodeId to) const {
  return combined(duplicate_windows_, from, to);
}

NetworkFaults::WindowId NetworkFaults::add_slow_link(std::vector<bool> from, std::vector<bool> to,
                                                     double factor) {
  SCAR_ASSERT(factor > 0);
  slow_links_.push_back({next_window_, std::move(from), std::move(to), factor});
  return next_window_++;
}

void NetworkFaults::heal_slow_link(WindowId link) { erase(slow_links_, link); }

double NetworkFaults::latency_factor(NodeId from, NodeId to) const {
  double factor = 1;
  for (const SlowLink& link : slow_links_) {
    if (link.from[index_of(from)] && link.to[index_of(to)]) factor *= link.factor;
  }
  return factor;
}

}  // namespace scar::sim
