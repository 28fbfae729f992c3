#include "faults/injector.h"

#include <algorithm>

#include "faults/effects.h"
#include "faults/targets.h"
#include "sim/assert.h"
#include "sim/distribution.h"

namespace scar::faults {
namespace {

bool takes_node_down(const std::string& kind) {
  return kind == "partition" || kind == "gc_pause" || kind == "crash" || kind == "crash_restart";
}

}  // namespace

FaultInjector::FaultInjector(std::vector<FaultSpec> scripted, std::optional<NemesisSpec> nemesis,
                             sim::Duration workload, std::uint64_t seed)
    : nemesis_(std::move(nemesis)), seed_(seed), nemesis_random_(seed, "nemesis") {
  const sim::Time workload_end = sim::at(workload);
  for (FaultSpec& spec : scripted) {
    const sim::Time start = sim::at(spec.at);
    const sim::Time end = spec.duration ? std::min(start + *spec.duration, workload_end) : start;
    plan_.push_back({std::move(spec), start, end, false});
  }
  if (nemesis_) {
    // Poisson arrivals at mean interval `every`; a fault only if it heals in time.
    const sim::Distribution gap = sim::Distribution::exponential(nemesis_->every);
    sim::Time next = sim::time_zero + gap.sample(nemesis_random_);
    std::size_t planned = 0;
    while (next + nemesis_->duration <= workload_end && planned++ < 2 * nemesis_faults_max) {
      FaultSpec spec;
      spec.kind = nemesis_->kinds[nemesis_random_.next_below(nemesis_->kinds.size())];
      spec.at = next - sim::time_zero;
      const bool instantaneous = !find_fault_kind(spec.kind)->needs_duration;
      if (!instantaneous) spec.duration = nemesis_->duration;
      plan_.push_back(
          {std::move(spec), next, instantaneous ? next : next + nemesis_->duration, true});
      next += gap.sample(nemesis_random_);
    }
  }
  std::stable_sort(plan_.begin(), plan_.end(),
                   [](const PlannedFault& a, const PlannedFault& b) { return a.start < b.start; });
}

void FaultInjector::schedule(sim::World& world) {
  for (std::size_t i = 0; i < plan_.size(); ++i) {
    world.schedule(plan_[i].start, [this, i, &world] { start(i, world); });
  }
}

std::vector<sim::NodeId> FaultInjector::nemesis_targets(const PlannedFault& fault,
                                                        sim::World& world) {
  if (!takes_node_down(fault.spec.kind)) return resolve_target("random", world, nemesis_random_);
  const sim::Time now = world.now();
  std::erase_if(nemesis_down_, [now](const auto& entry) { return entry.second <= now; });
  auto is_down = [&](sim::NodeId server) {
    return !world.is_up(server) || world.is_paused(server) ||
           std::any_of(nemesis_down_.begin(), nemesis_down_.end(),
                       [server](const auto& entry) { return entry.first == server; });
  };
  const std::size_t servers = world.servers().size();
  const std::size_t limit = nemesis_->down_max == "one" ? 1 : minority_size(servers);
  std::vector<sim::NodeId> candidates;
  for (sim::NodeId server : world.servers()) {
    if (!is_down(server)) candidates.push_back(server);
  }
  const std::size_t down = servers - candidates.size();
  if (down >= limit || servers < 2) return {};  // would take down more than allowed
  const std::size_t count = fault.spec.kind == "partition" ? limit - down : 1;
  for (std::size_t i = 0; i < count && i < candidates.size(); ++i) {
    std::swap(candidates[i], candidates[i + nemesis_random_.next_below(candidates.size() - i)]);
  }
  candidates.resize(std::min(count, candidates.size()));
  std::sort(candidates.begin(), candidates.end());
  for (sim::NodeId node : candidates) nemesis_down_.emplace_back(node, fault.end);
  return candidates;
}

void FaultInjector::start(std::size_t index, sim::World& world) {
  const PlannedFault& fault = plan_[index];
  sim::Random random(seed_, "fault/" + std::to_string(index));
  ResolvedFault who;
  if (fault.from_nemesis) {
    who.targets = nemesis_targets(fault, world);
    if (fault.spec.kind == "restart") who.targets = resolve_target("all", world, random);
  } else {
    who = resolve_scripted(
        fault.spec, [&](std::string_view name) { return resolve_target(name, world, random); });
  }
  FaultRecord record{fault.spec.kind, fault.start, fault.end, {}, fault.from_nemesis};
  for (sim::NodeId node : who.targets) record.targets.emplace_back(world.name(node));
  timeline_.push_back(std::move(record));
  if (who.targets.empty()) return;
  std::function<void()> heal = start_fault(fault.spec, who, world);
  if (heal && fault.end > fault.start) world.schedule(fault.end, std::move(heal));
}

}  // namespace scar::faults
