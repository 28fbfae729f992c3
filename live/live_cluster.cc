#include "live/live_cluster.h"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/socket_base.hpp>

#include "sim/assert.h"

namespace scar::live {

LiveCluster::LiveCluster(std::uint64_t seed, std::filesystem::path directory,
                         sim::Distribution link_latency)
    : directory_(std::move(directory)),
      link_latency_(std::move(link_latency)),
      network_random_(seed, "network"),
      seed_(seed) {}

LiveCluster::~LiveCluster() {
  // Nodes first (their tasks and timers), while the loop and disk threads still exist.
  nodes_.clear();
  disk_threads_.join();
}

sim::NodeId LiveCluster::add_node(sim::NodeSpec spec) {
  SCAR_ASSERT(start_ == std::chrono::steady_clock::time_point{});
  const sim::NodeId id{static_cast<std::uint32_t>(nodes_.size())};
  if (spec.server) servers_.push_back(id);
  nodes_.push_back(std::make_unique<LiveNode>(*this, id, std::move(spec), seed_));
  return id;
}

void LiveCluster::start() {
  const std::size_t count = nodes_.size();
  for (auto& node : nodes_) {
    node->socket.open(boost::asio::ip::udp::v4());
    // Room for a burst (a node resuming from a pause), not an unbounded queue.
    node->socket.set_option(boost::asio::socket_base::receive_buffer_size(1 << 20));
    node->socket.bind({boost::asio::ip::address_v4::loopback(), 0});
    addresses_.push_back(node->socket.local_endpoint());
  }
  cuts_.assign(count * count, 0);
  link_factors_.assign(count * count, 1.0);
  loss_.assign(count, 0.0);
  duplication_.assign(count, 0.0);
  start_ = std::chrono::steady_clock::now();
  for (auto& node : nodes_) node->start();
}

void LiveCluster::run_until(sim::Time end) {
  boost::asio::steady_timer stop(io_, start_ + (end - sim::time_zero));
  stop.async_wait([this](auto) { io_.stop(); });
  io_.run();
  if (task_error_) std::rethrow_exception(task_error_);
}

void LiveCluster::schedule(sim::Time at, std::function<void()> callback) {
  auto timer = std::make_unique<boost::asio::steady_timer>(io_, start_ + (at - sim::time_zero));
  timer->async_wait([callback = std::move(callback)](auto error) {
    if (!error) callback();
  });
  scheduled_.push_back(std::move(timer));
}

std::optional<sim::NodeId> LiveCluster::find(std::string_view name) const {
  for (const auto& node : nodes_)
    if (node->spec.name == name) return node->id;
  return std::nullopt;
}

sim::Time LiveCluster::now() const {
  return sim::time_zero +
         std::chrono::duration_cast<sim::Duration>(std::chrono::steady_clock::now() - start_);
}

std::vector<std::pair<std::string_view, sim::MessageTypeCounters>> LiveCluster::message_counters()
    const {
  return {type_counters_.begin(), type_counters_.end()};
}

sim::MessageTypeCounters& LiveCluster::type_counters(const sim::Message& message) {
  return type_counters_[message.name()];
}

void LiveCluster::trace(sim::NodeId id, std::string_view text) {
  if (tracer_ != nullptr) tracer_->line(now(), node(id).spec.name, text);
}

void LiveCluster::set_flag(std::string_view name, double value) {
  if (const auto found = flags_.find(name); found != flags_.end()) {
    found->second = value;
  } else {
    flags_.emplace(std::string(name), value);
  }
}

double LiveCluster::flag(std::string_view name) const {
  const auto found = flags_.find(name);
  return found == flags_.end() ? 0 : found->second;
}

void LiveCluster::crash(sim::NodeId id) {
  if (!node(id).up) return;
  if (observer_ != nullptr) observer_->node_changed(now(), id, "crash");
  node(id).crash();
}
void LiveCluster::restart(sim::NodeId id) {
  if (node(id).up) return;
  if (observer_ != nullptr) observer_->node_changed(now(), id, "restart");
  node(id).start();
}
void LiveCluster::pause(sim::NodeId id) {
  if (!node(id).up || node(id).paused) return;
  if (observer_ != nullptr) observer_->node_changed(now(), id, "pause");
  node(id).pause();
}
void LiveCluster::resume(sim::NodeId id) {
  if (!node(id).paused) return;
  if (observer_ != nullptr) observer_->node_changed(now(), id, "resume");
  node(id).resume();
}
void LiveCluster::set_cpu_factor(sim::NodeId id, double factor) { node(id).cpu_factor = factor; }

void LiveCluster::cut(sim::NodeId from, sim::NodeId to, int change) {
  int& cuts = cuts_[sim::index_of(from) * nodes_.size() + sim::index_of(to)];
  cuts += change;
  SCAR_ASSERT(cuts >= 0);
}
void LiveCluster::set_loss(sim::NodeId node, double probability) {
  loss_[sim::index_of(node)] = probability;
}
void LiveCluster::set_duplication(sim::NodeId node, double probability) {
  duplication_[sim::index_of(node)] = probability;
}
void LiveCluster::set_link_factor(sim::NodeId from, sim::NodeId to, double factor) {
  link_factors_[sim::index_of(from) * nodes_.size() + sim::index_of(to)] = factor;
}

LiveCluster::Fate LiveCluster::fate_of(sim::NodeId from, sim::NodeId to) {
  const std::size_t link = sim::index_of(from) * nodes_.size() + sim::index_of(to);
  if (cuts_[link] > 0) return {0, {}, sim::DropReason::partition};
  const double loss = std::max(loss_[sim::index_of(from)], loss_[sim::index_of(to)]);
  if (network_random_.chance(loss)) return {0, {}, sim::DropReason::network};
  Fate fate;
  const double duplication =
      std::max(duplication_[sim::index_of(from)], duplication_[sim::index_of(to)]);
  if (network_random_.chance(duplication)) fate.copies = 2;
  if (link_factors_[link] > 1) {
    fate.delay = sim::scaled(link_latency_.sample(network_random_), link_factors_[link] - 1);
  }
  return fate;
}

}  // namespace scar::live
