#include "tools/explicit_faults.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "sim/assert.h"

namespace scar::tools {
namespace {

// Targets that name different nodes in different runs or at different moments.
bool resolved_at_start(std::string_view target) {
  return target == "leader" || target == "random" || target == "minority" ||
         target == "random_minority" || target == "majority" || target.starts_with("role:");
}

// `spec` (kind, window, parameters) on exactly the nodes `hit`.
void add_on_nodes(faults::FaultSpec spec, const std::vector<std::string>& hit,
                  std::uint32_t servers, std::vector<faults::FaultSpec>& out) {
  spec.target.clear();
  spec.groups.clear();
  spec.from.clear();
  spec.to.clear();
  std::vector<std::string> others;
  for (std::uint32_t i = 1; i <= servers; ++i) {
    const std::string name = fmt::format("n{}", i);
    if (std::find(hit.begin(), hit.end(), name) == hit.end()) others.push_back(name);
  }
  const bool clients_hit =
      std::any_of(hit.begin(), hit.end(), [](const std::string& name) { return name[0] == 'c'; });
  if (others.empty() && !clients_hit) {
    spec.target = "all";
    out.push_back(std::move(spec));
  } else if (hit.size() == 1) {
    spec.target = hit.front();
    out.push_back(std::move(spec));
  } else if (spec.kind == "partition" && !clients_hit) {
    others.push_back("c*");
    spec.groups = {hit, others};
    out.push_back(std::move(spec));
  } else {
    for (const std::string& name : hit) {
      spec.target = name;
      out.push_back(spec);
    }
  }
}

}  // namespace

std::vector<faults::FaultSpec> explicit_faults(const std::vector<faults::PlannedFault>& plan,
                                               const std::vector<reports::FaultSummary>& timeline,
                                               std::uint32_t servers) {
  SCAR_ASSERT(timeline.size() <= plan.size());
  std::vector<faults::FaultSpec> result;
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    const faults::PlannedFault& planned = plan[i];
    const reports::FaultSummary& happened = timeline[i];
    SCAR_ASSERT(happened.kind == planned.spec.kind);
    SCAR_ASSERT(happened.start == planned.start);
    if (happened.targets.empty()) continue;
    if (planned.from_nemesis || resolved_at_start(planned.spec.target)) {
      add_on_nodes(planned.spec, happened.targets, servers, result);
    } else {
      result.push_back(planned.spec);
    }
  }
  return result;
}

}  // namespace scar::tools
