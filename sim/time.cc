#include "sim/time.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace scar::sim {

std::string format_duration(Duration duration) {
  const std::int64_t ns = duration.count();
  const std::int64_t magnitude = std::llabs(ns);
  struct Unit {
    std::int64_t scale;
    const char* name;
  };
  static constexpr Unit units[] = {{3'600'000'000'000, "h"},
                                   {60'000'000'000, "m"},
                                   {1'000'000'000, "s"},
                                   {1'000'000, "ms"},
                                   {1'000, "us"}};
  for (const Unit& unit : units) {
    if (magnitude >= unit.scale) {
      const double value = static_cast<double>(ns) / static_cast<double>(unit.scale);
      return fmt::format("{:.3g}{}", value, unit.name);
    }
  }
  return fmt::format("{}ns", ns);
}

std::optional<Duration> parse_duration(std::string_view text) {
  if (text == "0") return Duration{0};
  struct Unit {
    std::string_view suffix;
    double nanoseconds;
  };
  // Longest suffixes first, so "ms" is not read as "s".
  static constexpr Unit units[] = {{"ns", 1},  {"us", 1e3}, {"ms", 1e6},
                                   {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
  for (const Unit& unit : units) {
    if (!text.ends_with(unit.suffix)) continue;
    const std::string_view number = text.substr(0, text.size() - unit.suffix.size());
    if (number.empty() || number.front() == '-' || number.front() == '+') return std::nullopt;
    double value = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (error != std::errc{} || end != number.data() + number.size()) return std::nullopt;
    const double ns = value * unit.nanoseconds;
    if (!std::isfinite(ns) || ns < 0 || ns > 9.0e18) return std::nullopt;
    return Duration{std::llround(ns)};
  }
  return std::nullopt;
}

std::string format_trace_time(Time time) {
  const std::int64_t ns = to_ns(time);
  return fmt::format("[{}.{:06}s]", ns / 1'000'000'000, (ns % 1'000'000'000) / 1'000);
}

}  // namespace scar::sim
