// scar shrink: a failing run becomes a small scenario that fails the same way on its own.
//
// The kv scenario below loses acknowledged writes for exactly one reason: its only server
// acknowledges a put once the log record is in the disk's cache (durability=write), and
// the crash_restart throws that cache away. The other faults slow, pause, skew or drop
// things but lose nothing, so delta debugging must remove all of them and keep the crash.
#include "tools/shrink.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <variant>

#include "tests/support/scenario_or_fail.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"

using namespace scar;

namespace {

// A file in the temporary directory, removed when this goes.
class TemporaryFile {
 public:
  TemporaryFile(const std::string& name, const std::string& text)
      : path_(std::filesystem::temp_directory_path() /
              ("scar-shrink-test-" + std::to_string(::getpid()) + "-" + name)) {
    std::ofstream(path_) << text;
  }
  ~TemporaryFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

constexpr const char* one_bad_fault = R"({
  "duration": "10s",
  "cluster": {"protocol": "kv", "nodes": 1, "options": {"durability": "write"}},
  "workload": {"clients": 2, "rate": 200, "mix": {"get": 0.5, "put": 0.5}, "timeout": "300ms"},
  "faults": [
    {"kind": "gc_pause", "at": "1s", "duration": "300ms", "target": "n1"},
    {"kind": "slow_disk", "at": "2s", "duration": "1s", "target": "n1", "factor": 50},
    {"kind": "clock_skew", "at": "3s", "duration": "1s", "target": "n1"},
    {"kind": "packet_loss", "at": "4s", "duration": "500ms", "target": "c1", "probability": 0.2},
    {"kind": "crash_restart", "at": "6s", "duration": "500ms", "target": "n1"},
    {"kind": "slow_node", "at": "8s", "duration": "1s", "target": "n1", "factor": 5}
  ],
  "expect": ["lost_acknowledged_writes == 0"]
})";

// Loads `text` on its own (as a file would be) and runs it once.
tools::RunOutcome run_alone(const std::string& text) {
  auto loaded = scar::testing::scenario_or_fail(tools::parse_scenario(text, "shrunk.json"));
  return tools::run_once(loaded);
}

}  // namespace

TEST_CASE("one harmful fault among harmless ones shrinks to that fault, which fails alone",
          "[shrink]") {
  const TemporaryFile file("one-bad-fault.json", one_bad_fault);
  const tools::ShrinkResult result = tools::shrink({.file = file.path()});
  REQUIRE(result.status == tools::ShrinkResult::Status::shrunk);
  CHECK(result.input.kind == tools::RunOutcome::Kind::failed);
  CHECK(result.explicit_values.faults.size() == 6);
  REQUIRE(result.shrunk_values.faults.size() == 1);
  CHECK(result.shrunk_values.faults[0].kind == "crash_restart");
  CHECK(result.shrunk_values.faults[0].target == "n1");
  CHECK(result.shrunk_values.duration < std::chrono::seconds{10});

  const tools::RunOutcome alone = run_alone(result.scenario_text);
  CHECK(alone.same_failure(result.input));
  REQUIRE(alone.failed_expectations.size() == 1);
  CHECK(alone.failed_expectations[0].text == "lost_acknowledged_writes == 0");
  CHECK(alone.failed_expectations[0].actual >= 1);
}

TEST_CASE("shrinking is deterministic: the same request gives the same scenario", "[shrink]") {
  const TemporaryFile file("deterministic.json", one_bad_fault);
  const tools::ShrinkResult first = tools::shrink({.file = file.path()});
  const tools::ShrinkResult second = tools::shrink({.file = file.path()});
  REQUIRE(first.status == tools::ShrinkResult::Status::shrunk);
  CHECK(first.scenario_text == second.scenario_text);
  CHECK(first.runs == second.runs);
}

TEST_CASE("a run that does not fail is refused: nothing to shrink", "[shrink]") {
  const TemporaryFile file("passes.json", one_bad_fault);
  const tools::ShrinkResult result =
      tools::shrink({.file = file.path(), .overrides = {"cluster.options.durability=fsync"}});
  CHECK(result.status == tools::ShrinkResult::Status::passes);
  CHECK(result.input.kind == tools::RunOutcome::Kind::held);
  CHECK(result.scenario_text.empty());
}

TEST_CASE("a bad scenario is bad input, named by its JSON path", "[shrink]") {
  const TemporaryFile file("typo.json", R"({"workload": {"rtae": 5}})");
  const tools::ShrinkResult result = tools::shrink({.file = file.path()});
  CHECK(result.status == tools::ShrinkResult::Status::bad_input);
  CHECK_THAT(result.problem, Catch::Contains("workload.rtae"));
}

TEST_CASE("the shrinker spends at most --runs-max candidate runs", "[shrink]") {
  const TemporaryFile file("budget.json", one_bad_fault);
  const tools::ShrinkResult result = tools::shrink({.file = file.path(), .runs_max = 3});
  REQUIRE(result.status == tools::ShrinkResult::Status::shrunk);
  CHECK(result.candidate_runs == 3);
  CHECK(result.runs == 5);  // and the input run, and the explicit schedule's
  CHECK(result.budget_spent);
  CHECK(run_alone(result.scenario_text).same_failure(result.input));
}

// The issue's acceptance: a failing nemesis run becomes a scenario with at most three
// faults that fails the same way when run on its own. Majority replication that only
// writes its log to the disk's cache loses acknowledged writes when the nemesis crashes the
// primary.
TEST_CASE("a failing nemesis run shrinks to at most three faults that fail the same way alone",
          "[shrink][nemesis]") {
  const tools::ShrinkResult result =
      tools::shrink({.file = std::string(SCAR_SOURCE_DIR) + "/scenarios/nemesis.json",
                     .overrides = {"cluster.options.durability=write", "duration=30s"},
                     .seed = 2});
  REQUIRE(result.status == tools::ShrinkResult::Status::shrunk);
  CHECK(result.faults_input > 3);
  CHECK(result.explicit_outcome.same_failure(result.input));
  CHECK(result.shrunk_values.faults.size() <= 3);
  CHECK(result.scenario_text.find("nemesis") == std::string::npos);
  CHECK(run_alone(result.scenario_text).same_failure(result.input));
}
