// The service-chain's mechanisms over an instant network, so every delay is a hop's own: n1
// is the frontend, n2 the backend, n3 the database (or n2 a stub downstream that records
// what reaches it), and a caller (c1) sends ChainRequests at scripted times, as a client or
// an upstream hop would.
#include <catch2/catch.hpp>
#include <map>

#include "nodes/service_chain/chain_node.h"
#include "nodes/service_chain/chain_settings.h"
#include "nodes/service_chain/messages.h"
#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;
using namespace scar::nodes::service_chain;

namespace {

struct Call {
  sim::Duration at{};
  std::optional<sim::Duration> remaining;  // none: no deadline
};

struct Answer {
  sim::Duration at{};  // since the start
  std::optional<ChainReply> reply;
};

// Sends each call to n1 at its time (concurrently) and keeps the answers, by call index.
class Caller final : public sim::Node {
 public:
  Caller(std::vector<Call> calls, std::map<std::size_t, Answer>* answers)
      : calls_(std::move(calls)), answers_(answers) {}
  void on_start(sim::Context& ctx) override {
    for (std::size_t i = 0; i < calls_.size(); ++i) ctx.spawn(send(ctx, i));
  }

 private:
  sim::Task<> send(sim::Context& ctx, std::size_t index) {
    co_await ctx.sleep_for(calls_[index].at);
    nodes::ClientRequest request{.kind = nodes::OperationKind::get, .key = 0, .request_id = index};
    const auto result = co_await ctx.call<ChainReply>(
        ctx.servers().front(), ChainRequest{request, calls_[index].remaining}, 10s);
    (*answers_)[index] = {ctx.now() - sim::time_zero,
                          result ? std::optional(*result) : std::nullopt};
  }
  std::vector<Call> calls_;
  std::map<std::size_t, Answer>* answers_;
};

// What reached a stub downstream: per request, each attempt's arrival and remaining time.
struct Arrival {
  sim::Duration at{};
  std::optional<sim::Duration> remaining;
};
using Arrivals = std::map<std::uint64_t, std::vector<Arrival>>;

enum class StubDoes { nothing, refuse };

sim::NodeSpec stub(Arrivals& arrivals, StubDoes does) {
  return testing::scripted(
      "n2", {.message = [&arrivals, does](sim::Context& ctx, const sim::Envelope& envelope) {
        const auto* request = envelope.as<ChainRequest>();
        arrivals[request->request.request_id].push_back(
            {ctx.now() - sim::time_zero, request->remaining});
        if (does == StubDoes::refuse)
          ctx.reply(envelope.reply_address(), ChainReply{.outcome = ChainOutcome::refused});
      }});
}

struct Chain {
  // The real chain (n1, n2, n3), or n1 in front of a stub n2 (n3 then never called).
  Chain(ChainSettings settings, std::vector<Call> calls, std::optional<StubDoes> stub_does = {})
      : world(testing::instant_network()) {
    for (const char* name : {"n1", "n2", "n3"}) {
      if (stub_does && std::string_view(name) == "n2") {
        servers.push_back(world.add_node(stub(arrivals, *stub_does)));
        continue;
      }
      sim::NodeSpec spec;
      spec.name = name;
      spec.make = [settings] { return std::make_unique<ChainNode>(settings); };
      servers.push_back(world.add_node(std::move(spec)));
    }
    sim::NodeSpec caller;
    caller.name = "c1";
    caller.server = false;
    caller.make = [calls, this] { return std::make_unique<Caller>(calls, &answers); };
    world.add_node(std::move(caller));
    world.start();
  }

  std::int64_t metric(std::size_t server, std::string_view name) const {
    const auto& metrics = world.counters(servers[server]).metrics;
    const auto found = metrics.find(name);
    return found == metrics.end() ? 0 : found->second;
  }

  sim::World world;
  std::vector<sim::NodeId> servers;
  std::map<std::size_t, Answer> answers;
  Arrivals arrivals;
};

ChainSettings settings() {
  ChainSettings settings;
  settings.database_work = 10ms;
  settings.timeout = 1s;
  settings.retry_budget_window = 1s;
  return settings;
}

std::vector<Call> at_once(std::size_t count, std::optional<sim::Duration> remaining = {}) {
  return std::vector<Call>(count, Call{0ms, remaining});
}

}  // namespace

TEST_CASE("a request passes every hop to the database and its answer comes back",
          "[service-chain]") {
  Chain chain(settings(), at_once(1));
  chain.world.run_until(sim::at(1s));
  REQUIRE(chain.answers.at(0).reply.has_value());
  CHECK(chain.answers.at(0).reply->outcome == ChainOutcome::ok);
  CHECK(chain.answers.at(0).at == 10ms);  // the database's work; the rest is instant
  for (std::size_t hop = 0; hop < 3; ++hop) {
    CHECK(chain.metric(hop, "admitted") == 1);
    CHECK(chain.metric(hop, "work_done") == 1);
  }
}

TEST_CASE("a bounded queue refuses at once with shed=queue_full and drops unanswered without",
          "[service-chain]") {
  const bool shed = GENERATE(true, false);
  ChainSettings bounded = settings();
  bounded.queue_max = 2;
  bounded.shed_queue_full = shed;
  Chain chain(bounded, at_once(4));
  chain.world.run_until(sim::at(11s));  // past the caller's 10 s timeout
  CHECK(chain.answers.at(0).reply->outcome == ChainOutcome::ok);
  CHECK(chain.answers.at(1).reply->outcome == ChainOutcome::ok);
  CHECK(chain.metric(0, "admitted") == 2);
  for (std::size_t late : {2, 3}) {
    if (shed) {
      CHECK(chain.answers.at(late).reply->outcome == ChainOutcome::refused);
      CHECK(chain.answers.at(late).at == 0ms);  // at once, not after the queue
    } else {
      CHECK_FALSE(chain.answers.at(late).reply.has_value());  // the caller's timeout
    }
  }
  CHECK(chain.metric(0, "shed_queue_full") == (shed ? 2 : 0));
  CHECK(chain.metric(0, "dropped_queue_full") == (shed ? 0 : 2));
}

TEST_CASE("shed=deadline skips the work of a request whose deadline passed in the queue",
          "[service-chain]") {
  // Three requests with 15 ms to live reach a database that takes 10 ms each: the first is
  // served, the second is in work when its deadline passes, the third still waits then.
  const bool shed = GENERATE(true, false);
  ChainSettings deadlines = settings();
  deadlines.propagate_deadline = true;
  deadlines.shed_deadline = shed;
  Chain chain(deadlines, at_once(3, 15ms));
  chain.world.run_until(sim::at(1s));
  CHECK(chain.answers.at(0).reply->outcome == ChainOutcome::ok);
  for (std::size_t late : {1, 2}) {
    CHECK(chain.answers.at(late).reply->outcome == ChainOutcome::deadline_expired);
    CHECK(chain.answers.at(late).at == 15ms);  // the frontend gives up at the deadline
  }
  CHECK(chain.metric(2, "work_done") == (shed ? 2 : 3));
  CHECK(chain.metric(2, "shed_deadline") == (shed ? 1 : 0));
}

TEST_CASE("the remaining time travels downstream, less what the hop spent, capped by its timeout",
          "[service-chain]") {
  // The caller allows 100 ms; the frontend works 5 ms, then waits for its downstream
  // attempt at most its timeout (40 ms) or the 95 ms left, and that is what it passes on.
  const bool propagate = GENERATE(true, false);
  const sim::Duration timeout = GENERATE(40ms, 1s);
  ChainSettings chain_settings = settings();
  chain_settings.frontend_work = 5ms;
  chain_settings.propagate_deadline = propagate;
  chain_settings.timeout = timeout;
  const std::optional<sim::Duration> remaining =
      propagate ? std::optional<sim::Duration>(100ms) : std::nullopt;
  Chain chain(chain_settings, at_once(1, remaining), StubDoes::nothing);
  chain.world.run_until(sim::at(2s));
  const auto& arrivals = chain.arrivals.at(0);
  REQUIRE(arrivals.size() == 1);  // no retries configured
  CHECK(arrivals[0].at == 5ms);
  const sim::Duration waited = propagate ? std::min<sim::Duration>(timeout, 95ms) : timeout;
  if (propagate) {
    CHECK(arrivals[0].remaining == waited);
  } else {
    CHECK_FALSE(arrivals[0].remaining.has_value());
  }
  CHECK(chain.answers.at(0).at == 5ms + waited);
  CHECK(chain.metric(0, "downstream_timeouts") == 1);
  const bool deadline_passed = propagate && timeout > 95ms;
  CHECK(chain.answers.at(0).reply->outcome ==
        (deadline_passed ? ChainOutcome::deadline_expired : ChainOutcome::failed));
}

TEST_CASE("a hop gives up at the deadline and says so, though its own timeout is longer",
          "[service-chain]") {
  ChainSettings chain_settings = settings();
  chain_settings.propagate_deadline = true;
  chain_settings.retry.policy = nodes::RetryPolicy::immediate;
  chain_settings.retry.attempts = 5;
  Chain chain(chain_settings, at_once(1, 30ms), StubDoes::nothing);
  chain.world.run_until(sim::at(5s));
  CHECK(chain.answers.at(0).reply->outcome == ChainOutcome::deadline_expired);
  CHECK(chain.answers.at(0).at == 30ms);
  CHECK(chain.arrivals.at(0).size() == 1);  // no retry once the time is gone
  CHECK(chain.metric(0, "deadline_expired") == 1);
  CHECK(chain.metric(0, "retries") == 0);
}

TEST_CASE("immediate retries go at once; backoff retries wait a jittered, doubling time",
          "[service-chain]") {
  const bool backoff = GENERATE(false, true);
  ChainSettings retrying = settings();
  retrying.retry.policy = backoff ? nodes::RetryPolicy::exponential : nodes::RetryPolicy::immediate;
  retrying.retry.attempts = 4;
  retrying.retry.base = 8ms;
  retrying.retry.cap = 1s;
  constexpr std::size_t requests = 300;
  Chain chain(retrying, at_once(requests), StubDoes::refuse);
  chain.world.run_until(sim::at(5s));
  CHECK(chain.metric(0, "retries") == 3 * requests);
  CHECK(chain.metric(0, "failed") == requests);
  // Gap k (after the k-th attempt): 0 without backoff; uniform in [0, 8 ms x 2^(k-1)] with it.
  for (std::size_t gap = 0; gap < 3; ++gap) {
    const sim::Duration ceiling = 8ms * (1 << gap);
    double total_ms = 0;
    for (const auto& [request, attempts] : chain.arrivals) {
      REQUIRE(attempts.size() == 4);
      const sim::Duration waited = attempts[gap + 1].at - attempts[gap].at;
      CHECK(waited <= (backoff ? ceiling : 0ms));
      total_ms += std::chrono::duration<double, std::milli>(waited).count();
    }
    const double mean_ms = total_ms / requests;
    const double expected_ms =
        backoff ? std::chrono::duration<double, std::milli>(ceiling).count() / 2 : 0;
    CHECK(mean_ms == Approx(expected_ms).epsilon(0.15));
  }
}

TEST_CASE("a retry budget caps a hop's retries at its fraction of requests", "[service-chain]") {
  const double budget = GENERATE(0.0, 0.1);
  ChainSettings retrying = settings();
  retrying.retry.policy = nodes::RetryPolicy::immediate;
  retrying.retry.attempts = 3;
  retrying.retry_budget = budget;
  std::vector<Call> calls;
  for (int i = 0; i < 200; ++i) calls.push_back({i * 2ms, {}});  // 200 requests in 400 ms
  Chain chain(retrying, calls, StubDoes::refuse);
  chain.world.run_until(sim::at(5s));
  if (budget == 0) {
    CHECK(chain.metric(0, "retries") == 400);  // no budget: every request tries three times
    CHECK(chain.metric(0, "retries_over_budget") == 0);
  } else {
    CHECK(chain.metric(0, "retries") <= 20);  // 10 % of 200
    CHECK(chain.metric(0, "retries") >= 18);
    CHECK(chain.metric(0, "retries") + chain.metric(0, "retries_over_budget") >= 200);
  }
}

TEST_CASE("service-chain options are checked against each other and the cluster",
          "[service-chain]") {
  const auto problem_with = [](std::vector<std::pair<std::string, nodes::OptionValue>> values,
                               std::uint32_t nodes = 3) -> std::string {
    auto options = nodes::ProtocolOptions::defaults(chain_options());
    for (auto& [name, value] : values) options.set(name, std::move(value));
    const auto problem = chain_option_problem(options, nodes);
    return problem ? problem->option : "";
  };
  CHECK(problem_with({}).empty());
  CHECK(problem_with({{"frontends", 2.0}, {"backends", 2.0}}, 5).empty());
  CHECK(problem_with({{"frontends", 2.0}}) == "databases");  // 4 servers, 3 nodes
  CHECK(problem_with({{"backends", 0.0}}, 2) == "backends");
  CHECK(problem_with({{"frontends", 1.5}}) == "frontends");
  CHECK(problem_with({{"queue_max", -1.0}}) == "queue_max");
  CHECK(problem_with({{"retry_attempts", 0.0}}) == "retry_attempts");
  CHECK(problem_with({{"retry_budget", -0.1}}) == "retry_budget");
  CHECK(problem_with({{"timeout", sim::Duration{0}}}) == "timeout");
  CHECK(problem_with({{"backoff_cap", sim::Duration{1ms}}}) == "backoff_cap");
  CHECK(problem_with({{"shed", std::string("deadline")}}) == "shed");  // no deadlines to shed by
  CHECK(problem_with({{"shed", std::string("both")}, {"propagate_deadline", true}}).empty());
}
