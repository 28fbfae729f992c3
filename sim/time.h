// Simulated time: integer nanoseconds since the start of the run, on scar's own clock.
// Never a double, never the wall clock. `Time` is a point on the run's timeline;
// `Duration` is a span. Both are std::chrono types, so units are checked by the compiler.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scar::sim {

using Duration = std::chrono::nanoseconds;

// The simulator's clock. It has no now(): only the World knows the current time.
struct Clock {
  using rep = std::int64_t;
  using period = std::nano;
  using duration = Duration;
  using time_point = std::chrono::time_point<Clock, Duration>;
  static constexpr bool is_steady = true;
};

using Time = Clock::time_point;

constexpr Time time_zero{};

inline constexpr Time at(Duration since_start) { return Time{since_start}; }
inline constexpr std::int64_t to_ns(Duration duration) { return duration.count(); }
inline constexpr std::int64_t to_ns(Time time) { return time.time_since_epoch().count(); }

// The longest span scar computes with (about 285 years): any time of a run plus it still
// fits in a Duration, so sums saturated at it never wrap.
inline constexpr Duration duration_max{9'000'000'000'000'000'000};

// `duration` x `factor`, rounded to the nanosecond and saturated to [0, duration_max]
// (NaN gives 0): for slowdowns and clock rates, where a product must never wrap.
Duration scaled(Duration duration, double factor);

// `time` + `delay`, saturated at time_zero + duration_max: a timer set for "forever" stays
// in the future. REQUIRES: delay >= 0, time >= time_zero.
Time later(Time time, Duration delay);

// "3.47ms", "812us", "1.2s", "0s": three significant digits with the largest unit that
// keeps the number at or above 1. For terminal tables and messages, never for JSON.
std::string format_duration(Duration duration);

// Parses "250us", "3ms", "1.5s", "2m", "1h", "0" (units ns, us, ms, s, m, h; a bare 0 is
// allowed). Null when the text is not a non-negative duration or overflows.
std::optional<Duration> parse_duration(std::string_view text);

// "[12.345678s]": the prefix of every trace line.
std::string format_trace_time(Time time);

}  // namespace scar::sim
