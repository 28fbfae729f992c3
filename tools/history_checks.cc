#include "tools/history_checks.h"

#include "reports/checkers/linearizability.h"
#include "reports/checkers/violation_table.h"

namespace scar::tools {

reports::CheckSummary check_linearizable(const reports::checkers::History& history,
                                         std::chrono::milliseconds budget) {
  namespace checkers = reports::checkers;
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
      break;
    case checkers::Verdict::unknown:
      summary.verdict = reports::CheckVerdict::unknown;
      summary.detail = result.unknown_reason;
      break;
  }
  return summary;
}

}  // namespace scar::tools
