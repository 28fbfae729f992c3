// The checker against Knossos' own verdicts on real Jepsen histories (tests/data/knossos,
// see its ATTRIBUTION.md) and against small histories whose verdicts follow from the
// definitions: ok operations must take effect between invocation and completion, fail
// operations never take effect, info operations at any time after invocation or never.
#include "reports/checkers/linearizability.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/checkers/history_file.h"

using namespace scar::reports::checkers;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path knossos = std::filesystem::path(SCAR_SOURCE_DIR) / "tests/data/knossos";

History load(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  auto read = read_history(text.str());
  if (const auto* error = std::get_if<LineError>(&read))
    FAIL(path << ":" << error->line << ": " << error->message);
  return std::get<History>(std::move(read));
}

std::vector<std::filesystem::path> histories(const char* folder) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(knossos / folder))
    paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

// A history built call by call: events in the order of the calls.
struct Builder {
  History history;
  std::size_t invoke(std::int64_t process, Function function, Value value,
                     Value new_value = std::nullopt, std::int64_t key = 0) {
    return history.invoke(process, key, function, value, new_value, {});
  }
  void ok(std::size_t operation, Value read = std::nullopt) {
    history.complete(operation, Outcome::ok, read, {});
  }
  void end(std::size_t operation, Outcome outcome) {
    history.complete(operation, outcome, std::nullopt, {});
  }
  std::size_t read(std::int64_t process, Value value, std::int64_t key = 0) {
    const std::size_t operation = invoke(process, Function::read, std::nullopt, {}, key);
    ok(operation, value);
    return operation;
  }
  std::size_t write(std::int64_t process, Value value, std::int64_t key = 0) {
    const std::size_t operation = invoke(process, Function::write, value, {}, key);
    ok(operation);
    return operation;
  }
};

Verdict verdict(const History& history, const Model& model = {}) {
  return check_linearizable(history, model).verdict;
}

}  // namespace

TEST_CASE("every Knossos good history is linearizable, quickly", "[linearizability]") {
  for (const auto& path : histories("good")) {
    INFO(path.filename());
    const CheckResult result = check_linearizable(load(path), Model{});
    CHECK(result.verdict == Verdict::linearizable);
    CHECK(result.elapsed < 1s);
  }
}

TEST_CASE("every Knossos bad history is not linearizable, quickly", "[linearizability]") {
  for (const auto& path : histories("bad")) {
    INFO(path.filename());
    const CheckResult result = check_linearizable(load(path), Model{});
    CHECK(result.verdict == Verdict::not_linearizable);
    CHECK(result.violation.has_value());
    CHECK(result.elapsed < 1s);
  }
}

TEST_CASE("the violation names the operation Knossos' tests name", "[linearizability]") {
  const struct {
    const char* file;
    std::int64_t process;
    std::int64_t value_read;
  } cases[] = {{"immediate-failure.edn", 1, 3},
               {"rethink-fail-minimal.edn", 1, 3},
               {"cas-failure.edn", 70, 0}};
  for (const auto& expected : cases) {
    INFO(expected.file);
    const History history = load(knossos / "bad" / expected.file);
    const CheckResult result = check_linearizable(history, Model{});
    REQUIRE(result.violation);
    const Operation& blocked = history.operations[result.violation->blocked];
    CHECK(blocked.process == expected.process);
    CHECK(blocked.function == Function::read);
    CHECK(blocked.value == expected.value_read);
  }
}

TEST_CASE("the reported prefix is a linearization and the blocked op cannot follow it",
          "[linearizability]") {
  // rethink-fail-minimal: 0 is written, then a read of 3 overlaps a write of 4.
  const History history = load(knossos / "bad/rethink-fail-minimal.edn");
  const Model model;
  const CheckResult result = check_linearizable(history, model);
  REQUIRE(result.violation);
  const Violation& violation = *result.violation;
  Value state = model.initial_value;
  for (const std::size_t index : violation.prefix) {
    const auto next = step(model, state, history.operations[index]);
    REQUIRE(next);
    state = *next;
  }
  CHECK(state == violation.state);
  CHECK(std::count(violation.prefix.begin(), violation.prefix.end(), violation.blocked) == 0);
  CHECK(std::count(violation.pending.begin(), violation.pending.end(), violation.blocked) == 1);
  CHECK_FALSE(step(model, violation.state, history.operations[violation.blocked]));
}

TEST_CASE("an indeterminate write may take effect long after its invocation", "[linearizability]") {
  Builder late;
  const auto write = late.invoke(1, Function::write, 1);
  late.end(write, Outcome::info);
  late.read(2, 0);
  late.read(2, 0);
  late.read(2, 1);
  CHECK(verdict(late.history) == Verdict::linearizable);

  Builder unfinished;  // never completed is indeterminate too
  unfinished.invoke(1, Function::write, 1);
  unfinished.read(2, 1);
  unfinished.read(2, 1);
  CHECK(verdict(unfinished.history) == Verdict::linearizable);

  Builder once;  // but it takes effect at most once
  const auto again = once.invoke(1, Function::write, 1);
  once.end(again, Outcome::info);
  once.read(2, 1);
  once.write(3, 2);
  once.read(2, 1);
  CHECK(verdict(once.history) == Verdict::not_linearizable);
}

TEST_CASE("an indeterminate operation may never take effect", "[linearizability]") {
  Builder builder;
  const auto cas = builder.invoke(1, Function::cas, 0, 5);
  builder.end(cas, Outcome::info);
  builder.read(2, 0);
  builder.read(2, 0);
  CHECK(verdict(builder.history) == Verdict::linearizable);
}

TEST_CASE("a failed operation never happened", "[linearizability]") {
  Builder builder;
  const auto write = builder.invoke(1, Function::write, 1);
  builder.end(write, Outcome::fail);
  builder.read(2, 1);
  CHECK(verdict(builder.history) == Verdict::not_linearizable);
}

TEST_CASE("completed operations keep their real-time order", "[linearizability]") {
  Builder sequential;
  sequential.write(1, 1);
  sequential.write(2, 2);
  sequential.read(3, 1);
  CHECK(verdict(sequential.history) == Verdict::not_linearizable);

  Builder concurrent;  // the same, but the second write overlaps the read
  concurrent.write(1, 1);
  const auto write = concurrent.invoke(2, Function::write, 2);
  concurrent.read(3, 1);
  concurrent.ok(write);
  CHECK(verdict(concurrent.history) == Verdict::linearizable);
}

TEST_CASE("kv checks each key on its own and names the broken key", "[linearizability]") {
  Builder builder;
  builder.history.independent_keys = true;
  builder.write(1, 1, 10);
  builder.write(1, 2, 20);
  builder.read(2, 1, 10);
  builder.read(2, 1, 20);  // key 20 holds 2
  const CheckResult result = check_linearizable(builder.history, Model{.kind = ModelKind::kv});
  CHECK(result.verdict == Verdict::not_linearizable);
  CHECK(result.keys_checked == 2);
  REQUIRE(result.violation);
  CHECK(result.violation->key == 20);
}

TEST_CASE("a 100,000-operation history is checked without deep recursion", "[linearizability]") {
  Builder builder;
  for (std::int64_t i = 0; i < 50'000; ++i) {
    builder.write(i % 5, i);
    builder.read((i + 1) % 5, i);
  }
  const CheckResult result = check_linearizable(builder.history, Model{});
  CHECK(result.verdict == Verdict::linearizable);
  CHECK(result.operations_checked == 100'000);
}

TEST_CASE("past the time or memory limit the verdict is unknown", "[linearizability]") {
  // 24 concurrent indeterminate writes of distinct values, then a read of a value none
  // wrote: proving it impossible means trying every subset of the writes.
  Builder builder;
  for (std::int64_t process = 0; process < 24; ++process)
    builder.invoke(process, Function::write, process + 1);
  builder.read(100, 99);
  const CheckResult timed = check_linearizable(builder.history, Model{}, {.time_max = 20ms});
  CHECK(timed.verdict == Verdict::unknown);
  CHECK(timed.unknown_reason == "the time limit was reached");
  CHECK(timed.elapsed < 1s);
  CHECK_FALSE(timed.violation);
  const CheckResult memory =
      check_linearizable(builder.history, Model{}, {.memo_bytes_max = 1 << 20});
  CHECK(memory.verdict == Verdict::unknown);
  CHECK(memory.unknown_reason == "the memo reached its limit of 1 MiB");
}
