#include "tools/json_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <sstream>

namespace scar::tools {

std::vector<std::string> split_path(std::string path) {
  std::replace(path.begin(), path.end(), '[', '.');
  path.erase(std::remove(path.begin(), path.end(), ']'), path.end());
  std::vector<std::string> segments;
  std::stringstream stream(path);
  for (std::string segment; std::getline(stream, segment, '.');) segments.push_back(segment);
  return segments;
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return fmt::format("the boolean {}", value.get<bool>());
    case Json::value_t::string:
      return fmt::format("the string {}", value.dump());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return fmt::format("the number {}", value.dump());
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    default:
      return "an unsupported value";
  }
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string join(const std::string& path, std::size_t index) {
  return fmt::format("{}[{}]", path, index);
}

void fail(const std::string& file, const std::string& path, std::string message) {
  throw InputErrorException{InputError{file, path, std::move(message)}};
}

sim::Duration read_duration(const Json& value, const std::string& file, const std::string& path) {
  if (value.is_string()) {
    if (auto duration = sim::parse_duration(value.get<std::string>())) return *duration;
  }
  if (value.is_number() && value.get<double>() == 0) return sim::Duration{0};
  fail(file, path,
       fmt::format("expected a duration such as \"250us\", \"3ms\" or \"1.5s\" (units ns, us, "
                   "ms, s, m, h), found {}",
                   describe(value)));
}

namespace {

sim::Distribution read_empirical(ObjectReader& reader) {
  std::vector<sim::Distribution::Point> points;
  points.push_back({0, reader.duration("min", sim::Duration{0})});
  static constexpr std::pair<std::string_view, double> quantiles[] = {
      {"p10", 0.1}, {"p25", 0.25}, {"p50", 0.5},    {"p75", 0.75},
      {"p90", 0.9}, {"p99", 0.99}, {"p999", 0.999}, {"p9999", 0.9999}};
  for (const auto& [key, quantile] : quantiles) {
    if (reader.has(key)) points.push_back({quantile, reader.duration(key, {})});
  }
  if (!reader.has("max")) reader.fail_at("max", "an empirical distribution needs \"max\"");
  points.push_back({1, reader.duration("max", {})});
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i].value < points[i - 1].value) {
      reader.fail_at("", "empirical points must not decrease from min through p.. to max");
    }
  }
  return sim::Distribution::empirical(std::move(points));
}

sim::Distribution read_distribution_object(ObjectReader& reader) {
  static const std::vector<std::string> kinds = {"constant",  "uniform", "exponential", "normal",
                                                 "lognormal", "pareto",  "empirical"};
  const std::string kind = reader.choice("distribution", "", kinds);
  sim::Distribution result;
  if (kind == "constant") {
    result = sim::Distribution::constant(reader.duration("value", {}));
  } else if (kind == "uniform") {
    const auto min = reader.duration("min", {});
    const auto max = reader.duration("max", {});
    if (max < min) reader.fail_at("max", "expected max >= min");
    result = sim::Distribution::uniform(min, max);
  } else if (kind == "exponential") {
    result = sim::Distribution::exponential(reader.duration("mean", {}));
  } else if (kind == "normal") {
    result = sim::Distribution::normal(reader.duration("mean", {}), reader.duration("stddev", {}));
  } else if (kind == "lognormal" && reader.has("mu")) {
    result = sim::Distribution::lognormal(reader.number("mu", 0, -5, 41),
                                          reader.number("sigma", 1, 0, 10));
  } else if (kind == "lognormal") {
    const auto median = reader.duration("median", {});
    const auto p99 = reader.duration("p99", {});
    if (median.count() <= 0) reader.fail_at("median", "expected a median above 0");
    if (p99 < median) reader.fail_at("p99", "expected p99 >= median");
    result = sim::Distribution::lognormal_median_p99(median, p99);
  } else if (kind == "pareto") {
    result = sim::Distribution::pareto(reader.duration("scale", {}),
                                       reader.number("shape", 0, 0.01, 100));
  } else {
    result = read_empirical(reader);
  }
  reader.finish();
  return result;
}

}  // namespace

sim::Distribution read_distribution(const Json& value, const std::string& file,
                                    const std::string& path) {
  if (!value.is_object()) return sim::Distribution::constant(read_duration(value, file, path));
  ObjectReader reader(value, file, path);
  if (!reader.has("distribution")) {
    reader.fail_at("distribution",
                   "expected a duration or an object with \"distribution\": one of constant, "
                   "uniform, exponential, normal, lognormal, pareto, empirical");
  }
  return read_distribution_object(reader);
}

ObjectReader::ObjectReader(const Json& value, std::string file, std::string path)
    : object_(value), file_(std::move(file)), path_(std::move(path)) {
  if (!value.is_object()) {
    fail(file_, path_.empty() ? "(top level)" : path_,
         fmt::format("expected an object, found {}", describe(value)));
  }
}

const Json* ObjectReader::find(std::string_view key) {
  known_.emplace(key);
  auto found = object_.find(key);
  return found == object_.end() ? nullptr : &*found;
}

void ObjectReader::fail_at(std::string_view key, std::string message) const {
  fail(file_, key.empty() ? path_ : path_of(key), std::move(message));
}

std::string ObjectReader::string(std::string_view key, std::string fallback) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_string()) fail_at(key, "expected a string, found " + describe(*value));
  return value->get<std::string>();
}

double ObjectReader::number(std::string_view key, double fallback, double min, double max) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_number()) fail_at(key, "expected a number, found " + describe(*value));
  const double number = value->get<double>();
  if (!(number >= min && number <= max)) {
    fail_at(key, fmt::format("expected a number from {} to {}, found {}", min, max, value->dump()));
  }
  return number;
}

std::uint64_t ObjectReader::integer(std::string_view key, std::uint64_t fallback, std::uint64_t min,
                                    std::uint64_t max) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  const bool whole =
      value->is_number_unsigned() ||
      (value->is_number_integer() && value->get<std::int64_t>() >= 0) ||
      (value->is_number_float() && value->get<double>() >= 0 &&
       std::floor(value->get<double>()) == value->get<double>() && value->get<double>() < 1.8e19);
  const std::uint64_t number = whole ? value->get<std::uint64_t>() : 0;
  if (!whole || number < min || number > max) {
    fail_at(key, fmt::format("expected a whole number from {} to {}, found {}", min, max,
                             describe(*value)));
  }
  return number;
}

bool ObjectReader::boolean(std::string_view key, bool fallback) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) fail_at(key, "expected true or false, found " + describe(*value));
  return value->get<bool>();
}

sim::Duration ObjectReader::duration(std::string_view key, sim::Duration fallback) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  return read_duration(*value, file_, path_of(key));
}

sim::Distribution ObjectReader::distribution(std::string_view key, sim::Distribution fallback) {
  const Json* value = find(key);
  if (value == nullptr) return fallback;
  return read_distribution(*value, file_, path_of(key));
}

std::string ObjectReader::choice(std::string_view key, std::string fallback,
                                 const std::vector<std::string>& choices) {
  const Json* value = find(key);
  if (value == nullptr && !fallback.empty()) return fallback;
  const std::string list = fmt::format("{}", fmt::join(choices, ", "));
  if (value == nullptr) fail_at(key, fmt::format("missing; expected one of {}", list));
  if (value->is_string()) {
    const std::string text = value->get<std::string>();
    if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
    const std::string guess = closest_match(text, choices);
    fail_at(key, fmt::format("expected one of {}, found \"{}\"{}", list, text,
                             guess.empty() ? "" : fmt::format("; did you mean \"{}\"?", guess)));
  }
  fail_at(key, fmt::format("expected one of {}, found {}", list, describe(*value)));
}

void ObjectReader::finish() const {
  const std::vector<std::string> known(known_.begin(), known_.end());
  for (const auto& [key, value] : object_.items()) {
    if (known_.contains(key)) continue;
    const std::string guess = closest_match(key, known);
    fail(file_, path_of(key),
         fmt::format("unknown key \"{}\"{}; expected one of: {}", key,
                     guess.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", guess),
                     fmt::join(known, ", ")));
  }
}

}  // namespace scar::tools
