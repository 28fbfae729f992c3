#include "reports/run_report.h"

#include <algorithm>

namespace scar::reports {

void OperationSummary::record(Outcome outcome, sim::Duration latency, std::uint32_t attempts) {
  ++count;
  retries += attempts > 1 ? attempts - 1 : 0;
  switch (outcome) {
    case Outcome::ok:
      ++ok;
      this->latency.record(latency);
      latency_sum += latency;
      break;
    case Outcome::error:
      ++error;
      break;
    case Outcome::timeout:
      ++timeout;
      break;
    case Outcome::unfinished:
      ++unfinished;
      break;
  }
}

void OperationSummary::merge(const OperationSummary& other) {
  count += other.count;
  ok += other.ok;
  error += other.error;
  timeout += other.timeout;
  unfinished += other.unfinished;
  retries += other.retries;
  latency.merge(other.latency);
  latency_sum += other.latency_sum;
}

std::optional<sim::Duration> OperationSummary::mean() const {
  if (ok == 0) return std::nullopt;
  return latency_sum / static_cast<sim::Duration::rep>(ok);
}

double RunReport::availability() const {
  std::uint64_t count = 0, ok = 0;
  for (const OperationSummary& operation : operations) {
    count += operation.count;
    ok += operation.ok;
  }
  return count == 0 ? 1.0 : static_cast<double>(ok) / static_cast<double>(count);
}

std::uint64_t RunReport::network_sent() const {
  std::uint64_t total = 0;
  for (const MessageSummary& message : messages) total += message.sent;
  return total;
}

std::uint64_t RunReport::network_delivered() const {
  std::uint64_t total = 0;
  for (const MessageSummary& message : messages) total += message.delivered;
  return total;
}

std::uint64_t RunReport::network_dropped() const {
  std::uint64_t total = 0;
  for (const MessageSummary& message : messages) total += message.dropped;
  return total;
}

const OperationSummary* RunReport::operation(std::string_view name) const {
  auto found = std::find_if(operations.begin(), operations.end(),
                            [&](const OperationSummary& op) { return op.name == name; });
  return found == operations.end() ? nullptr : &*found;
}

const CheckSummary* RunReport::check(std::string_view name) const {
  for (const CheckSummary& summary : checks)
    if (summary.name == name) return &summary;
  return nullptr;
}

bool RunReport::checks_passed() const {
  return std::none_of(checks.begin(), checks.end(), [](const CheckSummary& check) {
    return check.verdict == CheckVerdict::failed;
  });
}

bool RunReport::expectations_held() const {
  return std::all_of(expectations.begin(), expectations.end(),
                     [](const ExpectationResult& result) { return result.held; });
}

}  // namespace scar::reports
