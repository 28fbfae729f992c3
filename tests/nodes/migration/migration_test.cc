// The migration protocol's mechanism on its three servers (n1 the service, n2 the old
// store, n3 the new store) with an instant network: where puts and gets go under each
// flag, shadow reads and their comparison, the new store's bug, rollback (automatic and
// by flag), the old store's retirement, and clients that reach the stores directly.
#include <catch2/catch.hpp>

#include "faults/flag_schedule.h"
#include "nodes/migration/migration_client.h"
#include "nodes/migration/migration_node.h"
#include "nodes/migration/protocol.h"
#include "nodes/migration/store.h"
#include "tests/nodes/scripted_client.h"
#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;
using nodes::ReplyStatus;
using testing::get_request;
using testing::put_request;

namespace {

constexpr std::uint32_t service = 0;
constexpr std::uint32_t old_store = 1;
constexpr std::uint32_t new_store = 2;

struct MigrationCluster {
  MigrationCluster(std::vector<std::pair<std::string, nodes::OptionValue>> settings,
                   std::vector<faults::FlagChange> flags,
                   sim::WorldOptions world_options = testing::instant_network())
      : world(world_options) {
    options = nodes::ProtocolOptions::defaults(nodes::migration::migration_options());
    for (auto& [name, value] : settings) options.set(name, std::move(value));
    for (const char* name : {"n1", "n2", "n3"}) {
      sim::NodeSpec spec;
      spec.name = name;
      spec.make = [options = options] {
        return std::make_unique<nodes::migration::MigrationNode>(options);
      };
      servers.push_back(world.add_node(std::move(spec)));
    }
    faults::schedule_flags(flags, world);
  }

  // One scripted client (c1); its replies in order.
  testing::Replies run(std::vector<testing::ScriptedRequest> script) {
    testing::Replies replies;
    world.add_node(testing::scripted_client(std::move(script), replies));
    world.start();
    world.run_until(sim::at(3s));
    return replies;
  }

  std::int64_t metric(std::string_view name) const {
    const auto& metrics = world.counters(servers[service]).metrics;
    const auto found = metrics.find(name);
    return found == metrics.end() ? 0 : found->second;
  }

  nodes::ProtocolOptions options;
  sim::World world;
  std::vector<sim::NodeId> servers;
};

testing::ScriptedRequest at(sim::Duration when, nodes::ClientRequest request,
                            std::uint32_t server = service) {
  return {when, server, request};
}

}  // namespace

TEST_CASE("without dual_write a put reaches only the old store", "[migration]") {
  // read_new at 1 from 100 ms: the get is served by the new store, which never saw the put.
  MigrationCluster cluster({}, {{"read_new", 100ms, 1}});
  const auto replies = cluster.run(
      {at(10ms, put_request(1, 10)), at(20ms, get_request(1)), at(200ms, get_request(1))});
  REQUIRE(replies.size() == 3);
  CHECK(replies[1]->found);
  CHECK(replies[1]->value == 10);
  CHECK(replies[2]->status == ReplyStatus::ok);
  CHECK_FALSE(replies[2]->found);
  CHECK(cluster.metric("reads_old") == 1);
  CHECK(cluster.metric("reads_new") == 1);
}

TEST_CASE("with dual_write a put reaches both stores, and read_new reads the new one",
          "[migration]") {
  MigrationCluster cluster({}, {{"dual_write", 0ms, 1}, {"read_new", 100ms, 1}});
  const auto replies = cluster.run({at(10ms, put_request(1, 10)), at(200ms, get_request(1)),
                                    at(210ms, get_request(1), old_store)});
  CHECK(replies[1]->found);
  CHECK(replies[1]->value == 10);
  CHECK(replies[2]->value == 10);
  CHECK(cluster.metric("reads_new") == 1);
  CHECK(cluster.metric("reads_old") == 0);
}

TEST_CASE("read_new is a fraction of the gets", "[migration]") {
  MigrationCluster cluster({}, {{"dual_write", 0ms, 1}, {"read_new", 0ms, 0.25}});
  std::vector<testing::ScriptedRequest> script;
  for (int i = 0; i < 400; ++i) script.push_back(at(1ms * (i + 1), get_request(7)));
  cluster.run(script);
  CHECK(cluster.metric("reads_new") + cluster.metric("reads_old") == 400);
  CHECK(cluster.metric("reads_new") > 70);
  CHECK(cluster.metric("reads_new") < 130);
}

TEST_CASE("new_bug fails the new store's gets of the affected keys only", "[migration]") {
  const nodes::migration::Store buggy(true, 0.3);
  const nodes::migration::Store old(false, 0.3);
  int affected = 0;
  for (std::uint64_t key = 0; key < 1000; ++key) {
    affected += buggy.affected(key) ? 1 : 0;
    CHECK_FALSE(old.affected(key));
  }
  CHECK(affected > 250);
  CHECK(affected < 350);
}

TEST_CASE("a shadow read is compared and a mismatch counted; the client gets the served answer",
          "[migration]") {
  MigrationCluster cluster({{"new_bug", 1.0}}, {{"dual_write", 0ms, 1}, {"shadow_read", 0ms, 1}});
  const auto replies = cluster.run({at(10ms, put_request(1, 10)), at(20ms, get_request(1))});
  CHECK(replies[1]->status == ReplyStatus::ok);  // served by the old store
  CHECK(replies[1]->value == 10);
  CHECK(cluster.metric("shadow_reads") == 1);
  CHECK(cluster.metric("shadow_mismatches") == 1);  // the new store failed it
  CHECK(cluster.metric("rollbacks") == 0);          // auto_rollback is off
}

TEST_CASE("shadow reads of a healthy new store match", "[migration]") {
  MigrationCluster cluster({}, {{"dual_write", 0ms, 1}, {"shadow_read", 0ms, 1}});
  cluster.run({at(10ms, put_request(1, 10)), at(20ms, get_request(1)), at(30ms, get_request(2))});
  CHECK(cluster.metric("shadow_reads") == 2);
  CHECK(cluster.metric("shadow_mismatches") == 0);
}

TEST_CASE("auto_rollback turns the new read path off after rollback_after mismatches",
          "[migration]") {
  MigrationCluster cluster({{"new_bug", 1.0}, {"auto_rollback", true}, {"rollback_after", 2.0}},
                           {{"dual_write", 0ms, 1}, {"shadow_read", 0ms, 1}, {"read_new", 0ms, 1}});
  const auto replies = cluster.run({at(10ms, put_request(1, 10)), at(20ms, get_request(1)),
                                    at(30ms, get_request(1)), at(40ms, get_request(1))});
  CHECK(replies[1]->status == ReplyStatus::error);  // the new store's bug
  CHECK(replies[2]->status == ReplyStatus::error);  // the second mismatch: rolled back after it
  CHECK(replies[3]->status == ReplyStatus::ok);     // read_new is still 1; the old store serves
  CHECK(replies[3]->value == 10);
  CHECK(cluster.metric("rollbacks") == 1);
  CHECK(cluster.metric("reads_new") == 2);
  CHECK(cluster.metric("reads_old") == 1);
}

TEST_CASE("setting read_new back to 0 is a rollback, counted once", "[migration]") {
  MigrationCluster cluster({}, {{"read_new", 0ms, 1}, {"read_new", 100ms, 0}});
  cluster.run({at(10ms, get_request(1)), at(200ms, get_request(1)), at(300ms, get_request(1))});
  CHECK(cluster.metric("reads_new") == 1);
  CHECK(cluster.metric("reads_old") == 2);
  CHECK(cluster.metric("rollbacks") == 1);
}

TEST_CASE("a retired old store refuses; the service then writes and reads the new one only",
          "[migration]") {
  MigrationCluster cluster({}, {{"retire_old", 100ms, 1}});
  const auto replies =
      cluster.run({at(10ms, put_request(1, 10)), at(200ms, get_request(1), old_store),
                   at(210ms, put_request(2, 20)), at(220ms, get_request(2)),
                   at(230ms, get_request(2), new_store), at(240ms, get_request(1))});
  CHECK(replies[1]->status == ReplyStatus::refused);
  CHECK(replies[2]->status == ReplyStatus::ok);
  CHECK(replies[3]->value == 20);
  CHECK(replies[4]->value == 20);
  CHECK_FALSE(replies[5]->found);  // written before dual writes: the migration never copied it
}

TEST_CASE("a put in flight when the old store retires is acknowledged by the new store",
          "[migration]") {
  // 10 ms a hop: the put reaches the service at 95 ms and the stores at 105 ms, after the
  // retirement at 100 ms; the old store refuses it, which no longer matters.
  sim::WorldOptions slow = testing::instant_network();
  slow.network.latency = sim::Distribution::constant(10ms);
  MigrationCluster cluster({}, {{"dual_write", 0ms, 1}, {"retire_old", 100ms, 1}}, slow);
  const auto replies = cluster.run({at(85ms, put_request(1, 10)), at(300ms, get_request(1))});
  CHECK(replies[0]->status == ReplyStatus::ok);
  CHECK(replies[1]->value == 10);
}

namespace {

// A client node that runs each request through the protocol's client logic, in order.
class LogicClient final : public sim::Node {
 public:
  LogicClient(std::unique_ptr<nodes::ClientLogic> logic,
              std::vector<testing::ScriptedRequest> script, testing::Replies* replies)
      : logic_(std::move(logic)), script_(std::move(script)), replies_(replies) {}
  void on_start(sim::Context& ctx) override { ctx.spawn(run(ctx)); }

 private:
  sim::Task<> run(sim::Context& ctx) {
    for (const testing::ScriptedRequest& step : script_) {
      const sim::Duration wait = step.at - (ctx.now() - sim::time_zero);
      if (wait > sim::Duration{0}) co_await ctx.sleep_for(wait);
      const auto reply = co_await logic_->attempt(ctx, ctx.servers()[service], step.request, 1s);
      replies_->push_back(reply ? std::optional(*reply) : std::nullopt);
    }
  }
  std::unique_ptr<nodes::ClientLogic> logic_;
  std::vector<testing::ScriptedRequest> script_;
  testing::Replies* replies_;
};

void add_logic_client(MigrationCluster& cluster, std::string name,
                      std::vector<testing::ScriptedRequest> script, testing::Replies& replies) {
  const nodes::ProtocolOptions options = cluster.options;
  sim::NodeSpec spec;
  spec.name = std::move(name);
  spec.server = false;
  spec.make = [options, script, &replies] {
    return std::make_unique<LogicClient>(
        nodes::migration::migration_protocol().make_client_logic(options), script, &replies);
  };
  cluster.world.add_node(std::move(spec));
}

}  // namespace

TEST_CASE("direct clients follow the flags unless outdated; outdated ones use the old store",
          "[migration]") {
  MigrationCluster cluster(
      {{"access", std::string("direct")}, {"outdated_clients", 1.0}},
      {{"dual_write", 0ms, 1}, {"read_new", 100ms, 1}, {"retire_old", 300ms, 1}});
  testing::Replies outdated, updated;
  add_logic_client(cluster, "c1", {at(10ms, put_request(1, 10)), at(400ms, get_request(1))},
                   outdated);
  add_logic_client(
      cluster, "c2",
      {at(20ms, put_request(2, 20)), at(200ms, get_request(1)), at(210ms, get_request(2))},
      updated);
  cluster.world.start();
  cluster.world.run_until(sim::at(1s));
  REQUIRE(outdated.size() == 2);
  REQUIRE(updated.size() == 3);
  CHECK(outdated[0]->status == ReplyStatus::ok);
  CHECK(outdated[1]->status == ReplyStatus::refused);  // the old store is gone
  CHECK_FALSE(updated[1]->found);  // c1's put went to the old store only: the new one lacks it
  CHECK(updated[2]->value == 20);
  CHECK(cluster.metric("reads_new") == 0);  // the service saw none of it
}

TEST_CASE("with access=service the client logic sends every request to the service",
          "[migration]") {
  MigrationCluster cluster({{"outdated_clients", 1.0}},
                           {{"dual_write", 0ms, 1}, {"read_new", 100ms, 1}});
  testing::Replies replies;
  add_logic_client(cluster, "c1", {at(10ms, put_request(1, 10)), at(200ms, get_request(1))},
                   replies);
  cluster.world.start();
  cluster.world.run_until(sim::at(1s));
  CHECK(replies[1]->value == 10);
  CHECK(cluster.metric("reads_new") == 1);
}
