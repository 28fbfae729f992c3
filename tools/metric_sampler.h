// The protocol's counters over time: at each window boundary, how much every counter
// (Context::count, metrics.<name>) grew since the last boundary, in total over every node,
// per server and for the clients together. It only reads the counters the nodes keep, so
// a run is the same event for event with it, without it and with any window.
//
// Counters are the run's observations (a crash does not reset them), so each window is the
// difference of two readings. Servers past TimeSeries::nodes_max count in the total only.
// A run that ends between boundaries (a run stopped early, a span that is not a whole
// number of windows) has what grew after the last boundary in the window it ended in.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "nodes/protocol_options.h"
#include "reports/time_series.h"
#include "sim/world.h"

namespace scar::tools {

class MetricSampler {
 public:
  // Every node of the run must be added to `world` before this is made; `world` must
  // outlive it. REQUIRES: window > 0, window_count > 0.
  MetricSampler(const sim::World& world, sim::Duration window, std::size_t window_count);

  // Called at each window boundary (World::set_sampler): the growth since the last call
  // goes to the window that ends at `boundary` (the last window, past the run's end).
  void sample(sim::Time boundary);

  // Samples what grew since the last boundary into the window of `end` (the run's end), then
  // gives the series of the counters that changed, sorted by name, each with its meaning
  // from `declared`. REQUIRES: `end` is not before the last boundary sampled.
  std::vector<reports::MetricSeries> finish(sim::Time end,
                                            const std::vector<nodes::MetricSpec>& declared);

 private:
  static constexpr std::size_t no_holder = SIZE_MAX;

  struct Growth {
    std::vector<std::int64_t> total;
    std::vector<std::vector<std::int64_t>> holders;  // by holder; empty until it changes
  };

  void sample_into(std::size_t window);
  void add(std::size_t window, std::size_t holder, const std::string& metric, std::int64_t delta);

  const sim::World& world_;
  sim::Duration window_;
  std::size_t window_count_;
  std::vector<std::string> holder_names_;  // servers in id order, then "clients"
  std::vector<std::size_t> holder_of_;     // by node id; no_holder for servers past the cap
  // Each node's counters at the last boundary, by name.
  std::vector<std::map<std::string, std::int64_t, std::less<>>> previous_;
  std::map<std::string, Growth, std::less<>> growth_;
};

}  // namespace scar::tools
