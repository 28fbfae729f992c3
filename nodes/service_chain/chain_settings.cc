#include "nodes/service_chain/chain_settings.h"

#include <fmt/format.h>

#include <cmath>

namespace scar::nodes::service_chain {
namespace {

bool whole(double value, double min) { return value == std::floor(value) && value >= min; }

RetryOptions retry_of(const ProtocolOptions& options) {
  RetryOptions retry;
  const std::string& policy = options.choice("retry");
  retry.policy = policy == "none"        ? RetryPolicy::none
                 : policy == "immediate" ? RetryPolicy::immediate
                                         : RetryPolicy::exponential;
  retry.attempts = static_cast<std::uint32_t>(options.number("retry_attempts"));
  retry.base = options.duration("backoff_base");
  retry.cap = options.duration("backoff_cap");
  retry.jitter = Jitter::full;
  return retry;
}

}  // namespace

ChainSettings ChainSettings::from(const ProtocolOptions& options) {
  const std::string& shed = options.choice("shed");
  ChainSettings settings;
  settings.frontends = static_cast<std::uint32_t>(options.number("frontends"));
  settings.backends = static_cast<std::uint32_t>(options.number("backends"));
  settings.databases = static_cast<std::uint32_t>(options.number("databases"));
  settings.frontend_work = options.duration("frontend_work");
  settings.backend_work = options.duration("backend_work");
  settings.database_work = options.duration("database_work");
  settings.queue_max = static_cast<std::size_t>(options.number("queue_max"));
  settings.shed_queue_full = shed == "queue_full" || shed == "both";
  settings.shed_deadline = shed == "deadline" || shed == "both";
  settings.propagate_deadline = options.boolean("propagate_deadline");
  settings.timeout = options.duration("timeout");
  settings.retry = retry_of(options);
  settings.retry_budget = options.number("retry_budget");
  settings.retry_budget_window = options.duration("retry_budget_window");
  return settings;
}

sim::Duration ChainSettings::work_of(Hop hop) const {
  switch (hop) {
    case Hop::frontend:
      return frontend_work;
    case Hop::backend:
      return backend_work;
    case Hop::database:
      return database_work;
  }
  return {};
}

std::vector<OptionSpec> chain_options() {
  using Type = OptionType;
  return {
      {"frontends", Type::number, "1", {}, "servers in the first hop (n1..), which clients call"},
      {"backends", Type::number, "1", {}, "servers in the second hop, after the frontends"},
      {"databases", Type::number, "1", {}, "servers in the last hop, after the backends"},
      {"frontend_work", Type::duration, "0s", {}, "a frontend's work per request"},
      {"backend_work", Type::duration, "0s", {}, "a backend's work per request"},
      {"database_work", Type::duration, "1ms", {}, "a database's work per request"},
      {"queue_max",
       Type::number,
       "0",
       {},
       "every hop: the most requests admitted and not yet answered; 0: unbounded"},
      {"shed",
       Type::choice,
       "none",
       {"none", "queue_full", "deadline", "both"},
       "every hop: queue_full refuses a request over queue_max at once (otherwise it is "
       "dropped unanswered); deadline skips the work of a request whose deadline has passed"},
      {"propagate_deadline",
       Type::boolean,
       "false",
       {},
       "the client's remaining time travels with the request: each hop gives up once it has "
       "passed and passes the remainder on"},
      {"timeout", Type::duration, "100ms", {}, "every hop: its wait for one downstream attempt"},
      {"retry",
       Type::choice,
       "none",
       {"none", "immediate", "backoff"},
       "every hop: how it retries a failed downstream call (backoff: exponential, full jitter)"},
      {"retry_attempts",
       Type::number,
       "3",
       {},
       "downstream attempts per request, the first included"},
      {"backoff_base", Type::duration, "5ms", {}, "retry=backoff: the first wait's ceiling"},
      {"backoff_cap", Type::duration, "100ms", {}, "retry=backoff: the largest wait's ceiling"},
      {"retry_budget",
       Type::number,
       "0",
       {},
       "every hop: retries at most this fraction of its requests over retry_budget_window "
       "(0.1: 10 %); 0: no budget"},
      {"retry_budget_window", Type::duration, "1s", {}, "the window the retry budget counts over"}};
}

std::optional<OptionProblem> chain_option_problem(const ProtocolOptions& options,
                                                  std::uint32_t nodes) {
  for (const char* pool : {"frontends", "backends", "databases"}) {
    if (!whole(options.number(pool), 1))
      return OptionProblem{
          pool, fmt::format("expected a whole number >= 1, found {}", options.number(pool))};
  }
  const double servers =
      options.number("frontends") + options.number("backends") + options.number("databases");
  if (servers != nodes) {
    return OptionProblem{"databases",
                         fmt::format("frontends + backends + databases make {} servers; the "
                                     "cluster has {} nodes",
                                     servers, nodes)};
  }
  if (!whole(options.number("queue_max"), 0))
    return OptionProblem{"queue_max", "expected a whole number >= 0 (0: unbounded)"};
  if (!whole(options.number("retry_attempts"), 1) || options.number("retry_attempts") > 100)
    return OptionProblem{"retry_attempts", "expected a whole number from 1 to 100"};
  if (options.number("retry_budget") < 0)
    return OptionProblem{"retry_budget", "expected a fraction >= 0 (0: no budget)"};
  if (options.duration("timeout") <= sim::Duration{0})
    return OptionProblem{"timeout", "expected a duration above 0"};
  if (options.duration("retry_budget_window") <= sim::Duration{0})
    return OptionProblem{"retry_budget_window", "expected a duration above 0"};
  if (options.duration("backoff_cap") < options.duration("backoff_base"))
    return OptionProblem{"backoff_cap", "expected backoff_cap >= backoff_base"};
  const std::string& shed = options.choice("shed");
  if ((shed == "deadline" || shed == "both") && !options.boolean("propagate_deadline")) {
    return OptionProblem{"shed",
                         "shedding by deadline needs deadlines: set "
                         "propagate_deadline=true"};
  }
  return std::nullopt;
}

}  // namespace scar::nodes::service_chain
