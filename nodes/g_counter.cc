#include "nodes/g_counter.h"

#include <algorithm>
#include <numeric>

#include "sim/assert.h"

namespace scar::nodes {

void GCounter::increment(std::size_t slot, std::uint64_t by) {
  SCAR_ASSERT(slot < slots_.size());
  slots_[slot] += by;
}

void GCounter::merge(const GCounter& other) {
  SCAR_ASSERT(other.slots_.size() == slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) slots_[i] = std::max(slots_[i], other.slots_[i]);
}

std::uint64_t GCounter::sum() const {
  return std::accumulate(slots_.begin(), slots_.end(), std::uint64_t{0});
}

std::uint32_t GCounterGossip::size_bytes() const {
  const std::size_t slots = counters.empty() ? 0 : counters.front().second.slots().size();
  return static_cast<std::uint32_t>(8 + counters.size() * (8 + 8 * slots));
}

GCounterServer::GCounterServer(const ProtocolOptions& options)
    : gossip_interval_(options.duration("gossip")) {}

std::vector<OptionSpec> GCounterServer::options() {
  return {{"gossip",
           OptionType::duration,
           "100ms",
           {},
           "how often each server sends its slots to every peer"}};
}

void GCounterServer::on_start(sim::Context& ctx) {
  const auto servers = ctx.servers();
  peers_.clear();
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (servers[i] == ctx.self()) {
      self_slot_ = i;
    } else {
      peers_.push_back(servers[i]);
    }
  }
  ctx.set_timer(gossip_interval_);
}

GCounter& GCounterServer::counter(std::uint64_t key) {
  return counters_.try_emplace(key, peers_.size() + 1).first->second;
}

void GCounterServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (const auto* request = envelope.as<ClientRequest>()) {
    on_client(ctx, *request, envelope.reply_address());
  } else if (const auto* gossip = envelope.as<GCounterGossip>()) {
    merge(*gossip);
  }
}

void GCounterServer::on_client(sim::Context& ctx, const ClientRequest& request,
                               sim::ReplyAddress client) {
  // The protocol lists get and add only, so the loader admits no other operation.
  SCAR_ASSERT(request.kind == OperationKind::get || request.kind == OperationKind::add);
  if (request.kind == OperationKind::add) {
    GCounter& added = counter(request.key);
    added.increment(self_slot_, request.value);
    sums_[request.key] = added.sum();
  }
  const auto sum = sums_.find(request.key);
  const bool found = sum != sums_.end();
  ctx.reply(client, ClientReply{.found = found, .value = found ? sum->second : 0});
}

void GCounterServer::merge(const GCounterGossip& gossip) {
  for (const auto& [key, slots] : gossip.counters) {
    GCounter& merged = counter(key);
    merged.merge(slots);
    sums_[key] = merged.sum();
  }
}

void GCounterServer::on_timer(sim::Context& ctx, sim::TimerId) {
  if (!counters_.empty()) {
    GCounterGossip gossip;
    gossip.counters.assign(counters_.begin(), counters_.end());
    for (const sim::NodeId peer : peers_) ctx.send(peer, gossip);
  }
  ctx.set_timer(gossip_interval_);
}

}  // namespace scar::nodes
