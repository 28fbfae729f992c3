// The search protocol's mechanism on a root (n1) and four shards (n2..n5) over an instant
// network, so every delay is a shard's own: one shard (n3) takes 30 ms of cpu per message,
// the others none. One query is sent at 10 ms; the slow shard answers it at 40 ms.
#include <catch2/catch.hpp>

#include "nodes/search/protocol.h"
#include "nodes/search/search_node.h"
#include "tests/nodes/scripted_client.h"
#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;
using nodes::ReplyStatus;

namespace {

constexpr std::uint64_t shards = 4;

struct SearchCluster {
  explicit SearchCluster(std::vector<std::pair<std::string, nodes::OptionValue>> settings)
      : world(testing::instant_network()) {
    auto options = nodes::ProtocolOptions::defaults(nodes::search::search_options());
    for (auto& [name, value] : settings) options.set(name, std::move(value));
    for (const char* name : {"n1", "n2", "n3", "n4", "n5"}) {
      sim::NodeSpec spec;
      spec.name = name;
      if (spec.name == "n3") spec.cpu_per_message = sim::Distribution::constant(30ms);
      spec.make = [options] { return std::make_unique<nodes::search::SearchNode>(options); };
      servers.push_back(world.add_node(std::move(spec)));
    }
    world.add_node(testing::scripted_client({{10ms, 0, testing::get_request(7)}}, replies));
    world.start();
  }

  // Runs to `end` (since the start) and says whether the query has been answered by then.
  bool answered_by(sim::Duration end) {
    world.run_until(sim::at(end));
    return !replies.empty();
  }

  std::int64_t root_metric(std::string_view name) const {
    const auto& metrics = world.counters(servers.front()).metrics;
    const auto found = metrics.find(name);
    return found == metrics.end() ? 0 : found->second;
  }

  sim::World world;
  std::vector<sim::NodeId> servers;
  testing::Replies replies;
};

}  // namespace

TEST_CASE("a query asks every shard once and merges every answer", "[search]") {
  SearchCluster cluster({});
  REQUIRE(cluster.answered_by(1s));
  REQUIRE(cluster.replies[0].has_value());
  CHECK(cluster.replies[0]->status == ReplyStatus::ok);
  CHECK(cluster.replies[0]->value == shards);
  CHECK(cluster.root_metric("shard_requests") == shards);
  CHECK(cluster.root_metric("shard_answers") == shards);
  for (std::size_t shard = 1; shard <= shards; ++shard) {
    const auto& counters = cluster.world.counters(cluster.servers[shard]);
    CHECK(counters.received == 1);    // one query
    CHECK(counters.sent == 1);        // one answer
    CHECK(counters.metrics.empty());  // counted at the root
  }
}

TEST_CASE("wait=all answers only once the slowest shard has answered", "[search]") {
  SearchCluster cluster({{"wait", std::string("all")}});
  CHECK_FALSE(cluster.answered_by(39ms));
  REQUIRE(cluster.answered_by(41ms));
  CHECK(cluster.replies[0]->status == ReplyStatus::ok);
  CHECK(cluster.replies[0]->value == shards);
}

TEST_CASE("wait=all answers error when a shard misses the shard timeout", "[search]") {
  SearchCluster cluster({{"wait", std::string("all")}, {"shard_timeout", sim::Duration{20ms}}});
  CHECK_FALSE(cluster.answered_by(29ms));
  REQUIRE(cluster.answered_by(31ms));
  CHECK(cluster.replies[0]->status == ReplyStatus::error);
  CHECK(cluster.root_metric("shard_answers") == shards - 1);
}

TEST_CASE("wait=deadline answers at the deadline with the count of shards that answered",
          "[search]") {
  const double shards_min = GENERATE(3.0, 4.0);
  SearchCluster cluster({{"wait", std::string("deadline")},
                         {"deadline", sim::Duration{15ms}},
                         {"shards_min", shards_min}});
  CHECK_FALSE(cluster.answered_by(24ms));
  REQUIRE(cluster.answered_by(26ms));
  CHECK(cluster.replies[0]->value == shards - 1);
  CHECK(cluster.replies[0]->status ==
        (shards_min <= shards - 1 ? ReplyStatus::ok : ReplyStatus::error));
  CHECK(cluster.root_metric("shard_requests") == shards);
  CHECK(cluster.root_metric("shard_answers") == shards - 1);
}

TEST_CASE("wait=deadline answers at once when every shard answers before the deadline",
          "[search]") {
  SearchCluster cluster({{"wait", std::string("deadline")}, {"deadline", sim::Duration{100ms}}});
  CHECK_FALSE(cluster.answered_by(39ms));
  REQUIRE(cluster.answered_by(41ms));
  CHECK(cluster.replies[0]->value == shards);
}
