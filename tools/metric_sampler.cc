#include "tools/metric_sampler.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::tools {

using namespace std::chrono_literals;

MetricSampler::MetricSampler(const sim::World& world, sim::Duration window,
                             std::size_t window_count)
    : world_(world),
      window_(window),
      window_count_(window_count),
      holder_of_(world.node_count(), no_holder),
      previous_(world.node_count()) {
  SCAR_ASSERT(window > sim::Duration{0});
  SCAR_ASSERT(window_count > 0);
  for (const sim::NodeId server : world.servers()) {
    if (holder_names_.size() == reports::TimeSeries::nodes_max) break;
    holder_of_[sim::index_of(server)] = holder_names_.size();
    holder_names_.emplace_back(world.name(server));
  }
  const std::size_t clients = holder_names_.size();
  holder_names_.emplace_back("clients");
  std::vector<bool> is_server(world.node_count(), false);
  for (const sim::NodeId server : world.servers()) is_server[sim::index_of(server)] = true;
  for (std::size_t id = 0; id < holder_of_.size(); ++id)
    if (!is_server[id]) holder_of_[id] = clients;
}

void MetricSampler::sample(sim::Time boundary) {
  const auto ended = static_cast<std::size_t>((boundary - sim::time_zero) / window_);
  SCAR_ASSERT(ended > 0);
  sample_into(std::min(ended - 1, window_count_ - 1));
}

void MetricSampler::sample_into(std::size_t window) {
  for (std::size_t id = 0; id < previous_.size(); ++id) {
    const auto& metrics = world_.counters(sim::NodeId(static_cast<std::uint32_t>(id))).metrics;
    if (metrics.empty()) continue;  // most nodes count nothing: no lookups for them
    auto& previous = previous_[id];
    for (const auto& [metric, value] : metrics) {
      auto before = previous.find(metric);
      if (before == previous.end()) before = previous.emplace(metric, 0).first;
      const std::int64_t delta = value - before->second;
      if (delta == 0) continue;
      before->second = value;
      add(window, holder_of_[id], metric, delta);
    }
  }
}

void MetricSampler::add(std::size_t window, std::size_t holder, const std::string& metric,
                        std::int64_t delta) {
  auto growth = growth_.find(metric);
  if (growth == growth_.end()) {
    growth = growth_.emplace(metric, Growth{}).first;
    growth->second.total.resize(window_count_);
    growth->second.holders.resize(holder_names_.size());
  }
  growth->second.total[window] += delta;
  if (holder == no_holder) return;
  std::vector<std::int64_t>& windows = growth->second.holders[holder];
  if (windows.empty()) windows.resize(window_count_);
  windows[window] += delta;
}

std::vector<reports::MetricSeries> MetricSampler::finish(
    sim::Time end, const std::vector<nodes::MetricSpec>& declared) {
  // The window holding `end`; at a boundary, the one ending there (nothing grew since).
  const auto started = static_cast<std::size_t>((end - sim::time_zero + window_ - 1ns) / window_);
  sample_into(std::min(std::max<std::size_t>(started, 1), window_count_) - 1);
  std::vector<reports::MetricSeries> series;
  for (auto& [metric, growth] : growth_) {
    reports::MetricSeries counter{metric, "", std::move(growth.total), {}};
    const auto spec = std::find_if(declared.begin(), declared.end(),
                                   [&](const nodes::MetricSpec& m) { return m.name == metric; });
    if (spec != declared.end()) counter.meaning = std::string(spec->meaning);
    for (std::size_t holder = 0; holder < holder_names_.size(); ++holder) {
      if (growth.holders[holder].empty()) continue;
      counter.holders.push_back({holder_names_[holder], std::move(growth.holders[holder])});
    }
    series.push_back(std::move(counter));
  }
  growth_.clear();
  return series;
}

}  // namespace scar::tools
