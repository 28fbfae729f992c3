// Every fault kind has a colour of its own, so that the key of a chart names one kind.
#include "reports/fault_colors.h"

#include <catch2/catch.hpp>
#include <set>

#include "faults/fault.h"

using namespace scar;

TEST_CASE("every fault kind has its own colour, unknown kinds a neutral one", "[chart]") {
  const std::string unknown = reports::fault_color("no_such_fault");
  std::set<std::string> colors;
  for (const faults::FaultKindInfo& kind : faults::fault_kinds()) {
    INFO(kind.name);
    const std::string color = reports::fault_color(kind.name);
    CHECK(color != unknown);
    CHECK(colors.insert(color).second);
  }
}
