// scar-bench: how fast the engine is, measured rather than guessed.
//
//   scar-bench pingpong --nodes 1000 --inflight 10 --events 10000000 [--json]
//   scar-bench scenario scenarios/primary-backup.json [--json]
//   scar-bench check-history [FILE...] [--operations 10000] [--clients 5] [--json]
//
// pingpong: N nodes with K messages in flight per node; every delivery makes the node
// send one message to a pseudo-random peer with lognormal latency; CPU cost zero,
// reordering links (no FIFO bookkeeping). Reports delivered events per wall second, peak
// RSS, and bytes per in-flight message (growth of RSS from before the messages were sent
// to the peak, divided by N*K).
// scenario: runs a scenario file and reports simulated seconds and client operations per
// wall second.
// check-history: the linearizability checker's wall time on each history FILE (scar JSON
// lines or Jepsen EDN, as a cas-register from 0), or without files on a generated
// single-key cas-register history: the clients run read/write/cas (values 0..4) on a
// register that takes each effect at a random moment within the call; 2% of calls time
// out (info; half of them took effect), and a client whose call timed out continues as a
// new process, as in Jepsen.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "reports/checkers/history_file.h"
#include "reports/checkers/linearizability.h"
#include "sim/world.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"
#include "tools/text_file.h"

namespace {

using namespace std::chrono_literals;
using Json = nlohmann::ordered_json;

// Resident set size now and at its peak, in bytes (Linux /proc).
std::uint64_t read_status_kib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0)
      return std::stoull(line.substr(std::string(field).size())) * 1024;
  }
  return 0;
}
std::uint64_t rss_bytes() { return read_status_kib("VmRSS:"); }
std::uint64_t peak_rss_bytes() { return read_status_kib("VmHWM:"); }

struct Ping {
  static constexpr std::string_view name = "ping";
  std::uint32_t hops = 0;
};

class PingNode final : public scar::sim::Node {
 public:
  PingNode(std::uint32_t nodes, std::uint32_t inflight) : nodes_(nodes), inflight_(inflight) {}
  void on_start(scar::sim::Context& ctx) override {
    for (std::uint32_t i = 0; i < inflight_; ++i) send(ctx, 0);
  }
  void on_message(scar::sim::Context& ctx, const scar::sim::Envelope& envelope) override {
    send(ctx, envelope.as<Ping>()->hops + 1);
  }

 private:
  void send(scar::sim::Context& ctx, std::uint32_t hops) {
    ctx.send(scar::sim::NodeId{static_cast<std::uint32_t>(ctx.random().next_below(nodes_))},
             Ping{hops});
  }
  std::uint32_t nodes_;
  std::uint32_t inflight_;
};

void print(const Json& result, bool as_json) {
  if (as_json) {
    fmt::print("{}\n", result.dump());
    return;
  }
  for (const auto& [key, value] : result.items()) fmt::print("{:<30} {}\n", key, value.dump());
}

int pingpong(std::uint32_t nodes, std::uint32_t inflight, std::uint64_t events, bool as_json) {
  scar::sim::WorldOptions options;
  options.seed = 1;
  options.events_max = events;
  options.network.latency = scar::sim::Distribution::lognormal_median_p99(500us, 5ms);
  options.network.fifo = false;
  scar::sim::World world(options);
  for (std::uint32_t i = 0; i < nodes; ++i) {
    world.add_node({.name = fmt::format("n{}", i + 1), .make = [nodes, inflight] {
                      return std::make_unique<PingNode>(nodes, inflight);
                    }});
  }
  const std::uint64_t rss_before = rss_bytes();
  world.start();
  const auto start = std::chrono::steady_clock::now();
  world.run_until(scar::sim::at(std::chrono::hours{24 * 365}));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double messages = static_cast<double>(nodes) * inflight;
  const std::uint64_t peak = peak_rss_bytes();
  print(Json{{"benchmark", "pingpong"},
             {"nodes", nodes},
             {"inflight_per_node", inflight},
             {"events", world.events_handled()},
             {"wall_seconds", seconds},
             {"events_per_second", static_cast<double>(world.events_handled()) / seconds},
             {"sim_seconds_per_wall_second", scar::sim::to_ns(world.now()) / 1e9 / seconds},
             {"peak_rss_bytes", peak},
             {"bytes_per_inflight_message", static_cast<double>(peak - rss_before) / messages},
             {"trace_hash", fmt::format("{:016x}", world.trace_hash())}},
        as_json);
  return 0;
}

int scenario(const std::string& file, bool as_json) {
  auto loaded = scar::tools::load_scenario(file);
  if (auto* error = std::get_if<scar::tools::InputError>(&loaded)) {
    fmt::print(stderr, "scar-bench: {}\n", error->to_string());
    return 2;
  }
  const auto& scenario = std::get<scar::tools::Scenario>(loaded);
  const auto start = std::chrono::steady_clock::now();
  const scar::reports::RunReport report = scar::tools::run_scenario(scenario);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::uint64_t operations = 0;
  for (const auto& op : report.operations) operations += op.count;
  print(Json{{"benchmark", "scenario"},
             {"scenario", report.scenario},
             {"operations", operations},
             {"events", report.events},
             {"wall_seconds", seconds},
             {"events_per_second", static_cast<double>(report.events) / seconds},
             {"ops_per_wall_second", static_cast<double>(operations) / seconds},
             {"sim_seconds_per_wall_second", report.simulated_duration.count() / 1e9 / seconds},
             {"peak_rss_bytes", peak_rss_bytes()}},
        as_json);
  return 0;
}

namespace checkers = scar::reports::checkers;

checkers::History generated_history(std::uint64_t operations, std::uint32_t clients) {
  scar::sim::Random random(1, "bench/check-history");
  struct Call {
    std::int64_t process;
    checkers::Function function;
    checkers::Value value, new_value;
    std::int64_t invoke_ns, effect_ns, complete_ns;  // effect_ns < 0: never took effect
    bool timed_out;
    checkers::Outcome outcome = checkers::Outcome::ok;
  };
  std::vector<Call> calls;
  std::vector<std::int64_t> free_ns(clients, 0), process(clients);
  for (std::uint32_t client = 0; client < clients; ++client) process[client] = client;
  std::int64_t next_process = clients;
  for (std::uint64_t i = 0; i < operations; ++i) {
    const std::uint32_t client = static_cast<std::uint32_t>(i % clients);
    const std::int64_t invoke = free_ns[client] + std::int64_t(random.next_below(1'000'000));
    const std::int64_t duration = 100'000 + std::int64_t(random.next_below(5'000'000));
    const bool timed_out = random.chance(0.02);
    const bool took_effect = !timed_out || random.chance(0.5);
    const auto function = static_cast<checkers::Function>(
        std::min<std::uint64_t>(random.next_below(4), 2));  // read half of the time
    const auto value = std::int64_t(random.next_below(5));
    const auto new_value = std::int64_t(random.next_below(5));
    calls.push_back(
        {process[client], function, function == checkers::Function::read ? 0 : value,
         function == checkers::Function::cas ? new_value : checkers::Value{}, invoke,
         took_effect ? invoke + std::int64_t(random.next_below(std::uint64_t(duration))) : -1,
         invoke + duration, timed_out});
    free_ns[client] = invoke + duration;
    if (timed_out) process[client] = next_process++;
  }
  // The register takes each effect in effect order.
  std::vector<std::size_t> by_effect(calls.size());
  for (std::size_t i = 0; i < calls.size(); ++i) by_effect[i] = i;
  std::sort(by_effect.begin(), by_effect.end(),
            [&](std::size_t a, std::size_t b) { return calls[a].effect_ns < calls[b].effect_ns; });
  checkers::Value state = 0;
  for (const std::size_t i : by_effect) {
    Call& call = calls[i];
    if (call.effect_ns < 0) continue;
    if (call.function == checkers::Function::read) call.value = state;
    if (call.function == checkers::Function::write) state = call.value;
    if (call.function == checkers::Function::cas) {
      if (call.value == state)
        state = call.new_value;
      else
        call.outcome = checkers::Outcome::fail;
    }
  }
  // Events in time order: invocations, and completions of calls that did not time out.
  std::vector<std::tuple<std::int64_t, bool, std::size_t>> events;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    events.push_back({calls[i].invoke_ns, false, i});
    if (!calls[i].timed_out) events.push_back({calls[i].complete_ns, true, i});
  }
  std::sort(events.begin(), events.end());
  checkers::History history;
  std::vector<std::size_t> index(calls.size());
  for (const auto& [time_ns, completion, i] : events) {
    const Call& call = calls[i];
    const scar::sim::Time time{std::chrono::nanoseconds{time_ns}};
    if (completion)
      history.complete(index[i], call.outcome, call.value, time);
    else
      index[i] = history.invoke(call.process, 0, call.function, call.value, call.new_value, time);
  }
  return history;
}

Json check_one(const std::string& name, const checkers::History& history) {
  const checkers::CheckResult result = checkers::check_linearizable(history, {});
  std::uint64_t indeterminate = 0;
  for (const auto& op : history.operations) indeterminate += op.outcome == checkers::Outcome::info;
  return Json{{"history", name},
              {"operations", history.operations.size()},
              {"indeterminate", indeterminate},
              {"verdict", checkers::verdict_name(result.verdict)},
              {"configurations", result.configurations},
              {"wall_seconds", std::chrono::duration<double>(result.elapsed).count()},
              {"peak_rss_bytes", peak_rss_bytes()}};
}

int check_history(const std::vector<std::string>& files, std::uint64_t operations,
                  std::uint32_t clients, bool as_json) {
  if (files.empty()) {
    print(check_one(fmt::format("generated, {} clients", clients),
                    generated_history(operations, clients)),
          as_json);
    return 0;
  }
  for (const std::string& file : files) {
    const auto text = scar::tools::read_text_file(file, std::uint64_t{1} << 30);
    auto read = text.ok() ? checkers::read_history(text.text) : checkers::LineError{0, text.error};
    if (const auto* error = std::get_if<checkers::LineError>(&read)) {
      fmt::print(stderr, "scar-bench: {}:{}: {}\n", file, error->line, error->message);
      return 2;
    }
    print(check_one(file, std::get<checkers::History>(read)), as_json);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"scar-bench: engine throughput and memory"};
  app.require_subcommand(1);
  bool as_json = false;
  app.add_flag("--json", as_json, "print one JSON object");
  std::uint32_t nodes = 1000, inflight = 10;
  std::uint64_t events = 10'000'000;
  CLI::App* ping = app.add_subcommand("pingpong", "N nodes bouncing K messages each");
  ping->add_option("--nodes", nodes)->check(CLI::Range(1u, 10'000'000u));
  ping->add_option("--inflight", inflight)->check(CLI::Range(1u, 1000u));
  ping->add_option("--events", events);
  ping->add_flag("--json", as_json);
  std::string file;
  CLI::App* run = app.add_subcommand("scenario", "run a scenario file");
  run->add_option("file", file)->required();
  run->add_flag("--json", as_json);
  std::vector<std::string> history_files;
  std::uint64_t history_operations = 10'000;
  std::uint32_t history_clients = 5;
  CLI::App* history = app.add_subcommand("check-history", "the linearizability checker");
  history->add_option("files", history_files, "histories to check (default: a generated one)");
  history->add_option("--operations", history_operations)->check(CLI::Range(1u, 10'000'000u));
  history->add_option("--clients", history_clients)->check(CLI::Range(1u, 1000u));
  history->add_flag("--json", as_json);
  CLI11_PARSE(app, argc, argv);
  if (ping->parsed()) return pingpong(nodes, inflight, events, as_json);
  if (history->parsed())
    return check_history(history_files, history_operations, history_clients, as_json);
  return scenario(file, as_json);
}
