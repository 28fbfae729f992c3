// The `scar` subcommands, behind the command-line parsing in main.cc. Each returns the
// process exit code (exit_code below) and prints to stdout, errors to stderr.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace scar::reports {
struct RunReport;
}  // namespace scar::reports

namespace scar::tools {

enum exit_code : int {
  exit_ok = 0,         // every expectation held
  exit_failed = 1,     // an expectation or checker failed
  exit_bad_input = 2,  // bad scenario or usage
  exit_limit = 3,      // a run limit was hit (possible liveness failure)
  exit_internal = 70,  // a bug in scar
};

struct RunArguments {
  std::string file;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> overrides;
  std::string json_path;
  std::string html_path;
  std::string perfetto_path;
  std::string diagram;  // "FROM..TO", with html_path
  std::string trace_path;
  std::string history_path;      // the clients' history as JSON lines
  std::string history_edn_path;  // ... and in Jepsen's EDN
  std::uint64_t trace_max = 1'000'000;
  std::chrono::nanoseconds window = std::chrono::seconds{1};
  bool check_determinism = false;
  bool quiet = false;
};

struct Scenario;
struct RunOptions;
// How a loaded scenario is run: the simulator (run_scenario), or for real (scar live).
using Runtime = std::function<reports::RunReport(const Scenario&, const RunOptions&)>;
// `scar run`; `scar live` is the same with the live runtime.
int run_command(const RunArguments& arguments, const Runtime& runtime);
int check_command(const std::string& file, const std::vector<std::string>& overrides);
int list_command(const std::string& what);
// `scar explain NAME`: a lesson's story and the commands for its two variants.
int explain_command(const std::string& name);

struct CompareArguments {
  std::string base;
  std::string current;
  std::vector<std::string> max_regression;  // METRIC=LIMIT
  bool force = false;
  std::string html_path;
};
int compare_command(const CompareArguments& arguments);

}  // namespace scar::tools
