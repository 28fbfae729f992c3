// The course: every scenario with a lesson block, in the order of the essay it teaches
// ("Notes on Distributed Systems for Young Bloods"), and the words scar prints about a
// lesson — `scar list lessons`, `scar explain NAME` and the point line after a run.
//
// A lesson's `section` is one of essay_sections(); lessons of one section follow in file
// name order. A lesson's name is its file's stem without the "lesson-" prefix.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/run_report.h"
#include "tools/scenario.h"

namespace scar::tools {

// The essay's sections about systems, in the essay's order: the course's order.
const std::vector<std::string_view>& essay_sections();
// The section's place in essay_sections(), or nothing for a title the essay lacks.
std::optional<std::size_t> section_index(std::string_view section);

struct CourseLesson {
  std::string name;  // "leader-gc-pause"
  Scenario scenario;
};

// The lessons in ./scenarios (or the source tree's), in learning order. A file that does
// not load is left out of the course (`scar list scenarios` shows why).
std::vector<CourseLesson> course();

// `scar list lessons`: one line each, numbered, with its section and command.
std::string describe_course();

struct LessonLookup {
  std::string file;                  // the lesson's scenario file, when found
  std::optional<Scenario> scenario;  // loaded, when found in the course
  std::string error;                 // otherwise why not, with the closest lesson name
};
// The lesson NAME: "leader-gc-pause", "lesson-leader-gc-pause" or a scenario file's path.
LessonLookup find_lesson(std::string_view name);

// `scar explain NAME`: the section, the question, what to look at, the commands for the
// bad and the good variant, then what happens and why.
// REQUIRES: scenario.lesson_block.
std::string explain_lesson(const Scenario& scenario);

// "the bad variant, as written" or "the good variant (the fix applied)".
std::string variant_line(const reports::LessonSummary& lesson);
// The lesson's point as measured: "stale_reads = 14, checks.linearizable = false".
// Empty when the lesson names no point.
std::string point_line(const reports::LessonSummary& lesson);

}  // namespace scar::tools
