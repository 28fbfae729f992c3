// The Perfetto trace: valid Trace Event Format, every flow with both ends.
#include "reports/perfetto_trace.h"

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <variant>

#include "reports/message_diagram.h"
#include "tools/observer_fan_out.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"
#include "tools/scenario_readers.h"

using namespace std::chrono_literals;
using namespace scar;
using Json = nlohmann::json;

namespace {

struct Outputs {
  std::string perfetto;
  std::string diagram;
};

Outputs run_with_outputs(const char* file, sim::Time from, sim::Time to) {
  auto loaded = tools::load_scenario(std::string(SCAR_SOURCE_DIR) + "/scenarios/" + file);
  REQUIRE(std::holds_alternative<tools::Scenario>(loaded));
  const tools::Scenario& scenario = std::get<tools::Scenario>(loaded);
  reports::PerfettoTrace trace(tools::node_names(scenario), scenario.cluster.nodes);
  reports::MessageDiagram diagram(tools::node_names(scenario), from, to, 50);
  tools::ObserverFanOut both;
  both.add(&trace);
  both.add(&diagram);
  tools::run_scenario(scenario, {.observer = &both});
  return {trace.json(), diagram.svg()};
}

}  // namespace

TEST_CASE("the Perfetto trace is valid Trace Event Format with both ends of every flow",
          "[perfetto]") {
  const Outputs outputs =
      run_with_outputs("fault-crash.json", sim::Time{3900ms}, sim::Time{4100ms});
  const Json trace = Json::parse(outputs.perfetto);
  REQUIRE(trace.contains("traceEvents"));
  std::map<std::uint64_t, std::set<std::string>> flows;
  std::map<std::uint64_t, int> async_balance;
  std::set<std::string> categories;
  for (const Json& event : trace.at("traceEvents")) {
    REQUIRE(event.contains("name"));
    REQUIRE(event.contains("ph"));
    REQUIRE(event.contains("pid"));
    const std::string phase = event.at("ph");
    CHECK(std::string("MXsfibe").find(phase) != std::string::npos);
    if (phase == "M") continue;
    REQUIRE(event.contains("tid"));
    REQUIRE(event.at("ts").is_number());
    CHECK(event.at("ts").get<double>() >= 0);
    categories.insert(event.at("cat").get<std::string>());
    if (phase == "X") CHECK(event.at("dur").get<double>() >= 0);
    if (phase == "s" || phase == "f") flows[event.at("id").get<std::uint64_t>()].insert(phase);
    if (phase == "b") ++async_balance[event.at("id").get<std::uint64_t>()];
    if (phase == "e") --async_balance[event.at("id").get<std::uint64_t>()];
  }
  CHECK(flows.size() > 1000);
  for (const auto& [id, ends] : flows) {
    INFO("flow " << id);
    CHECK(ends == std::set<std::string>{"s", "f"});
  }
  for (const auto& [id, balance] : async_balance) CHECK(balance == 0);
  for (const char* category : {"cpu", "message", "operation", "fault", "node"}) {
    INFO(category);
    CHECK(categories.contains(category));
  }
}

namespace {

struct Slice {
  double start, end;
};

// Complete slices by track (pid, tid).
std::map<std::pair<int, std::uint64_t>, std::vector<Slice>> slices_by_track(const Json& trace) {
  std::map<std::pair<int, std::uint64_t>, std::vector<Slice>> tracks;
  for (const Json& event : trace.at("traceEvents")) {
    if (event.at("ph") != "X") continue;
    const double start = event.at("ts").get<double>();
    tracks[{event.at("pid").get<int>(), event.at("tid").get<std::uint64_t>()}].push_back(
        {start, start + event.at("dur").get<double>()});
  }
  return tracks;
}

}  // namespace

TEST_CASE("slices on a track nest, and every flow ends on a visible slice", "[perfetto]") {
  const Json trace = Json::parse(
      run_with_outputs("lesson-gc-pause.json", sim::Time{9900ms}, sim::Time{9901ms}).perfetto);
  constexpr double epsilon_us = 1e-6;
  auto tracks = slices_by_track(trace);
  for (auto& [track, slices] : tracks) {
    std::sort(slices.begin(), slices.end(), [](const Slice& a, const Slice& b) {
      return a.start < b.start || (a.start == b.start && a.end > b.end);
    });
    std::vector<double> open_ends;
    for (const Slice& slice : slices) {
      while (!open_ends.empty() && open_ends.back() <= slice.start + epsilon_us) {
        open_ends.pop_back();
      }
      INFO("track " << track.first << "/" << track.second << " slice at " << slice.start);
      if (!open_ends.empty()) REQUIRE(slice.end <= open_ends.back() + epsilon_us);
      open_ends.push_back(slice.end);
    }
  }
  std::size_t flows = 0, on_visible = 0;
  for (const Json& event : trace.at("traceEvents")) {
    if (event.at("ph") != "f") continue;
    ++flows;
    const double at = event.at("ts").get<double>();
    for (const Slice& slice :
         tracks[{event.at("pid").get<int>(), event.at("tid").get<std::uint64_t>()}]) {
      if (slice.start <= at && at < slice.end && slice.end - slice.start >= 0.5) {
        ++on_visible;
        break;
      }
    }
  }
  REQUIRE(flows > 1000);
  CHECK(on_visible == flows);
}

TEST_CASE("operations sit on their client's tracks and faults on their targets' tracks",
          "[perfetto]") {
  const Json trace = Json::parse(
      run_with_outputs("lesson-gc-pause.json", sim::Time{9900ms}, sim::Time{9901ms}).perfetto);
  std::map<std::pair<int, std::uint64_t>, std::string> track_names;
  for (const Json& event : trace.at("traceEvents")) {
    if (event.at("name") == "thread_name") {
      track_names[{event.at("pid").get<int>(), event.at("tid").get<std::uint64_t>()}] =
          event.at("args").at("name");
    }
  }
  std::set<std::string> operation_tracks, fault_tracks;
  for (const Json& event : trace.at("traceEvents")) {
    const auto track = std::pair{event.at("pid").get<int>(), event.value("tid", std::uint64_t{0})};
    if (event.value("cat", "") == "operation") operation_tracks.insert(track_names[track]);
    if (event.value("cat", "") == "fault") fault_tracks.insert(track_names[track]);
  }
  CHECK(operation_tracks.contains("c1 operations"));  // one client, open loop: overlaps
  CHECK(operation_tracks.contains("c1 operations 2"));
  CHECK(fault_tracks == std::set<std::string>{"n1 faults"});
}
