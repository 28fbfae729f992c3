#include "tools/shrink.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <variant>

#include "faults/injector.h"
#include "tools/explicit_faults.h"
#include "tools/scenario_loader.h"

namespace scar::tools {
namespace {

constexpr sim::Duration step = std::chrono::milliseconds{1};  // durations shrink in these

std::int64_t in_steps(sim::Duration duration) { return duration / step; }

// Bisects [low, high) for the smallest value for which `fails` holds, taking `high` to
// fail; `fails` keeps what it accepts, so the last value it accepted is the one found.
template <class Fails>
void bisect_down(std::int64_t low, std::int64_t high, Fails fails) {
  while (low < high) {
    const std::int64_t middle = low + (high - low) / 2;
    if (fails(middle)) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
}

// The search from the explicit schedule on: holds the smallest failing values found.
class Shrinker {
 public:
  Shrinker(std::string base, std::string file, RunOutcome target, ScenarioValues start,
           std::uint32_t nodes_min, const ShrinkRequest& request)
      : base_(std::move(base)),
        file_(std::move(file)),
        target_(std::move(target)),
        current_(std::move(start)),
        nodes_min_(nodes_min),
        request_(request) {
    tried_.insert(write_scenario(base_, current_));
  }

  // Rounds of every reduction until one shrinks nothing or the budget is spent.
  void run() {
    for (bool shrank = true; shrank && budget_left();) {
      const std::uint64_t kept_before = kept_;
      shrink_faults();
      round_faults();
      move_faults_earlier();
      shrink_duration();
      shrink_windows();
      shrink_count("clients", &ScenarioValues::clients, 1);
      shrink_rate();
      shrink_count("servers", &ScenarioValues::nodes, nodes_min_);
      shrank = kept_ > kept_before;
    }
  }

  const ScenarioValues& current() const { return current_; }
  const RunOutcome& target() const { return target_; }
  std::uint64_t runs() const { return runs_; }
  bool budget_left() const { return runs_ < request_.runs_max; }

 private:
  // One run of `candidate`; kept (and true) when it fails the same way. A candidate tried
  // before (a later round repeats some) is not run again.
  bool try_candidate(const ScenarioValues& candidate) {
    const std::string text = write_scenario(base_, candidate);
    if (!budget_left() || !tried_.insert(text).second) return false;
    ++runs_;
    RunOutcome outcome = run_candidate(text, file_);
    if (!outcome.same_failure(target_)) return false;
    current_ = candidate;
    target_ = std::move(outcome);
    ++kept_;
    return true;
  }

  void report(const std::string& line) {
    if (request_.progress) request_.progress(line);
  }

  // Delta debugging over the fault list: remove one of `parts` slices; on success keep
  // the granularity, else double it, until single faults have been tried.
  void shrink_faults() {
    const std::size_t before = current_.faults.size();
    std::size_t parts = 2;
    while (!current_.faults.empty() && budget_left()) {
      const std::size_t size = current_.faults.size();
      parts = std::min(parts, size);
      bool removed = false;
      for (std::size_t part = 0; part < parts && !removed; ++part) {
        ScenarioValues candidate = current_;
        const auto begin = candidate.faults.begin();
        candidate.faults.erase(begin + static_cast<std::ptrdiff_t>(part * size / parts),
                               begin + static_cast<std::ptrdiff_t>((part + 1) * size / parts));
        removed = try_candidate(candidate);
      }
      if (removed) {
        parts = std::max<std::size_t>(parts - 1, 2);
      } else if (parts >= size) {
        break;
      } else {
        parts = std::min(parts * 2, size);
      }
    }
    if (current_.faults.size() < before)
      report(fmt::format("faults {} -> {}", before, current_.faults.size()));
  }

  // Every fault's start and length to whole milliseconds (lengths at least 1 ms).
  void round_faults() {
    ScenarioValues candidate = current_;
    bool changed = false;
    for (faults::FaultSpec& fault : candidate.faults) {
      const faults::FaultSpec before = fault;
      fault.at = std::chrono::round<std::chrono::milliseconds>(fault.at);
      if (fault.duration) {
        fault.duration = std::max<sim::Duration>(
            step, std::chrono::round<std::chrono::milliseconds>(*fault.duration));
      }
      changed = changed || fault.at != before.at || fault.duration != before.duration;
    }
    if (!changed) return;
    if (try_candidate(candidate)) report("fault times rounded to whole milliseconds");
  }

  // The whole schedule earlier, so that the run can end sooner.
  void move_faults_earlier() {
    if (current_.faults.empty()) return;
    sim::Duration first = current_.faults.front().at;
    for (const faults::FaultSpec& fault : current_.faults) first = std::min(first, fault.at);
    const ScenarioValues before = current_;
    bisect_down(0, in_steps(first), [&](std::int64_t steps) {
      ScenarioValues candidate = before;
      for (faults::FaultSpec& fault : candidate.faults) fault.at -= first - steps * step;
      return try_candidate(candidate);
    });
    if (current_.faults.front().at < before.faults.front().at) {
      report(fmt::format("faults moved {} earlier",
                         duration_text(before.faults.front().at - current_.faults.front().at)));
    }
  }

  void shrink_duration() {
    const sim::Duration before = current_.duration;
    sim::Duration last_start{0};  // faults must start within the workload
    for (const faults::FaultSpec& fault : current_.faults)
      last_start = std::max(last_start, fault.at);
    bisect_down(in_steps(last_start) + 1, in_steps(current_.duration), [&](std::int64_t steps) {
      ScenarioValues candidate = current_;
      candidate.duration = steps * step;
      return try_candidate(candidate);
    });
    if (current_.duration < before) {
      report(fmt::format("duration {} -> {}", duration_text(before),
                         duration_text(current_.duration)));
    }
  }

  // Each fault's window: its end earlier, then its start later.
  void shrink_windows() {
    for (std::size_t i = 0; i < current_.faults.size() && budget_left(); ++i) {
      if (!current_.faults[i].duration) continue;
      const faults::FaultSpec before = current_.faults[i];
      bisect_down(1, in_steps(*before.duration), [&](std::int64_t steps) {
        ScenarioValues candidate = current_;
        candidate.faults[i].duration = steps * step;
        return try_candidate(candidate);
      });
      const sim::Duration end = current_.faults[i].at + *current_.faults[i].duration;
      bisect_down(1, in_steps(*current_.faults[i].duration), [&](std::int64_t steps) {
        ScenarioValues candidate = current_;
        candidate.faults[i].duration = steps * step;
        candidate.faults[i].at = end - steps * step;
        return try_candidate(candidate);
      });
      const faults::FaultSpec& after = current_.faults[i];
      if (after.at != before.at || after.duration != before.duration) {
        report(fmt::format("{} window {}+{} -> {}+{}", after.kind, duration_text(before.at),
                           duration_text(*before.duration), duration_text(after.at),
                           duration_text(*after.duration)));
      }
    }
  }

  // A count (clients or servers) down towards `minimum`.
  void shrink_count(const char* what, std::uint32_t ScenarioValues::*field, std::uint32_t minimum) {
    const std::uint32_t before = current_.*field;
    bisect_down(minimum, before, [&](std::int64_t count) {
      ScenarioValues candidate = current_;
      candidate.*field = static_cast<std::uint32_t>(count);
      return try_candidate(candidate);
    });
    if (current_.*field < before) report(fmt::format("{} {} -> {}", what, before, current_.*field));
  }

  void shrink_rate() {
    if (!current_.rate || *current_.rate <= 1) return;
    const double before = *current_.rate;
    bisect_down(1, static_cast<std::int64_t>(before), [&](std::int64_t rate) {
      ScenarioValues candidate = current_;
      candidate.rate = static_cast<double>(rate);
      return try_candidate(candidate);
    });
    if (*current_.rate < before) report(fmt::format("rate {:g} -> {:g}", before, *current_.rate));
  }

  std::string base_;
  std::string file_;
  RunOutcome target_;  // the failure to keep, as the last kept candidate had it
  ScenarioValues current_;
  std::uint32_t nodes_min_;
  const ShrinkRequest& request_;
  std::set<std::string> tried_;  // at most runs_max texts of a few KB
  std::uint64_t runs_ = 0;
  std::uint64_t kept_ = 0;
};

}  // namespace

ShrinkResult shrink(const ShrinkRequest& request) {
  ShrinkResult result;
  LoadResult loaded = load_scenario(request.file, request.overrides);
  if (const auto* error = std::get_if<InputError>(&loaded)) {
    result.problem = error->to_string();
    return result;
  }
  Scenario& scenario = std::get<Scenario>(loaded);
  if (request.seed) scenario.seed = *request.seed;
  result.seed = scenario.seed;
  auto base = scenario_base(request.file, request.overrides, scenario.seed);
  if (const auto* error = std::get_if<InputError>(&base)) {
    result.problem = error->to_string();
    return result;
  }

  reports::RunReport report;
  result.input = run_once(scenario, &report);
  result.runs = 1;
  result.faults_input = report.faults.size();
  if (!result.input.fails()) {
    result.status = ShrinkResult::Status::passes;
    return result;
  }

  const faults::FaultInjector injector(scenario.faults, scenario.nemesis, scenario.duration,
                                       scenario.seed);
  result.explicit_values = values_of(scenario);
  result.explicit_values.faults =
      explicit_faults(injector.plan(), report.faults, scenario.cluster.nodes);
  const std::string& base_text = std::get<std::string>(base);
  const RunOutcome explicit_outcome =
      run_candidate(write_scenario(base_text, result.explicit_values), request.file);
  result.runs = 2;
  result.explicit_outcome = explicit_outcome;
  if (!explicit_outcome.same_failure(result.input)) {
    result.status = ShrinkResult::Status::not_reproduced;
    result.problem =
        fmt::format("with its faults written out it {} instead", explicit_outcome.describe());
    return result;
  }

  Shrinker shrinker(base_text, request.file, explicit_outcome, result.explicit_values,
                    scenario.cluster.protocol->nodes_min, request);
  shrinker.run();
  result.status = ShrinkResult::Status::shrunk;
  result.shrunk = shrinker.target();
  result.shrunk_values = shrinker.current();
  result.scenario_text = write_scenario(base_text, result.shrunk_values);
  result.candidate_runs = shrinker.runs();
  result.runs += shrinker.runs();
  result.budget_spent = !shrinker.budget_left();
  return result;
}

}  // namespace scar::tools
