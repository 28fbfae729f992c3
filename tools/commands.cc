#include "tools/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <variant>

#include "reports/checkers/history_edn.h"
#include "reports/checkers/history_json.h"
#include "reports/compare.h"
#include "reports/html_report.h"
#include "reports/message_diagram.h"
#include "reports/perfetto_trace.h"
#include "reports/report_json.h"
#include "reports/report_text.h"
#include "sim/assert.h"
#include "tools/describe.h"
#include "tools/lessons.h"
#include "tools/observer_fan_out.h"
#include "tools/progress_line.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"
#include "tools/scenario_readers.h"
#include "tools/text_file.h"
#include "tools/trace_file.h"

namespace scar::tools {
namespace {

std::optional<Scenario> load_or_report(const std::string& file,
                                       const std::vector<std::string>& overrides) {
  LoadResult loaded = load_scenario(file, overrides);
  if (auto* error = std::get_if<InputError>(&loaded)) {
    fmt::print(stderr, "scar: {}\n", error->to_string());
    return std::nullopt;
  }
  return std::get<Scenario>(std::move(loaded));
}

// "10s..10.5s" -> the two times.
std::optional<std::pair<sim::Time, sim::Time>> parse_window(const std::string& text) {
  const std::size_t dots = text.find("..");
  if (dots == std::string::npos) return std::nullopt;
  const auto from = sim::parse_duration(text.substr(0, dots));
  const auto to = sim::parse_duration(text.substr(dots + 2));
  if (!from || !to || *to <= *from) return std::nullopt;
  return std::pair{sim::at(*from), sim::at(*to)};
}

// Runs twice and compares: what --check-determinism does for users.
int check_determinism(const Scenario& scenario, const reports::RunReport& first,
                      sim::Duration window) {
  const reports::RunReport second = run_scenario(scenario, {.window = window});
  const std::string first_json = reports::to_json(first, reports::WallClock::omit);
  const std::string second_json = reports::to_json(second, reports::WallClock::omit);
  if (first.trace_hash == second.trace_hash && first_json == second_json) {
    fmt::print(
        "determinism: two runs gave the same trace hash {:016x} and byte-identical reports\n",
        first.trace_hash);
    return exit_ok;
  }
  fmt::print(stderr,
             "scar: internal error: two runs of the same scenario and seed differ "
             "(trace hash {:016x} vs {:016x}); please report it with:\n  {}\n",
             first.trace_hash, second.trace_hash, replay_command(scenario));
  return exit_internal;
}

int outcome_code(const Scenario& scenario, const reports::RunReport& report) {
  if (report.invariant) {
    fmt::print(stderr,
               "scar: the invariant \"{}\" broke at {} (seed {}): {}\n  replay: {}\n"
               "  the events before it: add --trace FILE; the run stops at the violation, so the "
               "trace ends with the events that led to it\n",
               report.invariant->name, sim::format_trace_time(report.invariant->time),
               scenario.seed, report.invariant->detail, replay_command(scenario));
    return exit_failed;
  }
  if (report.end == "events_max") {
    fmt::print(stderr,
               "scar: the run hit limits.events_max ({}) before its end: a livelock, or "
               "raise the limit.\n  replay: {}\n",
               scenario.limits.events_max, replay_command(scenario));
    return exit_limit;
  }
  for (const reports::CheckSummary& check : report.checks) {
    if (check.verdict != reports::CheckVerdict::unknown) continue;
    fmt::print(stderr,
               "scar: the {} check ran out of its budget (limits.check_time {}): no verdict.\n"
               "  replay: {}\n",
               check.name, sim::format_duration(scenario.limits.check_time),
               replay_command(scenario));
    return exit_limit;
  }
  const bool checks_failed = !report.checks_passed();
  if (!checks_failed && report.expectations_held()) return exit_ok;
  const bool live = report.runtime == "live";
  fmt::print(stderr, "scar: {} failed{}.\n  {}: {}\n", checks_failed ? "a check" : "an expectation",
             live ? " in the live run" : fmt::format(" (seed {})", scenario.seed),
             live ? "not replayable; simulate it" : "replay", replay_command(scenario));
  if (scenario.lesson_block && !scenario.lesson_block->fix.empty() &&
      !scenario.lesson_block->fixed_by(scenario.overrides)) {
    std::string fixed = fixed_command(scenario);
    if (const auto run = fixed.find(" run "); live && run != std::string::npos)
      fixed.replace(run, 5, " live ");
    fmt::print(stderr, "  the lesson's fix: {}\n", fixed);
  }
  return exit_failed;
}

}  // namespace

namespace {

// After a lesson's run: which variant ran, the numbers that show the point, and the story.
void print_lesson_outcome(const reports::LessonSummary& lesson) {
  fmt::print("\nlesson: {}\n", variant_line(lesson));
  if (const std::string point = point_line(lesson); !point.empty())
    fmt::print("the point: {}\n", point);
  if (!lesson.explanation.empty()) fmt::print("what happened: {}\n", lesson.explanation);
}

// What a run writes besides its table: trace file, Perfetto trace, message diagram. Built
// in place: the fan-out points at the members.
struct RunOutputs {
  std::optional<TraceFile> trace;
  std::optional<reports::checkers::History> history;
  std::optional<reports::PerfettoTrace> perfetto;
  std::optional<reports::MessageDiagram> diagram;
  ObserverFanOut observers;
};

// Opens what the arguments ask for; an exit code when they ask for something impossible.
// Every output path can be written, and no two are the same file (nor the scenario): checked
// before the run, not after it.
std::optional<int> check_outputs(const RunArguments& arguments, const Scenario& scenario) {
  const std::pair<const char*, const std::string*> outputs[] = {
      {"--json", &arguments.json_path},         {"--html", &arguments.html_path},
      {"--perfetto", &arguments.perfetto_path}, {"--trace", &arguments.trace_path},
      {"--history", &arguments.history_path},   {"--history-edn", &arguments.history_edn_path}};
  for (std::size_t i = 0; i < std::size(outputs); ++i) {
    const auto& [option, path] = outputs[i];
    if (path->empty()) continue;
    std::string problem = check_output_path(*path, scenario.file);
    for (std::size_t j = 0; j < i && problem.empty(); ++j) {
      if (*outputs[j].second == *path) problem = fmt::format("{} writes it too", outputs[j].first);
    }
    if (problem.empty()) continue;
    fmt::print(stderr, "scar: {} {}: {}\n", option, *path, problem);
    return exit_bad_input;
  }
  return std::nullopt;
}

std::optional<int> open_outputs(const RunArguments& arguments, const Scenario& scenario,
                                RunOutputs& outputs) {
  if (auto code = check_outputs(arguments, scenario)) return code;
  const std::vector<std::string> names = node_names(scenario);
  if (!arguments.diagram.empty()) {
    const auto window = parse_window(arguments.diagram);
    if (!window) {
      fmt::print(stderr, "scar: --diagram: expected FROM..TO such as 10s..10.5s, found \"{}\"\n",
                 arguments.diagram);
      return exit_bad_input;
    }
    if (arguments.html_path.empty()) {
      fmt::print(stderr, "scar: --diagram draws into the HTML report: add --html FILE\n");
      return exit_bad_input;
    }
    const sim::Duration run_length = scenario.duration + scenario.drain;
    if (window->first >= sim::at(run_length)) {
      fmt::print(stderr, "scar: --diagram {}: the run ends at {}; choose a window before it\n",
                 arguments.diagram, sim::format_duration(run_length));
      return exit_bad_input;
    }
    outputs.diagram.emplace(names, window->first, window->second);
    outputs.observers.add(&*outputs.diagram);
  }
  if (!arguments.history_path.empty() || !arguments.history_edn_path.empty()) {
    // A history is of registers; counters' gets read sums no write wrote.
    const auto& mix = scenario.workload.mix;
    if (std::any_of(mix.begin(), mix.end(), [](const nodes::MixEntry& entry) {
          return entry.kind == nodes::OperationKind::add;
        })) {
      fmt::print(stderr,
                 "scar: --history records registers (get, put, cas), and this workload's mix has "
                 "add; its counters are checked with \"checks\": [\"counter\"]\n");
      return exit_bad_input;
    }
    outputs.history.emplace();
  }
  if (!arguments.perfetto_path.empty()) {
    outputs.perfetto.emplace(names, scenario.cluster.nodes);
    outputs.observers.add(&*outputs.perfetto);
  }
  if (!arguments.trace_path.empty()) {
    outputs.trace.emplace(arguments.trace_path, arguments.trace_max);
    if (!outputs.trace->open_error().empty()) {
      fmt::print(stderr, "scar: cannot write the trace file {}: {}\n", arguments.trace_path,
                 outputs.trace->open_error());
      return exit_bad_input;
    }
  }
  return std::nullopt;
}

// Writes the report files; an exit code when one cannot be written.
std::optional<int> write_outputs(const RunArguments& arguments, const reports::RunReport& report,
                                 const RunOutputs& outputs) {
  struct File {
    const std::string& path;
    const char* what;
    std::function<std::string()> text;
  };
  const File files[] = {
      {arguments.json_path, "the JSON report", [&] { return reports::to_json(report); }},
      {arguments.perfetto_path, "the Perfetto trace", [&] { return outputs.perfetto->json(); }},
      {arguments.html_path, "the HTML report",
       [&] {
         return reports::html_report(reports::to_json(report),
                                     outputs.diagram ? outputs.diagram->svg() : "");
       }},
      {arguments.history_path, "the history",
       [&] { return reports::checkers::write_json_history(*outputs.history); }},
      {arguments.history_edn_path, "the EDN history",
       [&] { return reports::checkers::write_edn_history(*outputs.history); }}};
  for (const File& file : files) {
    if (file.path.empty()) continue;
    const std::string problem = write_text_file(file.path, file.text());
    if (problem.empty()) continue;
    fmt::print(stderr, "scar: cannot write {} to {}: {}\n", file.what, file.path, problem);
    return exit_bad_input;
  }
  return std::nullopt;
}

// Prints the report, writes the files asked for, and gives the exit code.
int finish_run(const RunArguments& arguments, const Scenario& scenario,
               const reports::RunReport& report, const RunOutputs& outputs) {
  if (!arguments.quiet) fmt::print("{}", reports::to_text(report));
  if (!arguments.quiet && report.lesson_block) print_lesson_outcome(*report.lesson_block);
  if (auto code = write_outputs(arguments, report, outputs)) return *code;
  if (arguments.check_determinism) {
    const int code = check_determinism(scenario, report, arguments.window);
    if (code != exit_ok) return code;
  }
  return outcome_code(scenario, report);
}

}  // namespace

int run_command(const RunArguments& arguments, const Runtime& runtime) {
  std::optional<Scenario> scenario = load_or_report(arguments.file, arguments.overrides);
  if (!scenario) return exit_bad_input;
  if (arguments.seed) scenario->seed = *arguments.seed;
  sim::set_assert_replay(replay_command(*scenario));
  if (window_count(*scenario, arguments.window) > reports::TimeSeries::windows_max) {
    fmt::print(stderr,
               "scar: --window {} cuts this run into more than {} windows; use a longer window\n",
               sim::format_duration(arguments.window), reports::TimeSeries::windows_max);
    return exit_bad_input;
  }
  RunOutputs outputs;
  if (auto code = open_outputs(arguments, *scenario, outputs)) return *code;
  if (!arguments.quiet) fmt::print("{}\n", describe_scenario(*scenario));

  const auto wall_start = std::chrono::steady_clock::now();
  ProgressLine progress(scenario->duration + scenario->drain,
                        !arguments.quiet && isatty(STDERR_FILENO));
  reports::RunReport report;
  try {
    report =
        runtime(*scenario, {.tracer = outputs.trace ? &*outputs.trace : nullptr,
                            .observer = outputs.observers.empty() ? nullptr : &outputs.observers,
                            .window = arguments.window,
                            .progress = progress.callback(),
                            .history = outputs.history ? &*outputs.history : nullptr});
    progress.clear();
  } catch (const std::exception& error) {
    // An exception escaped node code: a bug in a protocol (or in scar), never bad input.
    fmt::print(stderr, "scar: internal error during the run (seed {}): {}\n  replay: {}\n",
               scenario->seed, error.what(), replay_command(*scenario));
    return exit_internal;
  }
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  if (outputs.trace) {
    if (const std::string problem = outputs.trace->finish(); !problem.empty()) {
      fmt::print(stderr, "scar: cannot write the trace file {}: {}\n", arguments.trace_path,
                 problem);
      return exit_bad_input;
    }
  }

  return finish_run(arguments, *scenario, report, outputs);
}

int check_command(const std::string& file, const std::vector<std::string>& overrides) {
  std::optional<Scenario> scenario = load_or_report(file, overrides);
  if (!scenario) return exit_bad_input;
  fmt::print("{}\nscar: {} is a valid scenario\n", describe_scenario(*scenario), file);
  return exit_ok;
}

int compare_command(const CompareArguments& arguments) {
  std::vector<reports::Threshold> thresholds;
  for (const std::string& text : arguments.max_regression) {
    auto parsed = reports::parse_threshold(text);
    if (auto* problem = std::get_if<std::string>(&parsed)) {
      fmt::print(stderr, "scar: --max-regression {}: {}\n", text, *problem);
      return exit_bad_input;
    }
    thresholds.push_back(std::get<reports::Threshold>(parsed));
  }
  const auto base_read = read_text_file(arguments.base);
  const auto current_read = read_text_file(arguments.current);
  for (const auto& [read, path] :
       {std::pair{&base_read, &arguments.base}, std::pair{&current_read, &arguments.current}}) {
    if (!read->ok()) {
      fmt::print(stderr, "scar: cannot read {}: {}\n", *path, read->error);
      return exit_bad_input;
    }
  }
  if (!arguments.html_path.empty()) {
    if (const std::string problem = check_output_path(arguments.html_path, ""); !problem.empty()) {
      fmt::print(stderr, "scar: --html {}: {}\n", arguments.html_path, problem);
      return exit_bad_input;
    }
  }
  const std::string* base = &base_read.text;
  const std::string* current = &current_read.text;
  auto compared = reports::compare_reports(*base, *current, thresholds, arguments.force);
  if (auto* problem = std::get_if<std::string>(&compared)) {
    fmt::print(stderr, "scar: compare {} {}: {}\n", arguments.base, arguments.current, *problem);
    return exit_bad_input;
  }
  const reports::ReportComparison& comparison = std::get<reports::ReportComparison>(compared);
  if (!comparison.unknown_thresholds.empty()) {
    std::vector<std::string> metrics;
    for (const auto& row : comparison.rows) metrics.push_back(row.metric);
    for (const std::string& metric : comparison.unknown_thresholds) {
      const std::string guess = closest_match(metric, metrics);
      fmt::print(stderr, "scar: --max-regression names \"{}\", which neither report has{}\n",
                 metric, guess.empty() ? "" : fmt::format("; did you mean \"{}\"?", guess));
    }
    return exit_bad_input;
  }
  fmt::print("{}", reports::comparison_table(comparison));
  if (!arguments.html_path.empty()) {
    const auto html = reports::compare_html(*base, *current, comparison);
    if (const std::string problem = write_text_file(arguments.html_path, html); !problem.empty()) {
      fmt::print(stderr, "scar: cannot write {}: {}\n", arguments.html_path, problem);
      return exit_bad_input;
    }
  }
  const auto regressions = comparison.regressions();
  if (!regressions.empty()) {
    std::vector<std::string> names;
    for (const reports::ComparisonRow* row : regressions)
      names.push_back(row->reason.empty() ? row->metric : row->metric + " (" + row->reason + ")");
    fmt::print(stderr, "scar: regressed past its --max-regression limit: {}\n",
               fmt::join(names, "; "));
    return exit_failed;
  }
  return exit_ok;
}

int explain_command(const std::string& name) {
  LessonLookup lookup = find_lesson(name);
  if (lookup.file.empty()) {
    fmt::print(stderr, "scar: explain: {}\n", lookup.error);
    return exit_bad_input;
  }
  std::optional<Scenario> scenario =
      lookup.scenario ? std::move(lookup.scenario) : load_or_report(lookup.file, {});
  if (!scenario) return exit_bad_input;
  if (!scenario->lesson_block) {
    fmt::print(stderr,
               "scar: explain: {} has no lesson block (scar list lessons shows the lessons)\n",
               lookup.file);
    return exit_bad_input;
  }
  fmt::print("{}", explain_lesson(*scenario));
  return exit_ok;
}

int list_command(const std::string& what) {
  if (what == "protocols") {
    fmt::print("{}", describe_protocols());
  } else if (what == "faults") {
    fmt::print("{}", describe_fault_kinds());
  } else if (what == "scenarios") {
    fmt::print("{}", describe_scenario_files());
  } else if (what == "lessons") {
    fmt::print("{}", describe_course());
  } else {
    fmt::print(stderr,
               "scar: list what? expected protocols, faults, scenarios or lessons, found \"{}\"\n",
               what);
    return exit_bad_input;
  }
  return exit_ok;
}

}  // namespace scar::tools
