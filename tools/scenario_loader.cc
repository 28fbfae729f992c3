#include "tools/scenario_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "tools/json_reader.h"
#include "tools/lessons.h"
#include "tools/scenario_readers.h"
#include "tools/text_file.h"

namespace scar::tools {
namespace {

// The offset of the first byte that is not part of valid UTF-8, if any.
std::optional<std::size_t> invalid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80           ? 1
                               : (byte >> 5) == 0x6  ? 2
                               : (byte >> 4) == 0xe  ? 3
                               : (byte >> 3) == 0x1e ? 4
                                                     : 0;
    if (length == 0 || i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return i;
    i += length;
  }
  return std::nullopt;
}

// Text a report will carry (file names, --set values, the file itself) must be UTF-8: the
// JSON report could not be written otherwise, after the whole run.
void require_text(std::string_view text, const std::string& file, const std::string& what) {
  if (const auto at = invalid_utf8(text)) {
    fail(file, "", fmt::format("{} is not valid UTF-8 (byte {} of it)", what, *at + 1));
  }
  if (const auto nul = text.find('\0'); nul != std::string_view::npos)
    fail(file, "", fmt::format("{} holds a NUL byte (byte {}): not a text file", what, nul + 1));
}

// Refuses a key given twice in one object: JSON parsers keep the last silently, and a
// scenario whose second "rate" overrides its first is a mistake.
class DuplicateKeys {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        keys_.emplace_back();
        break;
      case Json::parse_event_t::object_end:
        keys_.pop_back();
        break;
      case Json::parse_event_t::key: {
        const std::string key = parsed.get<std::string>();
        if (!keys_.back().insert(key).second) duplicate_ = key;
        break;
      }
      default:
        break;
    }
    return true;
  }
  const std::string& duplicate() const { return duplicate_; }

 private:
  std::vector<std::set<std::string>> keys_;
  std::string duplicate_;
};

Json parse_json(std::string_view text, const std::string& file) {
  require_text(text, file, "the file");
  try {
    DuplicateKeys duplicates;
    Json json = Json::parse(
        text,
        [&duplicates](int depth, Json::parse_event_t event, Json& parsed) {
          return duplicates(depth, event, parsed);
        },
        /*allow_exceptions=*/true, /*ignore_comments=*/true);
    if (!duplicates.duplicate().empty()) {
      fail(file, "",
           fmt::format("the key \"{}\" appears twice in one object; give it once",
                       duplicates.duplicate()));
    }
    return json;
  } catch (const Json::parse_error& error) {
    std::string message = error.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: ..." -> the part after "]
    // "
    if (auto bracket = message.find("] "); bracket != std::string::npos)
      message.erase(0, bracket + 2);
    fail(file, "", "not valid JSON: " + message);
  }
}

void apply_override(Json& root, const std::string& assignment) {
  const std::size_t equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    fail("--set", assignment, "expected PATH=VALUE, e.g. workload.rate=2000 or duration=30s");
  }
  require_text(assignment, "--set", fmt::format("--set {}", assignment));
  const std::string path = assignment.substr(0, equals);
  const std::string text = assignment.substr(equals + 1);
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;
  Json* node = &root;
  std::string walked;
  for (const std::string& segment : split_path(path)) {
    if (segment.empty()) fail("--set", path, "empty segment in the path");
    const bool numeric = std::all_of(segment.begin(), segment.end(), ::isdigit);
    if (numeric && node->is_null()) {
      fail("--set", path,
           fmt::format("the scenario has no {}; set the whole list, e.g. --set '{}=[...]'", walked,
                       walked));
    }
    if (node->is_array()) {
      // At most 9 digits: no list is that long, and stoul would throw past 2^64.
      const std::size_t index = numeric && segment.size() <= 9 ? std::stoul(segment) : node->size();
      if (index >= node->size()) {
        fail("--set", path,
             fmt::format("{} has {} elements; expected an index below that, found \"{}\"", walked,
                         node->size(), segment));
      }
      node = &(*node)[index];
      walked = join(walked, index);
      continue;
    }
    if (node->is_null()) *node = Json::object();
    if (!node->is_object()) {
      fail("--set", path, fmt::format("{} is {}, not an object", walked, describe(*node)));
    }
    node = &(*node)[segment];
    walked = join(walked, std::string_view(segment));
  }
  *node = std::move(value);
}

std::string file_stem(const std::string& file) {
  return std::filesystem::path(file).stem().string();
}

void read_placement(ObjectReader& cluster, Scenario& scenario) {
  const Json* placement = cluster.find("placement");
  if (placement == nullptr) return;
  ObjectReader reader(*placement, cluster.file(), cluster.path_of("placement"));
  for (std::uint32_t i = 1; i <= scenario.cluster.nodes; ++i) {
    const std::string name = fmt::format("n{}", i);
    const std::string where = reader.string(name, "");
    if (where.empty()) continue;
    const std::size_t slash = where.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == where.size() ||
        where.find('/', slash + 1) != std::string::npos) {
      reader.fail_at(name,
                     fmt::format("expected \"zone/rack\" such as \"z1/r2\", found \"{}\"", where));
    }
    scenario.cluster.placement[name] = {where.substr(0, slash), where.substr(slash + 1)};
  }
  reader.finish();
}

void read_protocol_options(ObjectReader& cluster, Scenario& scenario) {
  const nodes::Protocol& protocol = *scenario.cluster.protocol;
  const Json empty = Json::object();
  const Json* options = cluster.find("options");
  ObjectReader reader(options != nullptr ? *options : empty, cluster.file(),
                      cluster.path_of("options"));
  const nodes::ProtocolOptions defaults = nodes::ProtocolOptions::defaults(protocol.options);
  for (const nodes::OptionSpec& spec : protocol.options) {
    nodes::OptionValue value;
    switch (spec.type) {
      case nodes::OptionType::boolean:
        value = reader.boolean(spec.name, defaults.boolean(spec.name));
        break;
      case nodes::OptionType::number:
        value = reader.number(spec.name, defaults.number(spec.name), -1e18, 1e18);
        break;
      case nodes::OptionType::duration:
        value = reader.duration(spec.name, defaults.duration(spec.name));
        break;
      case nodes::OptionType::choice:
        value = reader.choice(spec.name, spec.default_value, spec.choices);
        break;
    }
    scenario.cluster.options.set(spec.name, std::move(value));
  }
  if (protocol.option_problem) {
    if (auto problem = protocol.option_problem(scenario.cluster.options, scenario.cluster.nodes))
      reader.fail_at(problem->option, problem->problem);
  }
  reader.finish();
}

void read_cluster(ObjectReader& root, Scenario& scenario) {
  const Json empty = Json::object();
  const Json* value = root.find("cluster");
  ObjectReader reader(value != nullptr ? *value : empty, root.file(), "cluster");
  std::vector<std::string> names;
  for (const nodes::Protocol& protocol : nodes::all_protocols()) names.emplace_back(protocol.name);
  scenario.cluster.protocol = nodes::find_protocol(reader.choice("protocol", "kv", names));
  const nodes::Protocol& protocol = *scenario.cluster.protocol;
  scenario.cluster.nodes = static_cast<std::uint32_t>(reader.integer(
      "nodes", std::clamp<std::uint32_t>(3, protocol.nodes_min, protocol.nodes_max),
      protocol.nodes_min, std::min<std::uint64_t>(protocol.nodes_max, ScenarioLimits::nodes_max)));
  read_placement(reader, scenario);
  scenario.cluster.cpu_per_message = read_cpu(reader, "cpu");
  scenario.cluster.inbox_max =
      static_cast<std::uint32_t>(reader.integer("inbox_max", 100'000, 1, 10'000'000));
  read_protocol_options(reader, scenario);
  reader.finish();
}

void read_network(ObjectReader& root, Scenario& scenario) {
  const Json* value = root.find("network");
  if (value == nullptr) return;
  ObjectReader reader(*value, root.file(), "network");
  sim::NetworkOptions& network = scenario.network;
  network.latency = reader.distribution("latency", network.latency);
  if (reader.has("cross_rack")) network.cross_rack_latency = reader.distribution("cross_rack", {});
  if (reader.has("cross_zone")) network.cross_zone_latency = reader.distribution("cross_zone", {});
  reader.find("cross_rack");
  reader.find("cross_zone");
  network.loss_probability = reader.number("loss", 0, 0, 1);
  network.duplicate_probability = reader.number("duplicate", 0, 0, 1);
  network.fifo = reader.boolean("fifo", true);
  reader.finish();
}

void read_disk(ObjectReader& root, Scenario& scenario) {
  const Json* value = root.find("disk");
  if (value == nullptr) return;
  ObjectReader reader(*value, root.file(), "disk");
  sim::DiskOptions& disk = scenario.disk;
  disk.write = reader.distribution("write", disk.write);
  disk.fsync = reader.distribution("fsync", disk.fsync);
  disk.read = reader.distribution("read", disk.read);
  disk.queue_depth = static_cast<std::uint32_t>(reader.integer("queue_depth", 32, 1, 1'000'000));
  reader.finish();
}

// A metric that only a check measures needs that check in the scenario: what is missing.
std::optional<std::string> missing_check(const Scenario& scenario, std::string_view metric) {
  const std::string_view check = reports::check_measuring(metric);
  if (check.empty() ||
      std::find(scenario.checks.begin(), scenario.checks.end(), check) != scenario.checks.end())
    return std::nullopt;
  return fmt::format("{} needs the check in the scenario: \"checks\": [\"{}\"]", metric, check);
}

void read_expectations(ObjectReader& root, Scenario& scenario) {
  const Json* value = root.find("expect");
  if (value == nullptr) return;
  if (!value->is_array())
    root.fail_at("expect", "expected an array of strings, found " + describe(*value));
  const std::vector<std::string> operations = scenario.operation_names();
  const std::vector<std::string> counters = scenario.counter_names();
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& line = (*value)[i];
    const std::string path = join("expect", i);
    if (!line.is_string())
      fail(root.file(), path,
           "expected a string such as \"get.latency.p99 < 50ms\", found " + describe(line));
    auto parsed = reports::parse_expectation(line.get<std::string>(), operations, counters);
    if (auto* problem = std::get_if<std::string>(&parsed)) {
      std::string message = *problem;
      if (message.starts_with("unknown metric")) {
        const std::string metric =
            line.get<std::string>().substr(0, line.get<std::string>().find_first_of("<>=!"));
        const std::string guess =
            closest_match(std::string(metric.substr(0, metric.find_last_not_of(' ') + 1)),
                          reports::metric_names(operations, counters));
        if (!guess.empty()) message += fmt::format("; did you mean \"{}\"?", guess);
      }
      fail(root.file(), path, message);
    }
    const auto& expectation = std::get<reports::Expectation>(parsed);
    if (const auto problem = missing_check(scenario, expectation.metric))
      fail(root.file(), path, *problem);
    scenario.expect.push_back(std::get<reports::Expectation>(std::move(parsed)));
  }
}

Scenario read_scenario(const Json& json, const std::string& file);

// Each metric of lesson.point names something a report has. Unlike an expectation, a point
// may name a check the run lacks (--set checks=[] on a lesson): it shows "none".
void check_lesson_point(const std::string& file, const Scenario& scenario) {
  if (!scenario.lesson_block) return;
  const std::vector<std::string> metrics =
      reports::metric_names(scenario.operation_names(), scenario.counter_names());
  const std::vector<std::string>& point = scenario.lesson_block->point;
  for (std::size_t i = 0; i < point.size(); ++i) {
    const std::string& metric = point[i];
    if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end()) {
      std::string message = fmt::format("unknown metric \"{}\"", metric);
      if (const std::string guess = closest_match(metric, metrics); !guess.empty())
        message += fmt::format("; did you mean \"{}\"?", guess);
      fail(file, join("lesson.point", i), message);
    }
  }
}

// "lesson": a string (what to look at) or the lesson block. Each fix assignment must apply
// to the file and leave a valid scenario.
void read_lesson(ObjectReader& root, Scenario& scenario, const Json& json) {
  const Json* value = root.find("lesson");
  if (value == nullptr) return;
  if (value->is_string()) {
    scenario.lesson = value->get<std::string>();
    return;
  }
  ObjectReader reader(*value, root.file(), "lesson");
  Lesson lesson;
  lesson.section = reader.string("section", "");
  if (!section_index(lesson.section)) {
    std::vector<std::string> sections(essay_sections().begin(), essay_sections().end());
    std::string message = fmt::format(
        "expected the title of a section of \"Notes on Distributed Systems for Young Bloods\", "
        "found \"{}\"",
        lesson.section);
    if (const std::string guess = closest_match(lesson.section, sections); !guess.empty())
      message += fmt::format("; did you mean \"{}\"?", guess);
    reader.fail_at("section", message);
  }
  lesson.question = reader.string("question", "");
  lesson.look_at = reader.string("look_at", "");
  lesson.explanation = reader.string("explanation", "");
  if (const Json* fix = reader.find("fix")) {
    if (!fix->is_array() || fix->empty())
      reader.fail_at("fix", "expected a non-empty array of PATH=VALUE assignments");
    for (std::size_t i = 0; i < fix->size(); ++i) {
      const Json& assignment = (*fix)[i];
      const std::string path = join("lesson.fix", i);
      if (!assignment.is_string())
        fail(root.file(), path, "expected a PATH=VALUE string, found " + describe(assignment));
      lesson.fix.push_back(assignment.get<std::string>());
    }
  }
  if (const Json* point = reader.find("point")) {
    if (!point->is_array())
      reader.fail_at("point", "expected an array of metric names such as [\"stale_reads\"]");
    for (std::size_t i = 0; i < point->size(); ++i) {
      if (!(*point)[i].is_string())
        fail(root.file(), join("lesson.point", i),
             "expected a metric name such as \"put.latency.p99\", found " + describe((*point)[i]));
      lesson.point.push_back((*point)[i].get<std::string>());
    }
  }
  reader.finish();
  if (!lesson.fix.empty() && json.contains("lesson")) {
    // The good variant must load too: apply the fix to a copy without its lesson block.
    Json fixed = json;
    fixed.erase("lesson");
    for (const std::string& assignment : lesson.fix) apply_override(fixed, assignment);
    read_scenario(fixed, root.file() + " (with lesson.fix applied)");
  }
  scenario.lesson = lesson.look_at;
  scenario.lesson_block = std::move(lesson);
}

// "checks": ["linearizable"]: history checks run after the run.
void read_checks(ObjectReader& root, Scenario& scenario) {
  const Json* value = root.find("checks");
  if (value == nullptr) return;
  if (!value->is_array()) root.fail_at("checks", "expected an array such as [\"linearizable\"]");
  static const std::vector<std::string> known = {"linearizable", "stale_reads", "lost_writes",
                                                 "converged", "counter"};
  const auto& mix = scenario.workload.mix;
  const bool adds = std::any_of(mix.begin(), mix.end(), [](const nodes::MixEntry& entry) {
    return entry.kind == nodes::OperationKind::add;
  });
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& name = (*value)[i];
    const std::string path = join("checks", i);
    if (!name.is_string() ||
        std::find(known.begin(), known.end(), name.get<std::string>()) == known.end()) {
      fail(root.file(), path,
           fmt::format("expected a check, one of: {}; found {}", fmt::join(known, ", "),
                       name.dump()));
    }
    if (adds && (name == "linearizable" || name == "stale_reads" || name == "lost_writes")) {
      fail(root.file(), path,
           fmt::format("{} checks registers (get, put, cas), and this workload's mix has add, "
                       "which makes every key a counter: use the counter check instead "
                       "(\"checks\": [\"counter\"])",
                       name.get<std::string>()));
    }
    if (!adds && name == "counter") {
      fail(root.file(), path,
           "counter checks counters, and this workload's mix has no add: add one "
           "(\"mix\": {\"add\": 0.8, \"get\": 0.2})");
    }
    if (name.get<std::string>() == "converged" && !scenario.cluster.protocol->replicated) {
      fail(root.file(), path,
           fmt::format("converged compares replicas, and {} keeps one copy of each key",
                       scenario.cluster.protocol->name));
    }
    if (std::find(scenario.checks.begin(), scenario.checks.end(), name.get<std::string>()) ==
        scenario.checks.end())
      scenario.checks.push_back(name.get<std::string>());
  }
}

Scenario read_scenario(const Json& json, const std::string& file) {
  Scenario scenario;
  scenario.file = file;
  ObjectReader root(json, file, "");
  scenario.name = root.string("name", file_stem(file));
  scenario.description = root.string("description", "");
  read_lesson(root, scenario, json);
  scenario.seed = root.integer("seed", 1, 0, UINT64_MAX);
  scenario.duration = root.duration("duration", scenario.duration);
  if (scenario.duration <= sim::Duration{0} || scenario.duration > std::chrono::hours{24}) {
    root.fail_at("duration", "expected a duration above 0 and at most 24h");
  }
  scenario.drain = root.duration("drain", scenario.drain);
  if (scenario.drain > std::chrono::hours{1}) root.fail_at("drain", "expected at most 1h");
  read_cluster(root, scenario);
  read_network(root, scenario);
  read_disk(root, scenario);
  const Json empty = Json::object();
  const Json* workload = root.find("workload");
  ObjectReader workload_reader(workload != nullptr ? *workload : empty, file, "workload");
  read_workload(workload_reader, scenario);
  if (const Json* faults = root.find("faults")) read_faults(*faults, file, scenario);
  if (const Json* nemesis = root.find("nemesis")) {
    ObjectReader reader(*nemesis, file, "nemesis");
    read_nemesis(reader, scenario);
  }
  read_checks(root, scenario);
  read_expectations(root, scenario);
  check_lesson_point(file, scenario);
  if (const Json* report = root.find("report")) {
    ObjectReader reader(*report, file, "report");
    scenario.report_mean = reader.boolean("mean", false);
    reader.finish();
  }
  if (const Json* limits = root.find("limits")) {
    ObjectReader reader(*limits, file, "limits");
    scenario.limits.events_max =
        reader.integer("events_max", scenario.limits.events_max, 1, 1'000'000'000'000);
    const sim::Duration check_time = reader.duration("check_time", scenario.limits.check_time);
    if (check_time < std::chrono::milliseconds{1} || check_time > std::chrono::hours{24})
      reader.fail_at("check_time", "expected a duration from 1ms to 24h");
    scenario.limits.check_time = std::chrono::duration_cast<std::chrono::milliseconds>(check_time);
    reader.finish();
  }
  root.finish();
  return scenario;
}

}  // namespace

LoadResult parse_scenario(std::string_view text, const std::string& file,
                          const std::vector<std::string>& overrides) {
  try {
    Json json = parse_json(text, file);
    if (!json.is_object())
      fail(file, "", "expected a JSON object at the top level, found " + describe(json));
    for (const std::string& assignment : overrides) apply_override(json, assignment);
    require_text(file, file, "the file name");
    Scenario scenario = read_scenario(json, file);
    scenario.overrides = overrides;
    return scenario;
  } catch (const InputErrorException& error) {
    return error.error;
  }
}

LoadResult load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  const auto text = read_text_file(path);
  if (!text.ok()) {
    const bool missing = !std::filesystem::exists(path);
    return InputError{path, "", text.error + (missing ? " (try `scar list scenarios`)" : "")};
  }
  return parse_scenario(text.text, path, overrides);
}

std::vector<std::string> Lesson::missing_from(const std::vector<std::string>& overrides) const {
  std::vector<std::string> missing;
  for (const std::string& assignment : fix) {
    if (std::find(overrides.begin(), overrides.end(), assignment) == overrides.end())
      missing.push_back(assignment);
  }
  return missing;
}

std::vector<std::string> Scenario::counter_names() const {
  std::vector<std::string> names;
  for (const nodes::MetricSpec& metric : cluster.protocol->metrics) names.emplace_back(metric.name);
  return names;
}

std::vector<std::string> Scenario::operation_names() const {
  std::vector<std::string> names;
  for (nodes::OperationKind kind : cluster.protocol->operations)
    names.emplace_back(nodes::name_of(kind));
  return names;
}

}  // namespace scar::tools
