#include "reports/fault_colors.h"

#include <utility>

namespace scar::reports {

std::string fault_color(std::string_view kind) {
  static constexpr std::pair<std::string_view, const char*> colors[] = {
      {"partition", "#92c5de"},     {"packet_loss", "#b2abd2"}, {"duplicate", "#80cdc1"},
      {"slow_link", "#a6dba0"},     {"crash", "#e7298a"},       {"restart", "#fdb863"},
      {"crash_restart", "#f4a582"}, {"gc_pause", "#fdd835"},    {"slow_node", "#fb9a99"},
      {"slow_disk", "#dfc27d"},     {"disk_error", "#bf812d"},  {"lying_write", "#c51b7d"},
      {"fsync_failure", "#8073ac"}, {"clock_skew", "#bababa"},  {"clock_drift", "#878787"}};
  for (const auto& [name, color] : colors) {
    if (name == kind) return color;
  }
  return "#d9d9d9";
}

}  // namespace scar::reports
