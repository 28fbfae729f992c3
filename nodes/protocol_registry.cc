// The registry behind all_protocols, find_protocol and add_protocols (protocols.h): the
// built-in protocols, then those a program added, checked before they are let in.
#include <algorithm>
#include <atomic>
#include <charconv>
#include <set>

#include "nodes/protocols.h"
#include "sim/assert.h"

namespace scar::nodes {
namespace {

std::vector<Protocol>& registry() {
  static std::vector<Protocol> protocols = built_in_protocols();
  return protocols;
}

// Set by the first lookup: from then on the registry must not grow (it would move the
// protocols that scenarios point to).
std::atomic<bool> looked_up{false};

std::optional<std::string> check_default(const OptionSpec& spec) {
  const std::string& text = spec.default_value;
  bool accepted = true;
  switch (spec.type) {
    case OptionType::boolean:
      accepted = text == "true" || text == "false";
      break;
    case OptionType::number: {
      double value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      accepted = !text.empty() && error == std::errc{} && end == text.data() + text.size();
      break;
    }
    case OptionType::duration:
      accepted = sim::parse_duration(text).has_value();
      break;
    case OptionType::choice:
      accepted = std::find(spec.choices.begin(), spec.choices.end(), text) != spec.choices.end();
      break;
  }
  if (accepted) return std::nullopt;
  return "option \"" + spec.name + "\": its default \"" + text + "\" is not a value of its type";
}

std::optional<std::string> check_protocol(const Protocol& protocol) {
  if (protocol.name.empty()) return std::string("a protocol needs a name");
  if (!protocol.make_server) return std::string("make_server is not set");
  if (!protocol.make_router) return std::string("make_router is not set");
  if (protocol.operations.empty()) return std::string("it serves no operation");
  if (protocol.nodes_min < 1 || protocol.nodes_min > protocol.nodes_max)
    return std::string("nodes_min must be at least 1 and at most nodes_max");
  std::set<std::string> option_names;
  for (const OptionSpec& spec : protocol.options) {
    if (spec.name.empty() || !option_names.insert(spec.name).second)
      return "option \"" + spec.name + "\" is unnamed or declared twice";
    if (auto problem = check_default(spec)) return problem;
  }
  for (const ClusterInvariant& invariant : protocol.invariants) {
    if (invariant.name.empty() || !invariant.violation)
      return std::string("an invariant needs a name and a violation function");
  }
  return std::nullopt;
}

}  // namespace

const std::vector<Protocol>& all_protocols() {
  looked_up.store(true);
  return registry();
}

const Protocol* find_protocol(std::string_view name) {
  const auto& protocols = all_protocols();
  auto found = std::find_if(protocols.begin(), protocols.end(),
                            [&](const Protocol& protocol) { return protocol.name == name; });
  return found == protocols.end() ? nullptr : &*found;
}

std::optional<std::string> add_protocols(std::vector<Protocol> extra) {
  SCAR_ASSERT(!looked_up.load());
  std::set<std::string_view> taken;
  std::string taken_list;
  for (const Protocol& protocol : registry()) {
    taken.insert(protocol.name);
    taken_list += (taken_list.empty() ? "" : ", ") + std::string(protocol.name);
  }
  std::set<std::string_view> added;
  for (const Protocol& protocol : extra) {
    const std::string name(protocol.name);
    if (auto problem = check_protocol(protocol)) return "protocol \"" + name + "\": " + *problem;
    if (taken.contains(protocol.name))
      return "protocol \"" + name + "\": that name is taken (registered: " + taken_list +
             "); choose another";
    if (!added.insert(protocol.name).second) return "protocol \"" + name + "\": given twice";
  }
  for (Protocol& protocol : extra) registry().push_back(std::move(protocol));
  return std::nullopt;
}

}  // namespace scar::nodes
