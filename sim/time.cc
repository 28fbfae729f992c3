#include "sim/time.h"

#include <fmt/format.h>

#include <cstdlib>

namespace scar::sim {

std::string format_duration(Duration duration) {
  const std::int64_t ns = duration.count();
  const std::int64_t magnitude = std::llabs(ns);
  struct Unit {
    std::int64_t scale;
    const char* name;
  };
  static constexpr Unit units[] = {{3'600'000'000'000, "h"}, {60'000'000'000, "m"},
                                   {1'000'000'000, "s"},     {1'000'000, "ms"},
                                   {1'000, "us"}};
  for (const Unit& unit : units) {
    if (magnitude >= unit.scale) {
      const double value = static_cast<double>(ns) / static_cast<double>(unit.scale);
      return fmt::format("{:.3g}{}", value, unit.name);
    }
  }
  return fmt::format("{}ns", ns);
}

std::string format_trace_time(Time time) {
  const std::int64_t ns = to_ns(time);
  return fmt::format("[{}.{:06}s]", ns / 1'000'000'000, (ns % 1'000'000'000) / 1'000);
}

}  // namespace scar::sim
