// dual-write's mechanism on its three nodes (n1 the application, n2 store A, n3 store B)
// with an instant network: a put lands on both stores or the stores diverge.
#include "nodes/dual_write.h"

#include <catch2/catch.hpp>

#include "tests/nodes/scripted_client.h"
#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;
using nodes::ReplyStatus;
using testing::get_request;
using testing::put_request;

namespace {

struct DualWriteCluster {
  explicit DualWriteCluster(std::string retry = "none") : world(testing::instant_network()) {
    auto options = nodes::ProtocolOptions::defaults(nodes::dual_write_options());
    options.set("retry", std::move(retry));
    for (const char* name : {"n1", "n2", "n3"}) {
      sim::NodeSpec spec;
      spec.name = name;
      spec.make = [options] { return std::make_unique<nodes::DualWriteServer>(options); };
      servers.push_back(world.add_node(std::move(spec)));
    }
  }

  testing::Replies run(std::vector<testing::ScriptedRequest> script) {
    testing::Replies replies;
    world.add_node(testing::scripted_client(std::move(script), replies));
    world.start();
    world.run_until(sim::at(3s));
    return replies;
  }

  const nodes::DualWriteServer& server(std::uint32_t index) const {
    return dynamic_cast<const nodes::DualWriteServer&>(*world.node(servers[index]));
  }
  std::optional<std::uint64_t> held(std::uint32_t store, std::uint64_t key) const {
    const auto& contents = server(store).replica_contents();
    const auto found = contents.find(key);
    return found == contents.end() ? std::nullopt : std::optional(found->second);
  }
  void fail_writes(std::uint32_t store, bool fail) {
    world.disk(servers[store]).faults().fail_writes = fail;
  }

  sim::World world;
  std::vector<sim::NodeId> servers;
};

}  // namespace

TEST_CASE("a put acknowledged ok is on both stores, and a get reads store A", "[dual-write]") {
  DualWriteCluster cluster;
  const auto replies = cluster.run({{10ms, 0, put_request(1, 10)}, {20ms, 0, get_request(1)}});
  REQUIRE(replies.size() == 2);
  CHECK(replies[0]->status == ReplyStatus::ok);
  CHECK(cluster.held(1, 1) == 10);
  CHECK(cluster.held(2, 1) == 10);
  CHECK(replies[1]->found);
  CHECK(replies[1]->value == 10);
}

TEST_CASE("when store B fails the write, the put answers error and the stores diverge",
          "[dual-write]") {
  DualWriteCluster cluster;
  cluster.fail_writes(2, true);
  const auto replies = cluster.run({{10ms, 0, put_request(1, 10)}, {20ms, 0, get_request(1)}});
  REQUIRE(replies.size() == 2);
  CHECK(replies[0]->status == ReplyStatus::error);
  CHECK(cluster.held(1, 1) == 10);  // A took it and keeps it
  CHECK_FALSE(cluster.held(2, 1).has_value());
  CHECK(replies[1]->value == 10);  // and readers see the "failed" put
}

TEST_CASE("when store A fails the write, the put is refused and neither store changes",
          "[dual-write]") {
  DualWriteCluster cluster;
  cluster.fail_writes(1, true);
  const auto replies = cluster.run({{10ms, 0, put_request(1, 10)}});
  REQUIRE(replies.size() == 1);
  CHECK(replies[0]->status == ReplyStatus::refused);
  CHECK_FALSE(cluster.held(1, 1).has_value());
  CHECK_FALSE(cluster.held(2, 1).has_value());
}

TEST_CASE("retry=until_success lands store B's write once its disk recovers", "[dual-write]") {
  DualWriteCluster cluster("until_success");
  cluster.fail_writes(2, true);
  cluster.world.schedule(sim::at(150ms), [&cluster] { cluster.fail_writes(2, false); });
  const auto replies = cluster.run({{10ms, 0, put_request(1, 10)}});
  REQUIRE(replies.size() == 1);
  CHECK(replies[0]->status == ReplyStatus::ok);
  CHECK(cluster.held(2, 1) == 10);
}

TEST_CASE("the application keeps no copy: only the two stores are replicas", "[dual-write]") {
  DualWriteCluster cluster;
  cluster.run({});
  CHECK_FALSE(cluster.server(0).is_replica());
  CHECK(cluster.server(1).is_replica());
  CHECK(cluster.server(2).is_replica());
  CHECK(cluster.server(0).role() == "application");
}
