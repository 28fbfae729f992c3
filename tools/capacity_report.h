// What `scar capacity` shows of a search (capacity.h): the latency-against-load curve as
// text, the same as JSON (--json, with `max_rate`), and as an HTML page with the curve, the
// SLO line and the found rate marked (--html). All three are deterministic: the same
// search gives the same bytes (no wall time in them).
#pragma once

#include <string>

#include "tools/capacity.h"

namespace scar::tools {

inline constexpr int capacity_json_version = 1;

std::string capacity_text(const CapacityRequest& request, const CapacityResult& result);
std::string capacity_json(const CapacityRequest& request, const CapacityResult& result);
std::string capacity_html(const CapacityRequest& request, const CapacityResult& result);

}  // namespace scar::tools
