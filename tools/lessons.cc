#include "tools/lessons.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <variant>

#include "reports/expectation.h"
#include "tools/describe.h"
#include "tools/input_error.h"
#include "tools/scenario_loader.h"

namespace scar::tools {
namespace {

constexpr std::string_view lesson_prefix = "lesson-";

std::string lesson_name(const std::filesystem::path& file) {
  std::string stem = file.stem().string();
  if (stem.starts_with(lesson_prefix)) stem.erase(0, lesson_prefix.size());
  return stem;
}

// The command that runs the lesson's bad variant, and the one that runs its good one.
std::string run_command(const Scenario& scenario, bool fixed) {
  std::string command = "scar run " + shell_quote(scenario.file);
  if (!fixed) return command;
  for (const std::string& assignment : scenario.lesson_block->fix)
    command += " --set " + shell_quote(assignment);
  return command;
}

}  // namespace

const std::vector<std::string_view>& essay_sections() {
  static const std::vector<std::string_view> sections = {
      "Distributed systems are different because they fail often",
      "Writing robust distributed systems costs more than writing robust single-machine "
      "systems",
      "Coordination is very hard, so avoid coordinating machines wherever possible",
      "If you can fit your problem in memory, it's probably trivial",
      "'It's slow' is the hardest problem you'll ever debug",
      "Implement backpressure throughout your system",
      "Find ways to be partially available",
      "Metrics are the only way to get your job done",
      "Use percentiles, not averages",
      "Learn to estimate your capacity",
      "Feature flags are how infrastructure is rolled out",
      "Choose id spaces wisely",
      "Exploit data-locality",
      "Writing cached data back to persistent storage is bad",
      "Computers can do more than you think they can",
      "Use the CAP theorem to critique systems",
      "Extract services",
  };
  return sections;
}

std::optional<std::size_t> section_index(std::string_view section) {
  const auto& sections = essay_sections();
  const auto found = std::find(sections.begin(), sections.end(), section);
  if (found == sections.end()) return std::nullopt;
  return static_cast<std::size_t>(found - sections.begin());
}

std::vector<CourseLesson> course() {
  std::vector<CourseLesson> lessons;
  for (const auto& file : scenario_files()) {
    LoadResult loaded = load_scenario(file.string());
    auto* scenario = std::get_if<Scenario>(&loaded);
    if (scenario == nullptr || !scenario->lesson_block) continue;
    lessons.push_back({lesson_name(file), std::move(*scenario)});
  }
  // The loader refuses a section the essay lacks, so every index is known.
  std::stable_sort(lessons.begin(), lessons.end(), [](const auto& left, const auto& right) {
    return section_index(left.scenario.lesson_block->section) <
           section_index(right.scenario.lesson_block->section);
  });
  return lessons;
}

std::string describe_course() {
  const std::vector<CourseLesson> lessons = course();
  if (lessons.empty())
    return fmt::format("no lessons found in {}\n", scenario_directory().string());
  std::string text;
  std::string_view section;
  std::size_t number = 0;
  for (const CourseLesson& lesson : lessons) {
    const Lesson& block = *lesson.scenario.lesson_block;
    if (block.section != section) {
      section = block.section;
      text += fmt::format("{}\"{}\"\n", text.empty() ? "" : "\n", section);
    }
    text += fmt::format("  {:>2}. {:<24} {}\n", ++number, lesson.name, lesson.scenario.description);
  }
  text += "\nscar explain NAME tells a lesson's story and how to run both of its variants.\n";
  return text;
}

LessonLookup find_lesson(std::string_view name) {
  const std::string wanted(name.ends_with(".json") ? lesson_name(std::filesystem::path(name))
                                                   : lesson_name(std::string(name) + ".json"));
  std::vector<std::string> names;
  for (CourseLesson& lesson : course()) {
    if (lesson.name == wanted) return {lesson.scenario.file, std::move(lesson.scenario), {}};
    names.push_back(lesson.name);
  }
  if (name.ends_with(".json") && std::filesystem::is_regular_file(std::string(name)))
    return {std::string(name), std::nullopt, {}};
  std::string error = fmt::format("no lesson named \"{}\"", name);
  if (const std::string guess = closest_match(wanted, names); !guess.empty())
    error += fmt::format("; did you mean \"{}\"?", guess);
  return {{}, std::nullopt, error + " (scar list lessons shows them all)"};
}

std::string explain_lesson(const Scenario& scenario) {
  const Lesson& lesson = *scenario.lesson_block;
  std::string text = fmt::format("{}\n  {}\n\n", scenario.name, scenario.description);
  text += fmt::format("The essay's section: \"{}\"\n\n", lesson.section);
  if (!lesson.question.empty()) text += fmt::format("Predict first: {}\n\n", lesson.question);
  text += fmt::format("Run it as written (the bad variant):\n  {}\n", run_command(scenario, false));
  if (!lesson.fix.empty())
    text +=
        fmt::format("Then with the fix (the good variant):\n  {}\n", run_command(scenario, true));
  if (!lesson.look_at.empty()) text += fmt::format("\nLook at: {}\n", lesson.look_at);
  if (!lesson.point.empty())
    text += fmt::format("The point, in numbers: {}\n", fmt::join(lesson.point, ", "));
  if (!lesson.explanation.empty())
    text +=
        fmt::format("\nWhat happens, and why (read it after running):\n  {}\n", lesson.explanation);
  return text;
}

std::string variant_line(const reports::LessonSummary& lesson) {
  if (lesson.fix.empty()) return "the lesson as written";
  if (lesson.fixed)
    return fmt::format("the good variant (--set {})", fmt::join(lesson.fix, " --set "));
  return fmt::format("the bad variant, as written (the fix: --set {})",
                     fmt::join(lesson.fix, " --set "));
}

std::string point_line(const reports::LessonSummary& lesson) {
  std::string text;
  for (const auto& [metric, value] : lesson.point)
    text += fmt::format("{}{} = {}", text.empty() ? "" : ", ", metric,
                        reports::metric_text(metric, value));
  return text;
}

}  // namespace scar::tools
