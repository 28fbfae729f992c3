#include "sim/network.h"

#include <algorithm>
#include <cmath>

#include "sim/assert.h"

namespace scar::sim {

Network::Network(NetworkOptions options)
    : options_(std::move(options)),
      cross_rack_(options_.cross_rack_latency.value_or(options_.latency)),
      cross_zone_(options_.cross_zone_latency.value_or(cross_rack_)) {
  SCAR_ASSERT(options_.loss_probability >= 0 && options_.loss_probability <= 1);
  SCAR_ASSERT(options_.duplicate_probability >= 0 && options_.duplicate_probability <= 1);
}

void Network::add_endpoint(Placement placement) { placements_.push_back(placement); }

const Distribution& Network::latency_between(NodeId from, NodeId to) const {
  const Placement& a = placements_[index_of(from)];
  const Placement& b = placements_[index_of(to)];
  if (a.zone != b.zone) return cross_zone_;
  if (a.rack != b.rack) return cross_rack_;
  return options_.latency;
}

Network::Route Network::route(NodeId from, NodeId to, Time now, Random& random) {
  SCAR_ASSERT(index_of(from) < placements_.size());
  SCAR_ASSERT(index_of(to) < placements_.size());
  Route route;
  double loss = options_.loss_probability;
  double duplicate = options_.duplicate_probability;
  if (faults_.any_link_faults()) {
    // Independent draws: the message survives the network and every window.
    loss = 1 - (1 - loss) * (1 - faults_.loss(from, to));
    duplicate = 1 - (1 - duplicate) * (1 - faults_.duplicate(from, to));
  }
  if (random.chance(loss)) {
    route.lost = true;
    return route;
  }
  route.delivery = fifo_delivery(from, to, now + latency(from, to, random), now);
  if (random.chance(duplicate)) {
    route.duplicate_delivery = fifo_delivery(from, to, now + latency(from, to, random), now);
  }
  return route;
}

Duration Network::latency(NodeId from, NodeId to, Random& random) const {
  const Duration drawn = latency_between(from, to).sample(random);
  if (!faults_.any_link_faults()) return drawn;
  const double factor = faults_.latency_factor(from, to);
  return scaled(drawn, factor);
}

Time Network::fifo_delivery(NodeId from, NodeId to, Time drawn, Time now) {
  if (!options_.fifo) return drawn;
  const std::uint64_t link = (std::uint64_t{index_of(from)} << 32) | index_of(to);
  auto [entry, inserted] = last_delivery_.try_emplace(link, drawn);
  if (!inserted) {
    entry->second = std::max(entry->second, drawn);
  }
  const Time delivery = entry->second;
  if (last_delivery_.size() >= prune_at_size_) {
    // Entries at or before now constrain nothing: max(past, drawn) == drawn.
    std::erase_if(last_delivery_, [now](const auto& item) { return item.second <= now; });
    prune_at_size_ = std::max<std::size_t>(1024, 2 * last_delivery_.size());
  }
  return delivery;
}

}  // namespace scar::sim
