#include "tools/scenario_readers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "faults/targets.h"
#include "tools/scenario_loader.h"

namespace scar::tools {
namespace {

using faults::glob_matches;
using nodes::OperationKind;

constexpr OperationKind every_operation[] = {OperationKind::get, OperationKind::put,
                                             OperationKind::cas, OperationKind::add};

// An operation the protocol does not serve gets its own error, not "unknown key".
void check_served(ObjectReader& reader, const Scenario& scenario) {
  const auto& served = scenario.cluster.protocol->operations;
  for (OperationKind kind : every_operation) {
    if (!reader.has(nodes::name_of(kind)) ||
        std::find(served.begin(), served.end(), kind) != served.end())
      continue;
    std::vector<std::string_view> names;
    for (OperationKind known : served) names.push_back(nodes::name_of(known));
    reader.fail_at(nodes::name_of(kind), fmt::format("protocol {} does not serve {}; it serves {}",
                                                     scenario.cluster.protocol->name,
                                                     nodes::name_of(kind), fmt::join(names, ", ")));
  }
}

// A key is a counter or a register: adds and writes of whole values do not mix.
void check_counter_mix(ObjectReader& workload, const std::vector<nodes::MixEntry>& mix) {
  const auto has = [&mix](OperationKind kind) {
    return std::any_of(mix.begin(), mix.end(),
                       [kind](const nodes::MixEntry& entry) { return entry.kind == kind; });
  };
  if (has(OperationKind::add) && (has(OperationKind::put) || has(OperationKind::cas))) {
    workload.fail_at("mix",
                     "a mix with add cannot have put or cas: adds make every key a counter, "
                     "and a put or cas would overwrite it with a register's value");
  }
}

void read_mix(ObjectReader& workload, Scenario& scenario) {
  const Json* value = workload.find("mix");
  if (value == nullptr) return;
  ObjectReader reader(*value, workload.file(), "workload.mix");
  check_served(reader, scenario);
  std::vector<nodes::MixEntry> mix;
  double total = 0;
  for (OperationKind kind : scenario.cluster.protocol->operations) {
    const std::string_view name = nodes::name_of(kind);
    if (!reader.has(name)) {
      reader.find(name);
      continue;
    }
    const double weight = reader.number(name, 0, 0, 1);
    total += weight;
    if (weight > 0) mix.push_back({kind, weight});
  }
  reader.finish();
  if (std::abs(total - 1) > 1e-6) {
    workload.fail_at("mix", fmt::format("the weights add up to {}; expected 1", total));
  }
  check_counter_mix(workload, mix);
  scenario.workload.mix = std::move(mix);
}

void read_keys(ObjectReader& workload, Scenario& scenario) {
  const Json* value = workload.find("keys");
  if (value == nullptr) return;
  ObjectReader reader(*value, workload.file(), "workload.keys");
  nodes::WorkloadOptions& options = scenario.workload;
  options.key_count = reader.integer("count", options.key_count, 1, ScenarioLimits::keys_max);
  const std::string distribution = reader.choice("distribution", "uniform", {"uniform", "zipf"});
  options.keys =
      distribution == "zipf" ? nodes::KeyDistribution::zipf : nodes::KeyDistribution::uniform;
  options.zipf_exponent = reader.number("exponent", options.zipf_exponent, 0.01, 10);
  reader.finish();
}

// `rate_changes`: [{"at": "2s", "rate": 1500}, ...], each `at` after the one before.
void read_rate_changes(ObjectReader& workload, Scenario& scenario) {
  const Json* value = workload.find("rate_changes");
  if (value == nullptr) return;
  if (scenario.workload.mode != nodes::LoadMode::open)
    workload.fail_at("rate_changes", "only an open-loop workload (mode open) has a rate to change");
  if (!value->is_array())
    workload.fail_at("rate_changes",
                     "expected an array of {\"at\", \"rate\"}, found " + describe(*value));
  const std::string path = workload.path_of("rate_changes");
  for (std::size_t i = 0; i < value->size(); ++i) {
    ObjectReader reader((*value)[i], workload.file(), join(path, i));
    if (!reader.has("at")) reader.fail_at("at", "missing: when the rate changes (\"2s\")");
    if (!reader.has("rate"))
      reader.fail_at("rate", "missing: the total operations per second from then on");
    nodes::RateChange change;
    change.at = reader.duration("at", {});
    const auto& changes = scenario.workload.rate_changes;
    const sim::Duration earliest = changes.empty() ? sim::Duration{0} : changes.back().at;
    if (change.at <= earliest) {
      reader.fail_at(
          "at", fmt::format("expected a time after {} (the {})", sim::format_duration(earliest),
                            changes.empty() ? "start" : "change before"));
    }
    change.rate_per_second = reader.number("rate", 0, 1e-3, ScenarioLimits::rate_max);
    reader.finish();
    scenario.workload.rate_changes.push_back(change);
  }
}

// How many operations an open-loop workload starts on average over the scenario's duration.
double open_loop_operations(const Scenario& scenario) {
  const nodes::WorkloadOptions& workload = scenario.workload;
  double operations = 0;
  sim::Duration from{0};
  for (const nodes::RateChange& change : workload.rate_changes) {
    const sim::Duration until = std::min(change.at, scenario.duration);
    operations += workload.rate_at(from) * static_cast<double>((until - from).count()) / 1e9;
    from = until;
  }
  const sim::Duration rest = std::max(sim::Duration{0}, scenario.duration - from);
  return operations + workload.rate_at(from) * static_cast<double>(rest.count()) / 1e9;
}

void read_retry(ObjectReader& workload, Scenario& scenario) {
  const Json* value = workload.find("retry");
  if (value == nullptr) return;
  ObjectReader reader(*value, workload.file(), "workload.retry");
  nodes::RetryOptions& retry = scenario.workload.retry;
  const std::string policy = reader.choice("policy", "none", {"none", "immediate", "exponential"});
  retry.policy = policy == "none"        ? nodes::RetryPolicy::none
                 : policy == "immediate" ? nodes::RetryPolicy::immediate
                                         : nodes::RetryPolicy::exponential;
  retry.attempts = static_cast<std::uint32_t>(reader.integer("attempts", retry.attempts, 1, 100));
  retry.base = reader.duration("base", retry.base);
  retry.cap = reader.duration("cap", retry.cap);
  if (retry.cap < retry.base) reader.fail_at("cap", "expected cap >= base");
  retry.jitter = reader.choice("jitter", "full", {"full", "none"}) == "full" ? nodes::Jitter::full
                                                                             : nodes::Jitter::none;
  reader.finish();
}

std::vector<std::string> zones_and_racks(const Scenario& scenario, bool racks) {
  std::vector<std::string> names = {racks ? "z1/r1" : "z1"};
  for (const auto& [node, place] : scenario.cluster.placement) {
    names.push_back(racks ? place.zone + "/" + place.rack : place.zone);
  }
  return names;
}

// role:R: a protocol that lists its roles is held to them; another's roles are known only
// at run time (Node::role), so any one is accepted.
void check_role(const std::string& role, const Scenario& scenario, const std::string& file,
                const std::string& path) {
  const auto& roles = scenario.cluster.protocol->roles;
  if (role.empty()) fail(file, path, "expected a role after \"role:\", e.g. role:leader");
  if (roles.empty() || std::find(roles.begin(), roles.end(), role) != roles.end()) return;
  const std::vector<std::string> known(roles.begin(), roles.end());
  const std::string guess = closest_match(role, known);
  fail(file, path,
       fmt::format("protocol {} has no role \"{}\"; its roles: {}{}",
                   scenario.cluster.protocol->name, role, fmt::join(roles, ", "),
                   guess.empty() ? "" : fmt::format("; did you mean \"role:{}\"?", guess)));
}

void check_target(const std::string& target, const Scenario& scenario, const std::string& file,
                  const std::string& path) {
  const auto& words = faults::target_words();
  if (std::find(words.begin(), words.end(), target) != words.end()) return;
  if (target.starts_with("role:")) {
    check_role(target.substr(5), scenario, file, path);
    return;
  }
  for (const auto& [prefix, racks] : {std::pair{"zone:", false}, std::pair{"rack:", true}}) {
    if (!target.starts_with(prefix)) continue;
    const auto known = zones_and_racks(scenario, racks);
    const std::string place = target.substr(std::string_view(prefix).size());
    if (std::find(known.begin(), known.end(), place) != known.end()) return;
    fail(file, path,
         fmt::format("no node is placed in {} \"{}\"; known: {}", racks ? "rack" : "zone", place,
                     fmt::join(known, ", ")));
  }
  const std::vector<std::string> names = node_names(scenario);
  if (std::any_of(names.begin(), names.end(),
                  [&](const std::string& name) { return glob_matches(target, name); })) {
    return;
  }
  std::vector<std::string> candidates = names;
  candidates.insert(candidates.end(), words.begin(), words.end());
  const auto& roles = scenario.cluster.protocol->roles;
  for (const std::string_view role : roles) candidates.push_back("role:" + std::string(role));
  const std::string guess = closest_match(target, candidates);
  const std::string role_list =
      roles.empty() ? ""
                    : fmt::format("; or role:R for a role of {}: {}",
                                  scenario.cluster.protocol->name, fmt::join(roles, ", "));
  fail(file, path,
       fmt::format(
           "target \"{}\" names no node (nodes are n1..n{}, clients c1..c{}; or one of {}{}){}",
           target, scenario.cluster.nodes, scenario.workload.clients, fmt::join(words, ", "),
           role_list, guess.empty() ? "" : fmt::format("; did you mean \"{}\"?", guess)));
}

std::vector<std::string> fault_kind_names() {
  std::vector<std::string> names;
  for (const faults::FaultKindInfo& kind : faults::fault_kinds()) names.emplace_back(kind.name);
  return names;
}

void read_groups(ObjectReader& reader, faults::FaultSpec& fault, const Scenario& scenario) {
  const Json* groups = reader.find("groups");
  if (groups == nullptr) return;
  const std::string path = reader.path_of("groups");
  if (!groups->is_array() || groups->size() < 2) {
    fail(reader.file(), path,
         "expected an array of at least two groups of node names, found " + describe(*groups));
  }
  for (std::size_t g = 0; g < groups->size(); ++g) {
    const Json& group = (*groups)[g];
    if (!group.is_array())
      fail(reader.file(), join(path, g),
           "expected an array of node names, found " + describe(group));
    std::vector<std::string> members;
    for (std::size_t m = 0; m < group.size(); ++m) {
      const std::string member_path = join(join(path, g), m);
      if (!group[m].is_string())
        fail(reader.file(), member_path, "expected a node name, found " + describe(group[m]));
      check_target(group[m].get<std::string>(), scenario, reader.file(), member_path);
      members.push_back(group[m].get<std::string>());
    }
    fault.groups.push_back(std::move(members));
  }
}

// Which nodes a fault names: exactly one of target, groups (partition), from + to
// (partition, slow_link). Clock faults may not name clients: clients measure latency.
void check_where(ObjectReader& reader, const faults::FaultSpec& fault, const Scenario& scenario) {
  const bool link = fault.kind == "partition" || fault.kind == "slow_link";
  const int ways = (fault.target.empty() ? 0 : 1) + (fault.groups.empty() ? 0 : 1) +
                   (fault.from.empty() && fault.to.empty() ? 0 : 1);
  if (ways == 0) {
    reader.fail_at("target",
                   fmt::format("a {} fault needs a `target`{}", fault.kind,
                               fault.kind == "partition" ? ", `groups`, or `from` and `to`"
                               : link                    ? ", or `from` and `to`"
                                                         : ""));
  }
  if (ways > 1)
    reader.fail_at("target", "give one of `target`, `groups`, or `from` and `to`, not several");
  if (!fault.groups.empty() && fault.kind != "partition")
    reader.fail_at("groups", "only a partition has groups");
  if ((!fault.from.empty() || !fault.to.empty()) && !link) {
    reader.fail_at(fault.from.empty() ? "to" : "from",
                   "only partition and slow_link take `from` and `to`");
  }
  if ((fault.from.empty() != fault.to.empty()))
    reader.fail_at(fault.from.empty() ? "from" : "to", "`from` and `to` go together");
  if (fault.kind.starts_with("clock_")) {
    for (std::uint32_t i = 1; i <= scenario.workload.clients; ++i) {
      if (glob_matches(fault.target, fmt::format("c{}", i))) {
        reader.fail_at(
            "target",
            "clock faults apply to servers only: clients measure latency with their clocks");
      }
    }
  }
}

faults::FaultSpec read_fault(ObjectReader& reader, const Scenario& scenario) {
  faults::FaultSpec fault;
  fault.kind = reader.choice("kind", "", fault_kind_names());
  const faults::FaultKindInfo& kind = *faults::find_fault_kind(fault.kind);
  fault.at = reader.duration("at", {});
  if (fault.at >= scenario.duration) {
    reader.fail_at("at", fmt::format("the fault starts at or after the workload ends ({}); faults "
                                     "must start within `duration`",
                                     sim::format_duration(scenario.duration)));
  }
  if (kind.needs_duration) {
    if (!reader.has("duration"))
      reader.fail_at("duration", fmt::format("a {} fault needs a duration", kind.name));
    fault.duration = reader.duration("duration", {});
    if (fault.duration <= sim::Duration{0})
      reader.fail_at("duration", "expected a duration above 0");
  } else if (reader.has("duration")) {
    reader.fail_at("duration",
                   fmt::format("a {} happens at one instant and takes no duration; for a crash "
                               "followed by a restart use crash_restart",
                               kind.name));
  }
  fault.target = reader.string("target", "");
  if (!fault.target.empty())
    check_target(fault.target, scenario, reader.file(), reader.path_of("target"));
  fault.from = reader.string("from", "");
  fault.to = reader.string("to", "");
  if (!fault.from.empty())
    check_target(fault.from, scenario, reader.file(), reader.path_of("from"));
  if (!fault.to.empty()) check_target(fault.to, scenario, reader.file(), reader.path_of("to"));
  read_groups(reader, fault, scenario);
  for (const faults::FaultParameter& parameter : kind.parameters) {
    if (reader.has(parameter.name)) {
      fault.parameters[std::string(parameter.name)] =
          reader.number(parameter.name, parameter.default_value, parameter.min, parameter.max);
    }
  }
  check_where(reader, fault, scenario);
  reader.finish();
  return fault;
}

// A feature flag change: not a fault, but on the same timeline (faults/flag_schedule.h).
faults::FlagChange read_flag(ObjectReader& reader, const Scenario& scenario) {
  faults::FlagChange flag;
  flag.name = reader.string("name", "");
  if (flag.name.empty())
    reader.fail_at("name", "a flag needs a non-empty `name`, e.g. \"read_new\"");
  if (!reader.has("value")) {
    reader.fail_at("value",
                   "a flag needs a `value`: a number (a fraction from 0 to 1 for a ramp, 0 or 1 "
                   "for a switch)");
  }
  flag.value = reader.number("value", 0, -std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::max());
  flag.at = reader.duration("at", {});
  if (flag.at >= scenario.duration) {
    reader.fail_at("at", fmt::format("the flag changes at or after the workload ends ({}); flags "
                                     "must change within `duration`",
                                     sim::format_duration(scenario.duration)));
  }
  reader.finish();
  return flag;
}

}  // namespace

sim::Distribution read_cpu(ObjectReader& reader, std::string_view key) {
  const Json* cpu = reader.find(key);
  if (cpu == nullptr) return {};
  ObjectReader cpu_reader(*cpu, reader.file(), reader.path_of(key));
  sim::Distribution per_message = cpu_reader.distribution("per_message", {});
  cpu_reader.finish();
  return per_message;
}

std::vector<std::string> node_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (std::uint32_t i = 1; i <= scenario.cluster.nodes; ++i)
    names.push_back(fmt::format("n{}", i));
  for (std::uint32_t i = 1; i <= scenario.workload.clients; ++i)
    names.push_back(fmt::format("c{}", i));
  return names;
}

void read_workload(ObjectReader& reader, Scenario& scenario) {
  nodes::WorkloadOptions& workload = scenario.workload;
  workload.clients =
      static_cast<std::uint32_t>(reader.integer("clients", 1, 1, ScenarioLimits::clients_max));
  workload.mode = reader.choice("mode", "open", {"open", "closed"}) == "open"
                      ? nodes::LoadMode::open
                      : nodes::LoadMode::closed;
  workload.rate_per_second =
      reader.number("rate", workload.rate_per_second, 1e-3, ScenarioLimits::rate_max);
  read_rate_changes(reader, scenario);
  const double operations = open_loop_operations(scenario);
  if (workload.mode == nodes::LoadMode::open && operations > ScenarioLimits::operations_max) {
    reader.fail_at(workload.rate_changes.empty() ? "rate" : "rate_changes",
                   fmt::format("rate x duration asks for {:.3g} operations; at most {:.0e}",
                               operations, ScenarioLimits::operations_max));
  }
  workload.arrival = reader.choice("arrival", "poisson", {"poisson", "constant"}) == "poisson"
                         ? nodes::Arrival::poisson
                         : nodes::Arrival::constant;
  workload.concurrency = static_cast<std::uint32_t>(
      reader.integer("concurrency", 1, 1, ScenarioLimits::concurrency_max));
  if (workload.mode == nodes::LoadMode::closed &&
      std::uint64_t{workload.clients} * workload.concurrency > ScenarioLimits::in_flight_max) {
    reader.fail_at(
        "concurrency",
        fmt::format("{} clients x {} keep {} operations in flight; at most {}", workload.clients,
                    workload.concurrency, std::uint64_t{workload.clients} * workload.concurrency,
                    ScenarioLimits::in_flight_max));
  }
  workload.think = reader.duration("think", workload.think);
  read_mix(reader, scenario);
  read_keys(reader, scenario);
  workload.timeout = reader.duration("timeout", workload.timeout);
  if (workload.timeout <= sim::Duration{0}) reader.fail_at("timeout", "expected a timeout above 0");
  read_retry(reader, scenario);
  scenario.client_cpu_per_message = read_cpu(reader, "cpu");
  reader.finish();
}

void read_faults(const Json& value, const std::string& file, Scenario& scenario) {
  if (!value.is_array())
    fail(file, "faults", "expected an array of faults, found " + describe(value));
  std::vector<std::string> kinds = fault_kind_names();
  kinds.emplace_back(faults::flag_kind);
  for (std::size_t i = 0; i < value.size(); ++i) {
    ObjectReader reader(value[i], file, join("faults", i));
    if (reader.choice("kind", "", kinds) == faults::flag_kind) {
      scenario.flags.push_back(read_flag(reader, scenario));
    } else {
      scenario.faults.push_back(read_fault(reader, scenario));
    }
  }
}

void read_nemesis(ObjectReader& reader, Scenario& scenario) {
  faults::NemesisSpec nemesis;
  const Json* kinds = reader.find("kinds");
  if (kinds == nullptr || !kinds->is_array() || kinds->empty()) {
    reader.fail_at("kinds", "expected a non-empty array of fault kinds");
  }
  const std::vector<std::string> names = fault_kind_names();
  for (std::size_t i = 0; i < kinds->size(); ++i) {
    const Json& kind = (*kinds)[i];
    const std::string path = join(reader.path_of("kinds"), i);
    if (!kind.is_string())
      fail(reader.file(), path, "expected a fault kind, found " + describe(kind));
    const std::string name = kind.get<std::string>();
    if (faults::find_fault_kind(name) == nullptr) {
      const std::string guess = closest_match(name, names);
      fail(reader.file(), path,
           fmt::format("unknown fault kind \"{}\"{}", name,
                       guess.empty() ? "" : fmt::format("; did you mean \"{}\"?", guess)));
    }
    nemesis.kinds.push_back(name);
  }
  nemesis.every = reader.duration("every", std::chrono::seconds{10});
  const double planned = std::chrono::duration<double>(scenario.duration) /
                         std::chrono::duration<double>(std::max(nemesis.every, sim::Duration{1}));
  if (nemesis.every < std::chrono::milliseconds{1} ||
      planned > static_cast<double>(faults::nemesis_faults_max)) {
    reader.fail_at(
        "every",
        fmt::format("a fault every {} for {} plans about {:.0f} faults; at most "
                    "{} (and every >= 1ms): raise `every`",
                    sim::format_duration(nemesis.every), sim::format_duration(scenario.duration),
                    planned, faults::nemesis_faults_max));
  }
  nemesis.duration = reader.duration("duration", std::chrono::seconds{3});
  if (nemesis.duration <= sim::Duration{0})
    reader.fail_at("duration", "expected a duration above 0: a fault that never heals is a crash");
  if (nemesis.duration >= scenario.duration) {
    reader.fail_at("duration", fmt::format("each fault must heal within the workload ({}), so a "
                                           "duration of {} plans none",
                                           sim::format_duration(scenario.duration),
                                           sim::format_duration(nemesis.duration)));
  }
  nemesis.down_max = reader.choice("down_max", "minority", {"minority", "one"});
  reader.finish();
  scenario.nemesis = std::move(nemesis);
}

}  // namespace scar::tools
