// Protocol options: each protocol declares its options (name, type, default, meaning);
// the scenario loader checks a scenario's `cluster.options` against the declaration and
// hands the protocol typed values. No JSON crosses into nodes/.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "sim/time.h"

namespace scar::nodes {

enum class OptionType { boolean, number, duration, choice };

// A counter a protocol's nodes keep (Context::count): its name and what it counts.
struct MetricSpec {
  std::string_view name;     // "cache_misses"
  std::string_view meaning;  // "gets the cache could not answer"
};

struct OptionSpec {
  std::string name;
  OptionType type;
  std::string default_value;         // as written in a scenario file: "100ms", "all", "3"
  std::vector<std::string> choices;  // choice only
  std::string meaning;
};

// What is wrong with options that each passed their own check but not together with the
// cluster (a quorum larger than the cluster): the option at fault and why, reported at
// cluster.options.<option>.
struct OptionProblem {
  std::string option;
  std::string problem;
};

using OptionValue = std::variant<bool, double, sim::Duration, std::string>;

class ProtocolOptions {
 public:
  // Every declared option at its default value.
  static ProtocolOptions defaults(const std::vector<OptionSpec>& specs);

  void set(const std::string& name, OptionValue value) { values_[name] = std::move(value); }

  // REQUIRES: the option was declared with the matching type (the loader fills every
  // declared option, defaults included).
  bool boolean(const std::string& name) const;
  double number(const std::string& name) const;
  sim::Duration duration(const std::string& name) const;
  const std::string& choice(const std::string& name) const;
  // Whatever its type. REQUIRES: the option was set.
  const OptionValue& at(const std::string& name) const;

 private:
  std::map<std::string, OptionValue> values_;
};

}  // namespace scar::nodes
