// scar-bench: how fast the engine is, measured rather than guessed.
//
//   scar-bench pingpong --nodes 1000 --inflight 10 --events 10000000 [--json]
//   scar-bench scenario scenarios/primary-backup.json [--json]
//
// pingpong: N nodes with K messages in flight per node; every delivery makes the node
// send one message to a pseudo-random peer with lognormal latency; CPU cost zero,
// reordering links (no FIFO bookkeeping). Reports delivered events per wall second, peak
// RSS, and bytes per in-flight message (growth of RSS from before the messages were sent
// to the peak, divided by N*K).
// scenario: runs a scenario file and reports simulated seconds and client operations per
// wall second.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "sim/world.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

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
  CLI11_PARSE(app, argc, argv);
  if (ping->parsed()) return pingpong(nodes, inflight, events, as_json);
  return scenario(file, as_json);
}
