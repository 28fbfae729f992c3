#include "tools/run_outcome.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <variant>

#include "tools/runner.h"
#include "tools/scenario_loader.h"

namespace scar::tools {

bool RunOutcome::same_failure(const RunOutcome& other) const {
  auto same_text = [](const reports::ExpectationResult& a, const reports::ExpectationResult& b) {
    return a.text == b.text;
  };
  return kind == other.kind &&
         std::equal(failed_expectations.begin(), failed_expectations.end(),
                    other.failed_expectations.begin(), other.failed_expectations.end(), same_text);
}

std::string RunOutcome::describe() const {
  switch (kind) {
    case Kind::held:
      return "every expectation held";
    case Kind::failed: {
      std::vector<std::string> parts;
      for (const reports::ExpectationResult& result : failed_expectations) {
        parts.push_back(std::isnan(result.actual)
                            ? result.text
                            : fmt::format("{} (actual {:g})", result.text, result.actual));
      }
      return fmt::format("failed {}", fmt::join(parts, "; "));
    }
    case Kind::run_limit:
      return "hit a run limit (limits.events_max or limits.check_time)";
    case Kind::internal_error:
      return "internal error: " + detail;
    case Kind::invalid:
      return "not a valid scenario: " + detail;
  }
  return "";
}

RunOutcome outcome_of(const reports::RunReport& report) {
  RunOutcome outcome;
  const bool out_of_budget = std::any_of(
      report.checks.begin(), report.checks.end(),
      [](const auto& check) { return check.verdict == reports::CheckVerdict::unknown; });
  if (report.end == "events_max" || out_of_budget) {
    outcome.kind = RunOutcome::Kind::run_limit;
    return outcome;
  }
  // A broken invariant and a failed check fail a run as an expectation does; they are
  // named like the expectations that could state them.
  if (report.invariant) {
    outcome.failed_expectations.push_back({"invariant: " + report.invariant->name, false, NAN});
  }
  for (const reports::CheckSummary& check : report.checks) {
    if (check.verdict == reports::CheckVerdict::failed)
      outcome.failed_expectations.push_back({"checks." + check.name, false, NAN});
  }
  for (const reports::ExpectationResult& result : report.expectations) {
    if (!result.held) outcome.failed_expectations.push_back(result);
  }
  if (!outcome.failed_expectations.empty()) outcome.kind = RunOutcome::Kind::failed;
  return outcome;
}

RunOutcome run_once(const Scenario& scenario, reports::RunReport* report) {
  try {
    reports::RunReport finished = run_scenario(scenario);
    RunOutcome outcome = outcome_of(finished);
    if (report != nullptr) *report = std::move(finished);
    return outcome;
  } catch (const std::exception& error) {
    // An exception escaped node code: a bug, and a failure worth shrinking.
    return {.kind = RunOutcome::Kind::internal_error, .detail = error.what()};
  }
}

RunOutcome run_candidate(const std::string& text, const std::string& file) {
  LoadResult loaded = parse_scenario(text, file);
  if (const auto* error = std::get_if<InputError>(&loaded))
    return {.kind = RunOutcome::Kind::invalid, .detail = error->to_string()};
  return run_once(std::get<Scenario>(loaded));
}

}  // namespace scar::tools
