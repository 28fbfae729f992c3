// The quorum protocol's mechanisms, each on a three-replica cluster with an instant
// network: quorum sizes, timestamp order and its tie-breaks, read repair, and the logical
// clock's query-then-write that makes a put from a slow clock still win.
#include "nodes/quorum/quorum.h"

#include <catch2/catch.hpp>

#include "nodes/quorum/versioned_store.h"
#include "tests/nodes/scripted_client.h"
#include "tests/sim/script_node.h"
#include "tools/scenario_loader.h"

using namespace std::chrono_literals;
using namespace scar;
using nodes::ReplyStatus;
using nodes::Version;
using testing::get_request;
using testing::put_request;

namespace {

struct QuorumCluster {
  explicit QuorumCluster(nodes::ProtocolOptions options) : world(testing::instant_network()) {
    for (const char* name : {"n1", "n2", "n3"}) {
      sim::NodeSpec spec;
      spec.name = name;
      spec.make = [options] { return std::make_unique<nodes::QuorumServer>(options); };
      servers.push_back(world.add_node(std::move(spec)));
    }
  }

  // Runs `script` from a client and returns its replies.
  testing::Replies run(std::vector<testing::ScriptedRequest> script, sim::Duration until = 2s) {
    testing::Replies replies;
    world.add_node(testing::scripted_client(std::move(script), replies));
    world.start();
    world.run_until(sim::at(until));
    return replies;
  }

  const nodes::RegisterStore::Map& contents(std::uint32_t server) const {
    return dynamic_cast<const nodes::QuorumServer&>(*world.node(servers[server]))
        .replica_contents();
  }

  sim::World world;
  std::vector<sim::NodeId> servers;
};

nodes::ProtocolOptions options(double r, double w, std::string clock = "logical",
                               std::string read_repair = "sync") {
  auto result = nodes::ProtocolOptions::defaults(nodes::quorum_options());
  result.set("r", r);
  result.set("w", w);
  result.set("clock", std::move(clock));
  result.set("read_repair", std::move(read_repair));
  return result;
}

std::optional<std::uint64_t> held(const nodes::RegisterStore::Map& contents, std::uint64_t key) {
  const auto found = contents.find(key);
  return found == contents.end() ? std::nullopt : std::optional(found->second);
}

// Asks `replica` for its version of `key` after `delay`.
sim::Task<> read_version_at(sim::Context& ctx, sim::Duration delay, sim::NodeId replica,
                            std::uint64_t key, std::optional<Version>* version) {
  co_await ctx.sleep_for(delay);
  const auto reply = co_await ctx.call<nodes::QuorumReadReply>(replica, nodes::QuorumRead{key}, 1s);
  if (reply) *version = reply->version;
}

}  // namespace

TEST_CASE("versions order by counter, then the coordinator's node id, then the value", "[quorum]") {
  CHECK(Version{1, 2, 9} < Version{2, 0, 0});   // the counter decides first
  CHECK(Version{5, 0, 9} < Version{5, 1, 0});   // equal counters: the higher node id wins
  CHECK(Version{5, 1, 3} < Version{5, 1, 4});   // the same coordinator and counter: the value
  CHECK(Version{-2, 0, 0} < Version{0, 0, 0});  // a clock behind the epoch still orders
}

TEST_CASE("a replica keeps the newest version it is offered and ignores older ones", "[quorum]") {
  nodes::VersionedStore store;
  CHECK(store.offer(7, Version{3, 0, 30}));
  CHECK_FALSE(store.offer(7, Version{2, 2, 20}));  // older: ignored
  CHECK(store.newest(7) == Version{3, 0, 30});
  CHECK(store.offer(7, Version{3, 1, 31}));  // a tie broken by node id
  CHECK(store.values().at(7) == 31);
  CHECK_FALSE(store.newest(8).has_value());
}

TEST_CASE(
    "a put needs w acknowledgements: with one replica of three cut off w=2 succeeds "
    "and w=3 fails",
    "[quorum]") {
  const double w = GENERATE(2.0, 3.0);
  QuorumCluster cluster(options(1, w));
  cluster.world.schedule(sim::at(0ms),
                         [&cluster] { testing::isolate(cluster.world, cluster.servers[2]); });
  const auto replies = cluster.run({{1ms, 0, put_request(1, 10)}});
  REQUIRE(replies.size() == 1);
  REQUIRE(replies[0].has_value());
  CHECK(replies[0]->status == (w == 2 ? ReplyStatus::ok : ReplyStatus::error));
  CHECK(held(cluster.contents(0), 1) == 10);  // written where it reached, either way
  CHECK_FALSE(held(cluster.contents(2), 1).has_value());
}

TEST_CASE("a get needs r replies: with one replica of three cut off r=2 reads and r=3 fails",
          "[quorum]") {
  const double r = GENERATE(2.0, 3.0);
  QuorumCluster cluster(options(r, 1, "wall"));
  cluster.world.schedule(sim::at(0ms),
                         [&cluster] { testing::isolate(cluster.world, cluster.servers[2]); });
  const auto replies = cluster.run({{1ms, 0, put_request(1, 10)}, {200ms, 0, get_request(1)}});
  REQUIRE(replies.size() == 2);
  REQUIRE(replies[1].has_value());
  if (r == 2) {
    CHECK(replies[1]->status == ReplyStatus::ok);
    CHECK(replies[1]->found);
    CHECK(replies[1]->value == 10);
  } else {
    CHECK(replies[1]->status == ReplyStatus::error);
  }
}

TEST_CASE(
    "a get returns the newest version among its replies and writes it back to the "
    "replica that answered older",
    "[quorum]") {
  const std::string read_repair = GENERATE("sync", "async");
  QuorumCluster cluster(options(3, 2, "wall", read_repair));  // wall: puts need no read quorum
  // n3 misses the second put, then comes back holding the first.
  sim::World& world = cluster.world;
  const sim::NodeId n3 = cluster.servers[2];
  world.schedule(sim::at(50ms), [&world, n3] {
    const auto cut = testing::isolate(world, n3);
    world.schedule(sim::at(150ms), [&world, cut] { world.network_faults().heal_cut(cut); });
  });
  std::optional<std::uint64_t> n3_before_get;
  world.schedule(sim::at(190ms), [&] { n3_before_get = held(cluster.contents(2), 1); });
  const auto replies = cluster.run(
      {{1ms, 0, put_request(1, 10)}, {100ms, 1, put_request(1, 11)}, {200ms, 0, get_request(1)}});
  REQUIRE(replies.size() == 3);
  CHECK(replies[1]->status == ReplyStatus::ok);
  CHECK(n3_before_get == 10);
  CHECK(replies[2]->value == 11);             // the newest of n1 (11), n2 (11), n3 (10)
  CHECK(held(cluster.contents(2), 1) == 11);  // repaired
}

TEST_CASE(
    "with clock=wall a put coordinated by a clock 2 s behind is acknowledged and lost; "
    "with clock=logical it wins",
    "[quorum]") {
  const std::string clock = GENERATE("wall", "logical");
  QuorumCluster cluster(options(2, 2, clock));
  cluster.world.clock(cluster.servers[0]).offset = -2s;
  const auto replies = cluster.run({{10ms, 1, put_request(1, 10)},  // n2: the right time
                                    {20ms, 0, put_request(1, 20)},  // n1: 2 s behind
                                    {30ms, 2, get_request(1)}});
  REQUIRE(replies.size() == 3);
  CHECK(replies[1]->status == ReplyStatus::ok);  // acknowledged either way
  CHECK(replies[2]->value == (clock == "wall" ? 10 : 20));
}

TEST_CASE(
    "with clock=logical a put is stamped one past the newest counter a read quorum "
    "reports, with its coordinator's node id",
    "[quorum]") {
  QuorumCluster cluster(options(2, 2));
  sim::World& world = cluster.world;
  std::optional<Version> n3_holds;
  sim::NodeSpec inspector = testing::scripted(
      "inspector", {.start = [&n3_holds, n3 = cluster.servers[2]](sim::Context& ctx) {
        ctx.spawn(read_version_at(ctx, 100ms, n3, 1, &n3_holds));
      }});
  inspector.server = false;
  world.add_node(std::move(inspector));
  const auto replies = cluster.run({{1ms, 1, put_request(1, 10)}, {10ms, 0, put_request(1, 20)}});
  REQUIRE(replies.size() == 2);
  CHECK(replies[1]->status == ReplyStatus::ok);
  CHECK(n3_holds == Version{2, 0, 20});  // n2 wrote counter 1; n1 found it and wrote 2
}

TEST_CASE("r and w outside 1..N are refused when the scenario loads, at the option's path",
          "[quorum]") {
  const std::string assignment =
      GENERATE("cluster.options.w=4", "cluster.options.r=0", "cluster.options.r=1.5");
  auto result = tools::parse_scenario(R"({"cluster": {"protocol": "quorum", "nodes": 3}})",
                                      "test.json", {assignment});
  REQUIRE(std::holds_alternative<tools::InputError>(result));
  const tools::InputError& error = std::get<tools::InputError>(result);
  CHECK(error.path == assignment.substr(0, assignment.find('=')));
  CHECK(error.message.find("from 1 to 3 (cluster.nodes)") != std::string::npos);
}
