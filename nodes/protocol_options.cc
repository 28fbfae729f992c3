#include "nodes/protocol_options.h"

#include "sim/assert.h"

namespace scar::nodes {

ProtocolOptions ProtocolOptions::defaults(const std::vector<OptionSpec>& specs) {
  ProtocolOptions options;
  for (const OptionSpec& spec : specs) {
    switch (spec.type) {
      case OptionType::boolean:
        options.set(spec.name, spec.default_value == "true");
        break;
      case OptionType::number:
        options.set(spec.name, std::stod(spec.default_value));
        break;
      case OptionType::duration:
        options.set(spec.name, *sim::parse_duration(spec.default_value));
        break;
      case OptionType::choice:
        options.set(spec.name, spec.default_value);
        break;
    }
  }
  return options;
}

const OptionValue& ProtocolOptions::at(const std::string& name) const {
  auto found = values_.find(name);
  SCAR_ASSERT(found != values_.end());
  return found->second;
}

bool ProtocolOptions::boolean(const std::string& name) const {
  const OptionValue& value = at(name);
  SCAR_ASSERT(std::holds_alternative<bool>(value));
  return std::get<bool>(value);
}

double ProtocolOptions::number(const std::string& name) const {
  const OptionValue& value = at(name);
  SCAR_ASSERT(std::holds_alternative<double>(value));
  return std::get<double>(value);
}

sim::Duration ProtocolOptions::duration(const std::string& name) const {
  const OptionValue& value = at(name);
  SCAR_ASSERT(std::holds_alternative<sim::Duration>(value));
  return std::get<sim::Duration>(value);
}

const std::string& ProtocolOptions::choice(const std::string& name) const {
  const OptionValue& value = at(name);
  SCAR_ASSERT(std::holds_alternative<std::string>(value));
  return std::get<std::string>(value);
}

}  // namespace scar::nodes
