#include "tools/scenario_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "tools/json_reader.h"
#include "tools/text_file.h"

namespace scar::tools {
namespace {

using Document = nlohmann::ordered_json;

// REQUIRES: the loader accepted `assignment` for this document (so its path is valid).
void apply_assignment(Document& document, const std::string& assignment) {
  const std::size_t equals = assignment.find('=');
  const std::string text = assignment.substr(equals + 1);
  Document value = Document::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;
  Document* node = &document;
  for (const std::string& segment : split_path(assignment.substr(0, equals))) {
    node = node->is_array() ? &(*node)[std::stoul(segment)] : &(*node)[segment];
  }
  *node = std::move(value);
}

Document fault_document(const faults::FaultSpec& fault) {
  Document document = Document::object();
  document["kind"] = fault.kind;
  document["at"] = duration_text(fault.at);
  if (fault.duration) document["duration"] = duration_text(*fault.duration);
  if (!fault.target.empty()) document["target"] = fault.target;
  if (!fault.groups.empty()) document["groups"] = fault.groups;
  if (!fault.from.empty()) document["from"] = fault.from;
  if (!fault.to.empty()) document["to"] = fault.to;
  for (const auto& [name, value] : fault.parameters) document[name] = value;
  return document;
}

Document number_document(double value) {
  if (value == std::floor(value) && value >= 0 && value < 1e15)
    return static_cast<std::uint64_t>(value);
  return value;
}

}  // namespace

ScenarioValues values_of(const Scenario& scenario) {
  ScenarioValues values;
  values.faults = scenario.faults;
  values.flags = scenario.flags;
  values.duration = scenario.duration;
  values.nodes = scenario.cluster.nodes;
  values.clients = scenario.workload.clients;
  if (scenario.workload.mode == nodes::LoadMode::open)
    values.rate = scenario.workload.rate_per_second;
  return values;
}

std::variant<std::string, InputError> scenario_base(const std::string& file,
                                                    const std::vector<std::string>& overrides,
                                                    std::uint64_t seed) {
  const FileText read = read_text_file(file);
  if (!read.ok()) return InputError{file, "", read.error};
  Document document = Document::parse(read.text, nullptr, /*allow_exceptions=*/false,
                                      /*ignore_comments=*/true);
  if (!document.is_object()) return InputError{file, "", "not a JSON object"};
  for (const std::string& assignment : overrides) apply_assignment(document, assignment);
  document.erase("lesson");
  document.erase("nemesis");
  document["seed"] = seed;
  return document.dump(2);
}

std::string write_scenario(const std::string& base, const ScenarioValues& values) {
  Document document = Document::parse(base);
  document["duration"] = duration_text(values.duration);
  Document& cluster = document["cluster"];
  cluster["nodes"] = values.nodes;
  if (cluster.contains("placement")) {
    const Document placement = cluster["placement"];
    for (const auto& [name, place] : placement.items()) {
      if (std::stoul(name.substr(1)) > values.nodes) cluster["placement"].erase(name);
    }
  }
  Document& workload = document["workload"];
  workload["clients"] = values.clients;
  if (values.rate) workload["rate"] = number_document(*values.rate);
  document["faults"] = Document::array();
  for (const faults::FaultSpec& fault : values.faults)
    document["faults"].push_back(fault_document(fault));
  for (const faults::FlagChange& flag : values.flags) {
    if (flag.at >= values.duration) continue;  // the loader refuses it past the end
    document["faults"].push_back({{"kind", std::string(faults::flag_kind)},
                                  {"at", duration_text(flag.at)},
                                  {"name", flag.name},
                                  {"value", flag.value}});
  }
  return document.dump(2) + "\n";
}

std::string duration_text(sim::Duration duration) {
  static constexpr std::pair<std::int64_t, const char*> units[] = {
      {1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}};
  const std::int64_t ns = duration.count();
  for (const auto& [size, unit] : units) {
    if (ns % size == 0) return fmt::format("{}{}", ns / size, unit);
  }
  return fmt::format("{}ns", ns);
}

}  // namespace scar::tools
