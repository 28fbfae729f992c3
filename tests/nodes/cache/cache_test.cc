// The cache protocol's mechanism on its two nodes (n1 the cache, n2 the database) with an
// instant network, so every delay is the database's own (`db_latency`, one request at a
// time): hits, misses and expiry; coalesced misses; and what two overlapping puts to
// different fields of one record (keys 0 and 1, fields=4) leave behind in each write mode.
#include <array>
#include <catch2/catch.hpp>

#include "nodes/cache/cache_node.h"
#include "nodes/cache/protocol.h"
#include "tests/nodes/scripted_client.h"
#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;
using nodes::ReplyStatus;
using testing::get_request;
using testing::put_request;

namespace {

struct CacheCluster {
  explicit CacheCluster(std::vector<std::pair<std::string, nodes::OptionValue>> settings)
      : world(testing::instant_network()) {
    auto options = nodes::ProtocolOptions::defaults(nodes::cache::cache_options());
    for (auto& [name, value] : settings) options.set(name, std::move(value));
    for (const char* name : {"n1", "n2"}) {
      sim::NodeSpec spec;
      spec.name = name;
      spec.make = [options] { return std::make_unique<nodes::cache::CacheNode>(options); };
      servers.push_back(world.add_node(std::move(spec)));
    }
  }

  // One client per script, all sending to the cache; each client's replies, in order.
  std::vector<testing::Replies> run(std::vector<std::vector<testing::ScriptedRequest>> scripts) {
    static constexpr std::array<const char*, 5> names = {"c1", "c2", "c3", "c4", "c5"};
    REQUIRE(scripts.size() <= names.size());
    std::vector<testing::Replies> replies(scripts.size());
    for (std::size_t client = 0; client < scripts.size(); ++client) {
      sim::NodeSpec spec = testing::scripted_client(std::move(scripts[client]), replies[client]);
      spec.name = names[client];
      world.add_node(std::move(spec));
    }
    world.start();
    world.run_until(sim::at(3s));
    return replies;
  }

  std::int64_t metric(std::uint32_t server, std::string_view name) const {
    const auto& metrics = world.counters(servers[server]).metrics;
    const auto found = metrics.find(name);
    return found == metrics.end() ? 0 : found->second;
  }

  sim::World world;
  std::vector<sim::NodeId> servers;
};

constexpr std::uint32_t cache = 0;
constexpr std::uint32_t database = 1;

}  // namespace

TEST_CASE("a get misses and fills the cache, the next get hits, and after the ttl it misses again",
          "[cache]") {
  CacheCluster cluster({{"ttl", sim::Duration{100ms}}});
  const auto replies = cluster.run({{{10ms, 0, put_request(1, 10)},
                                     {20ms, 0, get_request(1)},
                                     {50ms, 0, get_request(1)},
                                     {200ms, 0, get_request(1)}}});
  REQUIRE(replies[0].size() == 4);
  for (std::size_t get = 1; get < 4; ++get) {
    CHECK(replies[0][get]->found);
    CHECK(replies[0][get]->value == 10);
  }
  CHECK(cluster.metric(cache, "cache_misses") == 2);  // 20 ms, and 200 ms after expiry
  CHECK(cluster.metric(cache, "cache_hits") == 1);    // 50 ms
  CHECK(cluster.metric(database, "db_reads") == 2);
}

TEST_CASE("without coalescing every concurrent miss reads the database; with it one does",
          "[cache]") {
  const bool coalescing = GENERATE(false, true);
  CacheCluster cluster({{"coalescing", coalescing}, {"db_latency", sim::Duration{10ms}}});
  std::vector<std::vector<testing::ScriptedRequest>> scripts = {
      {{1ms, 0, put_request(3, 30)}, {50ms, 0, get_request(3)}}};
  for (int client = 0; client < 4; ++client) scripts.push_back({{50ms, 0, get_request(3)}});
  const auto replies = cluster.run(std::move(scripts));
  for (const auto& client : replies) {
    REQUIRE(client.back().has_value());
    CHECK(client.back()->value == 30);
  }
  CHECK(cluster.metric(cache, "cache_misses") == 5);
  CHECK(cluster.metric(database, "db_reads") == (coalescing ? 1 : 5));
}

TEST_CASE(
    "overlapping puts to two fields of a record: invalidate keeps both, write_back reverts "
    "one though both were acknowledged",
    "[cache]") {
  const std::string writes = GENERATE("invalidate", "write_back");
  CacheCluster cluster({{"writes", writes}, {"db_latency", sim::Duration{5ms}}});
  const auto replies = cluster.run({{{10ms, 0, put_request(0, 10)}, {100ms, 0, get_request(0)}},
                                    {{10ms, 0, put_request(1, 20)}, {100ms, 0, get_request(1)}}});
  CHECK(replies[0][0]->status == ReplyStatus::ok);
  CHECK(replies[1][0]->status == ReplyStatus::ok);
  const bool kept_key_0 = replies[0][1]->found && replies[0][1]->value == 10;
  const bool kept_key_1 = replies[1][1]->found && replies[1][1]->value == 20;
  if (writes == "invalidate") {
    CHECK(kept_key_0);
    CHECK(kept_key_1);
  } else {
    CHECK(kept_key_0 != kept_key_1);  // the later whole-record write erased the other field
  }
}

TEST_CASE("a write_back put that finds the record cached writes the cached copy back", "[cache]") {
  CacheCluster cluster({{"writes", std::string("write_back")}});
  const auto replies = cluster.run({{{10ms, 0, put_request(0, 10)},
                                     {20ms, 0, put_request(1, 20)},
                                     {30ms, 0, get_request(0)},
                                     {40ms, 0, get_request(1)}}});
  CHECK(replies[0][2]->value == 10);  // in sequence nothing is lost
  CHECK(replies[0][3]->value == 20);
  CHECK(cluster.metric(database, "db_reads") == 1);  // only the first put missed
  CHECK(cluster.metric(database, "db_writes") == 2);
}
