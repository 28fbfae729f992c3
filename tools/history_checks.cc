#include "tools/history_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "reports/checkers/linearizability.h"
#include "reports/checkers/violation_table.h"

namespace scar::tools {
namespace {

namespace checkers = reports::checkers;

// A value as its writer: every value scar's clients write is (client + 1) << 40 | their
// operation id, so "c4:17" names client c4's operation 17.
std::string value_text(checkers::Value value) {
  if (!value) return "nothing";
  const auto bits = static_cast<std::uint64_t>(*value);
  return fmt::format("c{}:{}", bits >> 40, bits & ((std::uint64_t{1} << 40) - 1));
}

std::string operation_text(const checkers::Operation& op) {
  switch (op.function) {
    case checkers::Function::read:
      return op.outcome == checkers::Outcome::ok ? "read " + value_text(op.value) : "read ?";
    case checkers::Function::write:
      return "write " + value_text(op.value);
    case checkers::Function::cas:
      return fmt::format("cas {} -> {}", value_text(op.value), value_text(op.cas_new_value));
  }
  return "?";
}

// The picture's rows: the last `linearized_max` of the order found, then the candidates.
std::vector<reports::CheckOperation> violation_operations(const checkers::History& history,
                                                          const checkers::Violation& violation,
                                                          std::size_t linearized_max = 8) {
  using Role = reports::CheckOperation::Role;
  std::vector<std::pair<std::size_t, Role>> chosen;
  const std::size_t skip =
      violation.prefix.size() - std::min(linearized_max, violation.prefix.size());
  for (std::size_t i = skip; i < violation.prefix.size(); ++i)
    chosen.emplace_back(violation.prefix[i], Role::linearized);
  for (std::size_t index : violation.pending)
    chosen.emplace_back(index, index == violation.blocked ? Role::blocked : Role::could_go_next);
  std::sort(chosen.begin(), chosen.end());
  std::vector<reports::CheckOperation> rows;
  for (const auto& [index, role] : chosen) {
    const checkers::Operation& op = history.operations[index];
    rows.push_back({operation_text(op), std::string(checkers::outcome_name(op.outcome)),
                    op.invoke_time.value_or(sim::time_zero), op.complete_time, role});
  }
  return rows;
}

}  // namespace

reports::CheckSummary check_linearizable(const checkers::History& history,
                                         std::chrono::milliseconds budget) {
  // scar's registers start empty, and a read of nothing is a read of the empty register.
  const checkers::Model model{checkers::ModelKind::kv, std::nullopt, false};
  const checkers::CheckResult result =
      checkers::check_linearizable(history, model, checkers::CheckLimits{.time_max = budget});
  reports::CheckSummary summary;
  summary.name = "linearizable";
  summary.outcome = std::string(checkers::verdict_name(result.verdict));
  summary.operations = result.operations_checked;
  summary.keys = result.keys_checked;
  summary.wall_seconds = std::chrono::duration<double>(result.elapsed).count();
  switch (result.verdict) {
    case checkers::Verdict::linearizable:
      summary.verdict = reports::CheckVerdict::passed;
      break;
    case checkers::Verdict::not_linearizable:
      summary.verdict = reports::CheckVerdict::failed;
      summary.detail = checkers::violation_table(history, model, *result.violation);
      summary.violation = violation_operations(history, *result.violation);
      break;
    case checkers::Verdict::unknown:
      summary.verdict = reports::CheckVerdict::unknown;
      summary.detail = result.unknown_reason;
      break;
  }
  return summary;
}

reports::CheckSummary check_stale_reads(const reports::LostWriteChecker& durability) {
  reports::CheckSummary summary;
  summary.name = "stale_reads";
  const std::uint64_t stale = durability.stale_reads();
  summary.verdict = stale == 0 ? reports::CheckVerdict::passed : reports::CheckVerdict::failed;
  summary.outcome = stale == 0 ? "no stale reads" : fmt::format("{} stale reads", stale);
  if (const auto& first = durability.first_stale_read()) {
    summary.detail = fmt::format(
        "the first: a get of key {} that began at {} returned {}, though {} was acknowledged "
        "at {}",
        first->get.key, sim::format_duration(first->get.invoked - sim::time_zero),
        value_text(first->get.read ? checkers::Value(static_cast<std::int64_t>(*first->get.read))
                                   : std::nullopt),
        value_text(static_cast<std::int64_t>(first->missed_value)),
        sim::format_duration(first->missed_completed - sim::time_zero));
  }
  return summary;
}

reports::CheckSummary check_lost_writes(const reports::LostWriteChecker& durability) {
  reports::CheckSummary summary;
  summary.name = "lost_writes";
  const std::uint64_t lost = durability.lost_acknowledged_writes();
  summary.verdict = lost == 0 ? reports::CheckVerdict::passed : reports::CheckVerdict::failed;
  summary.outcome =
      lost == 0 ? "no acknowledged write lost" : fmt::format("{} acknowledged writes lost", lost);
  return summary;
}

reports::CheckSummary check_converged(
    const std::vector<std::pair<std::string, const nodes::RegisterStore::Map*>>& replicas) {
  reports::CheckSummary summary;
  summary.name = "converged";
  std::set<std::uint64_t> keys;
  for (const auto& [name, contents] : replicas)
    for (const auto& [key, value] : *contents) keys.insert(key);
  std::uint64_t divergent = 0;
  for (const std::uint64_t key : keys) {
    std::string holdings;
    std::optional<std::optional<std::uint64_t>> first;
    bool differs = false;
    for (const auto& [name, contents] : replicas) {
      const auto found = contents->find(key);
      const std::optional<std::uint64_t> value =
          found == contents->end() ? std::nullopt : std::optional(found->second);
      differs |= first.has_value() && *first != value;
      if (!first) first = value;
      holdings += fmt::format(
          " {} {}", name,
          value_text(value ? checkers::Value(static_cast<std::int64_t>(*value)) : std::nullopt));
    }
    if (!differs) continue;
    if (divergent++ == 0) summary.detail = fmt::format("the first: key {}:{}", key, holdings);
  }
  summary.keys = keys.size();
  summary.divergent_keys = divergent;
  summary.verdict = divergent == 0 ? reports::CheckVerdict::passed : reports::CheckVerdict::failed;
  summary.outcome = divergent == 0 ? fmt::format("{} replicas agree", replicas.size())
                                   : fmt::format("{} of {} keys differ", divergent, keys.size());
  return summary;
}

}  // namespace scar::tools
