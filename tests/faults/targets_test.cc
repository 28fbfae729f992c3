#include "faults/targets.h"

#include <fmt/format.h>

#include <catch2/catch.hpp>

#include "faults/injector.h"
#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;

namespace {

class RoleNode final : public sim::Node {
 public:
  explicit RoleNode(std::string role) : role_(std::move(role)) {}
  std::string_view role() const override { return role_; }

 private:
  std::string role_;
};

void add(sim::World& world, std::string name, std::string role, std::string zone = "z1",
         bool server = true) {
  sim::NodeSpec spec;
  spec.name = std::move(name);
  spec.zone = std::move(zone);
  spec.server = server;
  spec.make = [role] { return std::make_unique<RoleNode>(role); };
  world.add_node(std::move(spec));
}

std::vector<std::string> names(const sim::World& world, const std::vector<sim::NodeId>& ids) {
  std::vector<std::string> result;
  for (auto id : ids) result.emplace_back(world.name(id));
  return result;
}

}  // namespace

TEST_CASE("targets resolve by name, glob, zone, role and word", "[faults][targets]") {
  sim::World world(testing::instant_network());
  add(world, "n1", "backup");
  add(world, "n2", "primary", "z2");
  add(world, "n3", "backup", "z2");
  add(world, "n4", "backup");
  add(world, "n5", "backup");
  add(world, "c1", "client", "z1", false);
  add(world, "c2", "client", "z1", false);
  world.start();
  sim::Random random(1, "t");
  using V = std::vector<std::string>;
  CHECK(names(world, faults::resolve_target("n3", world, random)) == V{"n3"});
  CHECK(names(world, faults::resolve_target("c*", world, random)) == V{"c1", "c2"});
  CHECK(names(world, faults::resolve_target("zone:z2", world, random)) == V{"n2", "n3"});
  CHECK(names(world, faults::resolve_target("leader", world, random)) == V{"n2"});
  CHECK(faults::resolve_target("all", world, random).size() == 5);
  CHECK(faults::resolve_target("random", world, random).size() == 1);
  CHECK(faults::resolve_target("random_minority", world, random).size() == 2);
  CHECK(faults::resolve_target("majority", world, random).size() == 3);
  world.crash(sim::NodeId{1});
  CHECK(faults::resolve_target("leader", world, random).empty());  // no primary is up
}

TEST_CASE("random targets are drawn from the given stream, so they replay", "[faults][targets]") {
  sim::World world(testing::instant_network());
  for (int i = 1; i <= 9; ++i) add(world, fmt::format("n{}", i), "");
  world.start();
  sim::Random a(7, "fault/0"), b(7, "fault/0");
  for (int i = 0; i < 20; ++i) {
    CHECK(faults::resolve_target("majority", world, a) ==
          faults::resolve_target("majority", world, b));
  }
}

TEST_CASE("the nemesis never takes down more than a minority at once", "[faults][nemesis]") {
  sim::World world(testing::instant_network());
  for (int i = 1; i <= 5; ++i) add(world, fmt::format("n{}", i), "");
  faults::NemesisSpec nemesis{{"crash_restart", "gc_pause", "partition"}, 200ms, 1s, "minority"};
  faults::FaultInjector injector({}, nemesis, 60s, 3);
  CHECK(injector.plan().size() > 100);  // overlapping windows: the limit must bite
  injector.schedule(world);
  world.start();
  std::size_t most_down = 0;
  for (int step = 1; step <= 6000; ++step) {
    world.run_until(sim::at(step * 10ms));
    std::size_t down = 0;
    for (sim::NodeId server : world.servers()) {
      down += !world.is_up(server) || world.is_paused(server) ? 1 : 0;
    }
    most_down = std::max(most_down, down);
  }
  CHECK(most_down >= 1);
  CHECK(most_down <= 2);  // floor((5 - 1) / 2)
  for (const auto& fault : injector.timeline()) CHECK(fault.targets.size() <= 2);
}

TEST_CASE("the nemesis plan is a function of the seed", "[faults][nemesis]") {
  faults::NemesisSpec nemesis{{"crash_restart", "slow_disk"}, 2s, 500ms, "minority"};
  faults::FaultInjector a({}, nemesis, 60s, 11), b({}, nemesis, 60s, 11), c({}, nemesis, 60s, 12);
  auto summary = [](const faults::FaultInjector& injector) {
    std::vector<std::pair<std::string, std::int64_t>> plan;
    for (const auto& fault : injector.plan())
      plan.emplace_back(fault.spec.kind, sim::to_ns(fault.start));
    return plan;
  };
  CHECK(summary(a) == summary(b));
  CHECK(summary(a) != summary(c));
  for (const auto& fault : a.plan()) CHECK(fault.end <= sim::at(60s));
}
