#include "sim/time.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace scar::sim {

namespace {

// Three significant digits, without an exponent or trailing zeros: "3.47", "812", "1.2".
std::string three_digits(double value) {
  const double magnitude = std::fabs(value);
  std::string text = fmt::format("{:.{}f}", value, magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

}  // namespace

std::string format_duration(Duration duration) {
  if (duration.count() == 0) return "0s";
  // Negated as a double: the magnitude of INT64_MIN does not fit in an int64.
  const double ns = static_cast<double>(duration.count());
  struct Unit {
    double scale;
    const char* name;
  };
  static constexpr Unit units[] = {{3600e9, "h"}, {60e9, "m"}, {1e9, "s"},
                                   {1e6, "ms"},   {1e3, "us"}, {1, "ns"}};
  for (std::size_t i = 0; i < std::size(units); ++i) {
    const Unit& unit = units[i];
    if (std::fabs(ns) < unit.scale) continue;
    // 999.7us rounds to 1000us: say 1ms instead.
    if (i > 2 && std::fabs(std::stod(three_digits(ns / unit.scale))) >= 1000)
      return three_digits(ns / units[i - 1].scale) + units[i - 1].name;
    return three_digits(ns / unit.scale) + unit.name;
  }
  return three_digits(ns) + "ns";
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

Duration scaled(Duration duration, double factor) {
  const double value = static_cast<double>(duration.count()) * factor;
  if (!(value > 0)) return Duration{0};  // also NaN
  if (value >= static_cast<double>(duration_max.count())) return duration_max;
  return Duration{std::llround(value)};
}

Time later(Time time, Duration delay) {
  const Duration room = duration_max - (time - time_zero);
  return delay >= room ? time_zero + duration_max : time + delay;
}

std::string format_trace_time(Time time) {
  const std::int64_t ns = to_ns(time);
  return fmt::format("[{}.{:06}s]", ns / 1'000'000'000, (ns % 1'000'000'000) / 1'000);
}

}  // namespace scar::sim
