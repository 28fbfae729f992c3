// scar: the command line. Parses arguments (CLI11) and hands off to commands.cc.
#include "tools/command_line.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <exception>
#include <filesystem>
#include <optional>
#include <tuple>

#include "sim/time.h"
#include "tools/capacity_command.h"
#include "tools/check_history.h"
#include "tools/commands.h"
#include "tools/describe.h"
#include "tools/live_command.h"
#include "tools/runner.h"
#include "tools/shrink_command.h"
#include "tools/sweep.h"

namespace {

// Digits only, within uint64: "-1", "", "1e3" and 2^64 are refused (strtoull would wrap or
// accept them).
std::optional<std::uint64_t> parse_unsigned(const std::string& text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// The --seed option, if given: false (and the error printed) when it is not a seed.
bool read_seed(const CLI::App& command, const std::string& text,
               std::optional<std::uint64_t>& seed) {
  if (command.count("--seed") == 0) return true;
  seed = parse_unsigned(text);
  if (seed) return true;
  fmt::print(stderr, "scar: --seed: expected an integer from 0 to 2^64-1, found \"{}\"\n", text);
  return false;
}

// A finite number above 0, the whole text: "769.5", "1e3"; not "", "0", "-5", "nan", "5/s".
std::optional<double> parse_rate(const std::string& text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(value) || value <= 0) return std::nullopt;
  return value;
}

constexpr const char* examples = R"(
Examples:
  scar run scenarios/primary-backup.json --seed 7
  scar run scenarios/primary-backup.json --seed 7 --json out.json --check-determinism
  scar run scenarios/kv-overload.json --set workload.rate=2000 --set duration=30s
  scar check my-scenario.json
  scar shrink scenarios/nemesis.json --seed 1 --set cluster.options.durability=write
  scar sweep scenarios/nemesis.json --seeds 1..200 --json sweep.json
  scar capacity scenarios/lesson-capacity.json --slo "get.latency.p99 < 20ms" --html cap.html
  scar sweep scenarios/nemesis.json --seeds 1..200 --shard 2/4 --json shard-2.json
  scar merge shard-1.json shard-2.json shard-3.json shard-4.json --json sweep.json
  scar compare base.json new.json --max-regression put.latency.p99=10%
  scar check-history history.edn --model cas-register --time-limit 10s
  scar list protocols

Exit codes: 0 every expectation held; 1 an expectation failed; 2 bad input or usage;
3 a run limit was hit; 70 internal error.)";

int run(int argc, char** argv) {
  using namespace scar::tools;
  CLI::App app{"scar: a deterministic distributed-systems simulator"};
  app.footer(examples);
  app.require_subcommand(1);

  RunArguments run;
  CLI::App* run_cmd = app.add_subcommand("run", "run a scenario and report what users saw");
  run_cmd->add_option("file", run.file, "scenario file (JSON with comments)")->required();
  std::string seed;
  run_cmd->add_option("--seed", seed, "the run's seed, 0 to 2^64-1 (overrides the file's)");
  run_cmd->add_option("--set", run.overrides,
                      "override a field: PATH=VALUE, e.g. workload.rate=2000");
  run_cmd->add_option("--json", run.json_path, "write the JSON report here");
  run_cmd->add_option("--html", run.html_path,
                      "write the HTML report (self-contained, with plots) here");
  run_cmd->add_option("--perfetto", run.perfetto_path,
                      "write a trace for Perfetto UI / chrome://tracing here");
  run_cmd->add_option("--diagram", run.diagram,
                      "FROM..TO: a message diagram of that window in the HTML report");
  run_cmd->add_option("--trace", run.trace_path, "write one line per event here");
  run_cmd->add_option("--history", run.history_path,
                      "write the clients' history (JSON lines; scar check-history reads it)");
  run_cmd->add_option("--history-edn", run.history_edn_path,
                      "write the clients' history in Jepsen's EDN (Knossos, Elle)");
  std::string trace_max;
  run_cmd->add_option("--trace-max", trace_max, "at most this many trace lines (default 1000000)");
  run_cmd->add_flag("--check-determinism", run.check_determinism,
                    "run twice and compare the reports");
  std::string window = "1s";
  run_cmd->add_option("--window", window, "time-series window, e.g. 100ms (default 1s)");
  run_cmd->add_flag("--quiet,-q", run.quiet, "print nothing but errors");

  RunArguments live;
  CLI::App* live_cmd = app.add_subcommand(
      "live", "run a scenario's cluster for real: UDP on 127.0.0.1, real timers, real files");
  live_cmd->add_option("file", live.file, "scenario file (JSON with comments)")->required();
  std::string live_seed;
  live_cmd->add_option("--seed", live_seed, "the nodes' random seed (overrides the file's)");
  live_cmd->add_option("--set", live.overrides, "override a field: PATH=VALUE");
  live_cmd->add_option("--json", live.json_path, "write the JSON report here");
  live_cmd->add_option("--html", live.html_path, "write the HTML report here");
  live_cmd->add_option("--perfetto", live.perfetto_path,
                       "write a trace for Perfetto UI / chrome://tracing here");
  live_cmd->add_option("--trace", live.trace_path, "write the nodes' trace lines here");
  live_cmd->add_option("--history", live.history_path,
                       "write the clients' history (JSON lines; scar check-history reads it)");
  live_cmd->add_flag("--quiet,-q", live.quiet, "print nothing but errors");
  RunArguments calibrate;
  CLI::App* calibrate_cmd = app.add_subcommand(
      "calibrate", "run a scenario simulated and live: the latency percentiles side by side");
  calibrate_cmd->add_option("file", calibrate.file, "scenario file (JSON with comments)")
      ->required();
  calibrate_cmd->add_option("--set", calibrate.overrides, "override a field: PATH=VALUE");

  SweepArguments sweep;
  CLI::App* sweep_cmd =
      app.add_subcommand("sweep", "run a scenario once per seed, on every core; group failures");
  sweep_cmd->add_option("file", sweep.file, "scenario file (JSON with comments)")->required();
  sweep_cmd->add_option("--seeds", sweep.seeds, "A..B: the seeds A to B, both included")
      ->required();
  std::string jobs;
  sweep_cmd->add_option("--jobs,-j", jobs, "threads (default: the hardware's concurrency)");
  sweep_cmd->add_option("--set", sweep.overrides, "override a field: PATH=VALUE");
  sweep_cmd->add_option("--json", sweep.json_path, "write the summary, one entry per seed, here");
  sweep_cmd->add_option("--shard", sweep.shard,
                        "K/N: run only the K-th of N interleaved slices of the seeds");

  MergeArguments merge;
  CLI::App* merge_cmd = app.add_subcommand(
      "merge", "join the --json outputs of a sweep's shards into the whole sweep's summary");
  merge_cmd->add_option("files", merge.files, "the shards' sweep summaries")->required();
  merge_cmd->add_option("--json", merge.json_path, "write the merged summary here");

  std::string check_file;
  std::vector<std::string> check_overrides;
  CLI::App* check_cmd = app.add_subcommand("check", "validate a scenario without running it");
  check_cmd->add_option("file", check_file, "scenario file")->required();
  check_cmd->add_option("--set", check_overrides, "override a field: PATH=VALUE");

  std::string list_what = "scenarios";
  CLI::App* list_cmd = app.add_subcommand("list", "list protocols, faults, scenarios or lessons");
  list_cmd->add_option("what", list_what, "protocols | faults | scenarios | lessons");

  std::string explain_name;
  CLI::App* explain_cmd =
      app.add_subcommand("explain", "tell a lesson's story and how to run its two variants");
  explain_cmd->add_option("name", explain_name, "the lesson (scar list lessons)")->required();

  CompareArguments compare;
  CLI::App* compare_cmd =
      app.add_subcommand("compare", "compare two JSON reports; exit 1 past a regression limit");
  compare_cmd->add_option("base", compare.base, "the baseline report (scar run --json)")
      ->required();
  compare_cmd->add_option("new", compare.current, "the report to judge")->required();
  compare_cmd->add_option(
      "--max-regression", compare.max_regression,
      "METRIC=LIMIT, e.g. put.latency.p99=10% or get.timeout=5 or get.latency.p50=2ms");
  compare_cmd->add_flag("--force", compare.force,
                        "compare reports of different scenarios or schema versions");
  compare_cmd->add_option(
      "--html", compare.html_path,
      "write an HTML page: base and new overlaid on shared charts, regressions marked");

  CheckHistoryArguments history;
  CLI::App* history_cmd = app.add_subcommand(
      "check-history", "check a history (JSON lines or Jepsen EDN) for linearizability");
  history_cmd->add_option("file", history.file, "the history file")->required();
  history_cmd->add_option("--model", history.model, "register | cas-register (default) | kv");
  history_cmd->add_option("--time-limit", history.time_limit,
                          "wall-clock budget, then the verdict is unknown (default 10s)");
  history_cmd->add_option("--initial-value", history.initial_value,
                          "every register's first state: an integer or nil (default 0)");
  history_cmd->add_flag("--strict-nil", history.strict_nil,
                        "a read of nil means the register holds nil, not \"value not known\"");

  ShrinkArguments shrink;
  CLI::App* shrink_cmd = app.add_subcommand(
      "shrink", "make a failing run smaller while it fails the same way; write it as a scenario");
  shrink_cmd->add_option("file", shrink.file, "scenario file")->required();
  std::string shrink_seed;
  shrink_cmd->add_option("--seed", shrink_seed, "the failing run's seed (default: the file's)");
  shrink_cmd->add_option("--set", shrink.overrides, "override a field: PATH=VALUE");
  shrink_cmd->add_option("--out", shrink.out_path,
                         "write the small scenario here (default: FILE's stem + -shrunk.json)");
  std::string runs_max;
  shrink_cmd->add_option("--runs-max", runs_max, "at most this many candidate runs (default 500)");

  CapacityArguments capacity;
  CLI::App* capacity_cmd = app.add_subcommand(
      "capacity", "find the highest open-loop rate that meets an SLO, and the latency curve");
  capacity_cmd->add_option("file", capacity.file, "scenario file (open-loop workload)")->required();
  capacity_cmd->add_option("--slo", capacity.slo, "the objective, e.g. \"get.latency.p99 < 20ms\"")
      ->required();
  capacity_cmd->add_option("--set", capacity.overrides, "override a field: PATH=VALUE");
  std::string capacity_seed;
  capacity_cmd->add_option("--seed", capacity_seed, "the runs' seed (default: the file's)");
  std::string capacity_low, capacity_high, capacity_runs_max;
  capacity_cmd->add_option("--low", capacity_low,
                           "lowest rate to try, per second (default: the scenario's rate / 10)");
  capacity_cmd->add_option("--high", capacity_high,
                           "highest rate to try, per second (default: twice the scenario's rate)");
  capacity_cmd->add_option("--runs-max", capacity_runs_max, "at most this many runs (default 30)");
  capacity_cmd->add_option("--json", capacity.json_path, "write the curve and max_rate here");
  capacity_cmd->add_option("--html", capacity.html_path,
                           "write the curve as a chart with the SLO and the found rate here");

  CLI::App* version_cmd = app.add_subcommand("version", "print the version");
  CLI::App* help_cmd = app.add_subcommand("help", "print this help");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return exit_bad_input;
  }
  if (run_cmd->parsed()) {
    const auto parsed = scar::sim::parse_duration(window);
    if (!parsed || parsed->count() <= 0) {
      fmt::print(stderr, "scar: --window: expected a duration such as 100ms or 1s, found \"{}\"\n",
                 window);
      return exit_bad_input;
    }
    run.window = *parsed;
    for (const char* option :
         {"--json", "--html", "--perfetto", "--trace", "--diagram", "--history", "--history-edn"}) {
      if (run_cmd->count(option) > 0 && run_cmd->get_option(option)->as<std::string>().empty()) {
        fmt::print(stderr, "scar: {}: expected a file name, found \"\"\n", option);
        return exit_bad_input;
      }
    }
    if (!read_seed(*run_cmd, seed, run.seed)) return exit_bad_input;
    if (!trace_max.empty() || run_cmd->count("--trace-max") > 0) {
      const auto lines = parse_unsigned(trace_max);
      if (!lines) {
        fmt::print(stderr,
                   "scar: --trace-max: expected a number of lines (0 or more), found \"{}\"\n",
                   trace_max);
        return exit_bad_input;
      }
      run.trace_max = *lines;
    }
    return run_command(run, [](const Scenario& scenario, const RunOptions& options) {
      return run_scenario(scenario, options);
    });
  }
  if (live_cmd->parsed()) {
    if (!read_seed(*live_cmd, live_seed, live.seed)) return exit_bad_input;
    return live_command(live);
  }
  if (calibrate_cmd->parsed()) return calibrate_command(calibrate);
  if (shrink_cmd->parsed()) {
    if (!read_seed(*shrink_cmd, shrink_seed, shrink.seed)) return exit_bad_input;
    if (shrink_cmd->count("--runs-max") > 0) {
      const auto runs = parse_unsigned(runs_max);
      if (!runs || *runs == 0) {
        fmt::print(stderr,
                   "scar: --runs-max: expected a number of runs (1 or more), found \"{}\"\n",
                   runs_max);
        return exit_bad_input;
      }
      shrink.runs_max = *runs;
    }
    if (shrink_cmd->count("--out") > 0 && shrink.out_path.empty()) {
      fmt::print(stderr, "scar: --out: expected a file name, found \"\"\n");
      return exit_bad_input;
    }
    return shrink_command(shrink);
  }
  if (capacity_cmd->parsed()) {
    if (!read_seed(*capacity_cmd, capacity_seed, capacity.seed)) return exit_bad_input;
    for (const auto& [option, text, rate] :
         {std::tuple{"--low", &capacity_low, &capacity.low},
          std::tuple{"--high", &capacity_high, &capacity.high}}) {
      if (capacity_cmd->count(option) == 0) continue;
      *rate = parse_rate(*text);
      if (!*rate) {
        fmt::print(stderr, "scar: {}: expected a rate per second above 0, found \"{}\"\n", option,
                   *text);
        return exit_bad_input;
      }
    }
    if (capacity_cmd->count("--runs-max") > 0) {
      const auto runs = parse_unsigned(capacity_runs_max);
      if (!runs || *runs < 2 || *runs > 1000) {
        fmt::print(stderr,
                   "scar: --runs-max: expected a number of runs from 2 to 1000, found \"{}\"\n",
                   capacity_runs_max);
        return exit_bad_input;
      }
      capacity.runs_max = static_cast<std::uint32_t>(*runs);
    }
    for (const char* option : {"--json", "--html"}) {
      if (capacity_cmd->count(option) > 0 &&
          capacity_cmd->get_option(option)->as<std::string>().empty()) {
        fmt::print(stderr, "scar: {}: expected a file name, found \"\"\n", option);
        return exit_bad_input;
      }
    }
    return capacity_command(capacity);
  }
  if (sweep_cmd->parsed() || merge_cmd->parsed()) {
    CLI::App* command = sweep_cmd->parsed() ? sweep_cmd : merge_cmd;
    if (command->count("--json") > 0 && command->get_option("--json")->as<std::string>().empty()) {
      fmt::print(stderr, "scar: --json: expected a file name, found \"\"\n");
      return exit_bad_input;
    }
  }
  if (sweep_cmd->parsed()) {
    if (sweep_cmd->count("--jobs") > 0) {
      const auto threads = parse_unsigned(jobs);
      if (!threads || *threads < 1 || *threads > sweep_jobs_max) {
        fmt::print(stderr,
                   "scar: --jobs: expected a number of threads from 1 to {}, found \"{}\"\n",
                   sweep_jobs_max, jobs);
        return exit_bad_input;
      }
      sweep.jobs = static_cast<unsigned>(*threads);
    }
    return sweep_command(sweep);
  }
  if (merge_cmd->parsed()) return merge_command(merge);
  if (check_cmd->parsed()) return check_command(check_file, check_overrides);
  if (compare_cmd->parsed()) return compare_command(compare);
  if (history_cmd->parsed()) return check_history_command(history);
  if (list_cmd->parsed()) return list_command(list_what);
  if (explain_cmd->parsed()) return explain_command(explain_name);
  if (version_cmd->parsed()) {
    fmt::print("scar {}\n", SCAR_VERSION);
    return exit_ok;
  }
  // app.help() would print the help of the selected subcommand: "help" itself.
  if (help_cmd->parsed())
    fmt::print("{}", app.get_formatter()->make_help(&app, "scar", CLI::AppFormatMode::Normal));
  return exit_ok;
}

}  // namespace

namespace scar::tools {

int main(int argc, char** argv, std::vector<nodes::Protocol> extra_protocols) {
  // Replay lines name this program: scar's own protocols and the program's run with it.
  if (argc > 0 && !extra_protocols.empty())
    set_command_name(std::filesystem::path(argv[0]).filename().string());
  if (auto problem = nodes::add_protocols(std::move(extra_protocols))) {
    fmt::print(stderr, "scar: cannot register the program's protocols: {}\n", *problem);
    return exit_internal;
  }
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    fmt::print(stderr, "scar: internal error: {}\n", error.what());
    return exit_internal;
  }
}

}  // namespace scar::tools
