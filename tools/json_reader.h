// Reading checked values out of JSON, with the JSON path of every value at hand for error
// messages. An ObjectReader remembers which keys were asked for; finish() then rejects
// any other key, suggesting the closest known one ("did you mean ...?"), so a misspelled
// key is never silently ignored.
//
// Every failure throws InputErrorException (input_error.h); loaders catch it at their
// boundary. Only loaders include this header: JSON stays at the edges.
#pragma once

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "sim/distribution.h"
#include "sim/time.h"
#include "tools/input_error.h"

namespace scar::tools {

using Json = nlohmann::json;

// "the string \"fast\"", "the number 3", "an object", ... for "found ..." in messages.
std::string describe(const Json& value);

// A child path: join("workload", "rate") == "workload.rate"; join("faults", 2) == "faults[2]".
std::string join(const std::string& path, std::string_view key);
std::string join(const std::string& path, std::size_t index);

// The segments of a --set path: "faults[0].at" or "faults.0.at" -> faults, 0, at.
std::vector<std::string> split_path(std::string path);

[[noreturn]] void fail(const std::string& file, const std::string& path, std::string message);

// Values not inside an object (array elements, the root).
sim::Duration read_duration(const Json& value, const std::string& file, const std::string& path);
sim::Distribution read_distribution(const Json& value, const std::string& file,
                                    const std::string& path);

class ObjectReader {
 public:
  ObjectReader(const Json& value, std::string file, std::string path);

  // The value at `key`, or null if absent; either way `key` becomes a known key.
  const Json* find(std::string_view key);
  bool has(std::string_view key) const { return object_.contains(key); }

  std::string string(std::string_view key, std::string fallback);
  double number(std::string_view key, double fallback, double min, double max);
  std::uint64_t integer(std::string_view key, std::uint64_t fallback, std::uint64_t min,
                        std::uint64_t max);
  bool boolean(std::string_view key, bool fallback);
  sim::Duration duration(std::string_view key, sim::Duration fallback);
  sim::Distribution distribution(std::string_view key, sim::Distribution fallback);
  // One of `choices`, else an error listing them.
  std::string choice(std::string_view key, std::string fallback,
                     const std::vector<std::string>& choices);

  // Rejects every key that no call above asked for.
  void finish() const;

  [[noreturn]] void fail_at(std::string_view key, std::string message) const;
  std::string path_of(std::string_view key) const { return join(path_, key); }
  const std::string& file() const { return file_; }

 private:
  const Json& object_;
  std::string file_;
  std::string path_;
  std::set<std::string, std::less<>> known_;
};

}  // namespace scar::tools
