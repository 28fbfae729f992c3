// The colour of each fault kind in the HTML report: the same kind in the same colour on
// every chart, the fault timeline, the message diagram and both sides of a comparison.
// Kinds of one family share a hue (network blues and greens, node reds and oranges, disk
// browns and purples, clocks greys), each kind its own shade. Pale enough to shade behind
// a line.
#pragma once

#include <string>
#include <string_view>

namespace scar::reports {

// A CSS colour ("#f4a582"); a neutral grey for a kind it does not know.
std::string fault_color(std::string_view kind);

}  // namespace scar::reports
