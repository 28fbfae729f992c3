// The message diagram: a time axis, a colour per message type, drops on the lanes where
// they happened, faults shaded, and a busy window thinned with a note.
#include "reports/message_diagram.h"

#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <variant>

#include "tests/reports/xml_problem.h"
#include "tools/runner.h"
#include "tools/scenario_loader.h"
#include "tools/scenario_readers.h"

using namespace std::chrono_literals;
using namespace scar;

namespace {

std::string diagram_of(const char* file, sim::Time from, sim::Time to,
                       std::size_t messages_max = 100) {
  auto loaded = tools::load_scenario(std::string(SCAR_SOURCE_DIR) + "/scenarios/" + file);
  REQUIRE(std::holds_alternative<tools::Scenario>(loaded));
  const tools::Scenario& scenario = std::get<tools::Scenario>(loaded);
  reports::MessageDiagram diagram(tools::node_names(scenario), from, to, messages_max);
  tools::run_scenario(scenario, {.observer = &diagram});
  return diagram.svg();
}

// The first group of every match of `pattern` in `svg`.
std::set<std::string> matches(const std::string& svg, const std::string& pattern) {
  std::set<std::string> result;
  const std::regex regex(pattern);
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), regex); it != std::sregex_iterator();
       ++it) {
    result.insert((*it)[1]);
  }
  return result;
}

}  // namespace

TEST_CASE("the message diagram thins a busy window and says where it stops", "[diagram]") {
  const std::string svg = diagram_of("fault-crash.json", sim::Time{3900ms}, sim::Time{4100ms}, 50);
  CHECK(testing::xml_problem(svg).empty());
  CHECK(svg.find("marker-end") != std::string::npos);
  CHECK(svg.find("the first 50 of ") != std::string::npos);
  CHECK(svg.find("the diagram stops at 3.9") != std::string::npos);
  CHECK(svg.find("n3 down") != std::string::npos);  // n3 crashed at 4 s
}

TEST_CASE("the message diagram has a time axis with enough digits and a colour per type",
          "[diagram]") {
  const std::string svg = diagram_of("primary-backup.json", sim::Time{5s}, sim::Time{5005ms});
  CHECK(svg.find("messages sent 5s..5.005s") != std::string::npos);
  CHECK(svg.find(">5.0010s<") != std::string::npos);  // a tick, every 0.5 ms
  for (const char* type :
       {"client_request (", "client_reply (", "replicate (", "replicate_ack ("}) {
    INFO(type);
    CHECK(svg.find(type) != std::string::npos);
  }
  CHECK(matches(svg, R"re(<line [^>]*stroke="(#[0-9a-f]{6})" stroke-width="1.2")re").size() == 4);
}

TEST_CASE("a message cut by a partition is crossed between lanes, never on another lane",
          "[diagram]") {
  const std::string svg = diagram_of("fault-partition.json", sim::Time{4990ms}, sim::Time{5030ms});
  CHECK(testing::xml_problem(svg).empty());
  CHECK(svg.find("partition n1 5s..8s") != std::string::npos);  // the fault, shaded
  const std::set<std::string> lanes =
      matches(svg, R"re(<line x1="([0-9.]+)" y1="[0-9.]+" x2="\1" y2="[0-9.]+" stroke="#999")re");
  const std::set<std::string> crosses =
      matches(svg, R"re(<text x="([0-9.]+)" y="[0-9.]+" text-anchor="middle" fill="#c62828")re");
  REQUIRE(lanes.size() >= 3);
  REQUIRE(!crosses.empty());
  for (const std::string& cross : crosses) {
    for (const std::string& lane : lanes) CHECK(std::abs(std::stod(cross) - std::stod(lane)) > 10);
  }
}
