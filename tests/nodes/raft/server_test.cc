// One Raft server (n1) driven by scripted peers (n2, n3) that play leaders, candidates and
// followers message by message, so each test states exactly what the server is told and
// checks what it does: votes, the consistency check and conflict truncation, the Figure 8
// commit rule, and recovery after a crash in the middle of an append.
#include "nodes/raft/server.h"

#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <vector>

#include "nodes/raft/state_machine.h"
#include "tests/nodes/raft/entries.h"
#include "tests/sim/script_node.h"

using namespace std::chrono_literals;
using namespace scar;
using namespace scar::nodes;
using namespace scar::nodes::raft;
using scar::testing::put_entry;

namespace {

template <class Reply, class Request>
sim::Task<> call_into(sim::Context& ctx, sim::NodeId to, Request request,
                      std::vector<Reply>* replies) {
  const auto reply = co_await ctx.call<Reply>(to, std::move(request), 1s);
  if (reply) replies->push_back(*reply);
}

// n1 is a RaftServer; n2 and n3 are scripted. A peer answers the server's RequestVote
// with `grant_votes`, and its AppendEntries with `answer_append` (none: no answer).
class Cluster {
 public:
  explicit Cluster(RaftOptions options = {}, sim::Distribution latency = sim::Distribution{})
      : world_(world_options(latency)) {
    server_ = world_.add_node(
        {.name = "n1", .make = [options] { return std::make_unique<RaftServer>(options); }});
    for (const char* name : {"n2", "n3"}) {
      const std::size_t peer = peers_.size();
      peers_.push_back(world_.add_node(testing::scripted(
          name, {.start = [this, peer](sim::Context& ctx) { contexts_[peer] = &ctx; },
                 .message = [this](sim::Context& ctx,
                                   const sim::Envelope& envelope) { answer(ctx, envelope); }})));
    }
    world_.start();
  }

  // Peer `peer` (0: n2, 1: n3) calls the server at `when`; its reply lands in `replies`.
  template <class Reply, class Request>
  void call_at(sim::Duration when, std::size_t peer, Request request, std::vector<Reply>& replies) {
    world_.schedule(sim::at(when), [this, peer, request, &replies] {
      sim::Context& ctx = *contexts_[peer];
      ctx.spawn(call_into<Reply>(ctx, server_, request, &replies));
    });
  }

  void run_until(sim::Duration when) { world_.run_until(sim::at(when)); }
  void crash_at(sim::Duration when) {
    world_.schedule(sim::at(when), [this] { world_.crash(server_); });
  }
  void restart_at(sim::Duration when) {
    world_.schedule(sim::at(when), [this] { world_.restart(server_); });
  }
  // REQUIRES: the server is up.
  const RaftServer& server() const {
    return *dynamic_cast<const RaftServer*>(world_.node(server_));
  }
  sim::World& world() { return world_; }
  sim::NodeId server_id() const { return server_; }

  bool grant_votes = true;
  std::function<std::optional<AppendReply>(const AppendEntries&)> answer_append;
  std::vector<AppendEntries> appends_seen;

 private:
  static sim::WorldOptions world_options(sim::Distribution latency) {
    sim::WorldOptions options = testing::instant_network();
    options.network.latency = latency;
    return options;
  }

  void answer(sim::Context& ctx, const sim::Envelope& envelope) {
    if (const auto* vote = envelope.as<RequestVote>()) {
      ctx.reply(envelope.reply_address(), VoteReply{vote->term, grant_votes});
    } else if (const auto* append = envelope.as<AppendEntries>()) {
      appends_seen.push_back(*append);
      if (!answer_append) return;
      if (auto reply = answer_append(*append)) ctx.reply(envelope.reply_address(), *reply);
    }
  }

  sim::World world_;
  sim::NodeId server_{};
  std::vector<sim::NodeId> peers_;
  sim::Context* contexts_[2] = {nullptr, nullptr};
};

AppendEntries append(std::uint64_t term, std::uint32_t leader, std::uint64_t prev_index,
                     std::uint64_t prev_term, std::vector<LogEntry> entries,
                     std::uint64_t commit = 0) {
  return AppendEntries{.term = term,
                       .leader = leader,
                       .prev_log_index = prev_index,
                       .prev_log_term = prev_term,
                       .entries = std::move(entries),
                       .leader_commit = commit};
}

// A follower that holds everything it is sent.
std::optional<AppendReply> holds_all(const AppendEntries& request) {
  return AppendReply{.term = request.term,
                     .success = true,
                     .match_index = request.prev_log_index + request.entries.size()};
}

}  // namespace

TEST_CASE("a raft server grants one vote per term and remembers it across a restart", "[raft]") {
  // A server holds its vote for an election timeout (1 s) after it starts, and its own
  // election timer fires no earlier: the requests come just after the hold ends.
  Cluster cluster(RaftOptions{.election_timeout = 1s});
  std::vector<VoteReply> first, second, after_restart, again;
  cluster.call_at(1'001ms, 0, RequestVote{.term = 5, .candidate = 1}, first);
  cluster.call_at(1'002ms, 1, RequestVote{.term = 5, .candidate = 2}, second);
  cluster.crash_at(1'010ms);  // after both answers (each waits for an fsync of 2 ms)
  cluster.restart_at(1'020ms);
  cluster.call_at(2'025ms, 1, RequestVote{.term = 5, .candidate = 2}, after_restart);
  cluster.call_at(2'026ms, 0, RequestVote{.term = 5, .candidate = 1}, again);
  cluster.run_until(2'035ms);
  REQUIRE(first.size() == 1);
  REQUIRE(second.size() == 1);
  REQUIRE(after_restart.size() == 1);
  REQUIRE(again.size() == 1);
  CHECK(first[0].granted);
  CHECK_FALSE(second[0].granted);         // already voted for n2 in term 5
  CHECK_FALSE(after_restart[0].granted);  // still: the vote was on disk
  CHECK(again[0].granted);                // asking again for the same candidate is fine
  CHECK(cluster.server().current_term() == 5);
}

TEST_CASE("a raft follower that heard a leader lately ignores a candidate's higher term",
          "[raft]") {
  Cluster cluster(RaftOptions{.election_timeout = 1s});
  std::vector<AppendReply> acks;
  cluster.call_at(1'001ms, 0, append(2, 1, 0, 0, {}), acks);
  std::vector<VoteReply> votes;
  cluster.call_at(1'500ms, 1, RequestVote{.term = 3, .candidate = 2}, votes);
  cluster.call_at(2'002ms, 1, RequestVote{.term = 3, .candidate = 2}, votes);
  cluster.run_until(2'010ms);
  REQUIRE(votes.size() == 2);
  CHECK_FALSE(votes[0].granted);
  CHECK(votes[0].term == 2);  // its term did not move: the leader of term 2 is not deposed
  CHECK(votes[1].granted);    // an election timeout later, it votes
}

TEST_CASE("a raft server refuses its vote to a candidate whose log is behind its own", "[raft]") {
  Cluster cluster(RaftOptions{.election_timeout = 10s});
  std::vector<AppendReply> acks;
  cluster.call_at(10'001ms, 0, append(2, 1, 0, 0, {put_entry(1, 1, 10), put_entry(2, 2, 20)}),
                  acks);
  std::vector<VoteReply> votes;
  // A newer term, but a log that ends in term 1: not up to date. (A follower ignores votes
  // for an election timeout after it starts and after it hears a leader.)
  cluster.call_at(20'010ms, 1,
                  RequestVote{.term = 9, .candidate = 2, .last_log_index = 5, .last_log_term = 1},
                  votes);
  cluster.run_until(20'020ms);
  REQUIRE(acks.size() == 1);
  REQUIRE(votes.size() == 1);
  CHECK_FALSE(votes[0].granted);
  CHECK(votes[0].term == 9);  // the term moved on all the same
}

TEST_CASE("a raft follower truncates a conflicting suffix and appends the leader's entries",
          "[raft]") {
  Cluster cluster(RaftOptions{.election_timeout = 10s});
  std::vector<AppendReply> replies;
  // The leader of term 1 (n2) sends three entries.
  cluster.call_at(
      5ms, 0, append(1, 1, 0, 0, {put_entry(1, 1, 10), put_entry(1, 2, 20), put_entry(1, 3, 30)}),
      replies);
  // The leader of term 3 (n3) holds entry 1 but has its own entry 2.
  cluster.call_at(10ms, 1, append(3, 2, 1, 1, {put_entry(3, 4, 40)}), replies);
  // The consistency check fails: past the log's end, or the wrong term at prev.
  cluster.call_at(15ms, 1, append(3, 2, 5, 3, {}), replies);
  cluster.call_at(20ms, 1, append(3, 2, 2, 2, {}), replies);
  // A deposed leader of term 1 is told the term.
  cluster.call_at(25ms, 0, append(1, 1, 3, 1, {}), replies);
  cluster.run_until(30ms);

  REQUIRE(replies.size() == 5);
  CHECK(replies[0].success);
  CHECK(replies[0].match_index == 3);
  CHECK(replies[1].success);
  CHECK(replies[1].match_index == 2);
  CHECK_FALSE(replies[2].success);
  CHECK(replies[2].retry_index == 3);  // the log's end + 1
  CHECK_FALSE(replies[3].success);
  CHECK(replies[3].retry_index == 2);  // where the conflicting term's entries start
  CHECK_FALSE(replies[4].success);
  CHECK(replies[4].term == 3);
  const RaftLog& log = cluster.server().log();
  REQUIRE(log.last_index() == 2);
  CHECK(log.at(1) == put_entry(1, 1, 10));
  CHECK(log.at(2) == put_entry(3, 4, 40));
}

TEST_CASE("a raft follower applies only what the leader says is committed", "[raft]") {
  Cluster cluster(RaftOptions{.election_timeout = 10s});
  std::vector<AppendReply> replies;
  cluster.call_at(5ms, 0, append(1, 1, 0, 0, {put_entry(1, 1, 10), put_entry(1, 2, 20)}, 1),
                  replies);
  cluster.run_until(6ms);
  CHECK(cluster.server().commit_index() == 1);
  CHECK(cluster.server().replica_contents().size() == 1);
  CHECK(cluster.server().replica_contents().at(1) == 10);
  // A leader's commit index past what this request carries commits only what it vouched
  // for: the entries after prev + entries may be of an old term.
  cluster.call_at(7ms, 0, append(1, 1, 1, 1, {}, 2), replies);
  cluster.run_until(8ms);
  CHECK(cluster.server().commit_index() == 1);
  cluster.call_at(9ms, 0, append(1, 1, 2, 1, {}, 2), replies);
  cluster.run_until(10ms);
  CHECK(cluster.server().commit_index() == 2);
  CHECK(cluster.server().replica_contents().at(2) == 20);
}

TEST_CASE(
    "a raft leader does not commit an earlier term's entry by counting replicas "
    "(Figure 8)",
    "[raft]") {
  Cluster cluster(RaftOptions{.election_timeout = 50ms}, sim::Distribution::constant(1ms));
  // Term 1: n2 leads and gives n1 one entry, then falls silent.
  std::vector<AppendReply> acks;
  cluster.call_at(5ms, 0, append(1, 1, 0, 0, {put_entry(1, 7, 70)}), acks);
  // Both peers hold entry 1 (term 1) and no more: they answer every AppendEntries with
  // match index 1, so a majority holds entry 1.
  cluster.answer_append = [](const AppendEntries& request) -> std::optional<AppendReply> {
    return AppendReply{.term = request.term, .success = true, .match_index = 1};
  };
  cluster.run_until(500ms);
  const RaftServer& leader = cluster.server();
  REQUIRE(leader.role_kind() == Role::leader);
  REQUIRE(leader.current_term() >= 2);
  REQUIRE(leader.log().last_index() == 2);  // entry 1, then its own no-op
  CHECK(leader.log().term_at(2) == leader.current_term());
  CHECK(leader.commit_index() == 0);  // a majority holds entry 1, of an earlier term: not enough
  CHECK(leader.replica_contents().empty());

  // Once a majority holds the no-op of its own term, both commit.
  cluster.answer_append = holds_all;
  cluster.run_until(600ms);
  CHECK(cluster.server().commit_index() == 2);
  CHECK(cluster.server().replica_contents().at(7) == 70);
}

TEST_CASE(
    "a raft leader sends the entries after a follower's match, and steps down on a "
    "higher term",
    "[raft]") {
  Cluster cluster(RaftOptions{.election_timeout = 50ms}, sim::Distribution::constant(1ms));
  cluster.answer_append = holds_all;
  cluster.run_until(400ms);
  REQUIRE(cluster.server().role_kind() == Role::leader);
  const std::uint64_t term = cluster.server().current_term();
  REQUIRE_FALSE(cluster.appends_seen.empty());
  CHECK(cluster.appends_seen.front().entries.size() == 1);  // the no-op
  CHECK(cluster.appends_seen.back().prev_log_index == 1);   // then heartbeats after it
  CHECK(cluster.appends_seen.back().entries.empty());

  cluster.grant_votes = false;
  cluster.answer_append = [](const AppendEntries& request) -> std::optional<AppendReply> {
    return AppendReply{.term = request.term + 1};
  };
  cluster.run_until(500ms);
  CHECK(cluster.server().role_kind() != Role::leader);
  CHECK(cluster.server().current_term() > term);
}

TEST_CASE("a raft server that crashes in the middle of an append recovers the valid prefix",
          "[raft]") {
  // 400 entries of about 55 bytes: six 4 KiB blocks, which an fsync writes one after the
  // other over its 2 ms; a crash 1 ms in keeps the first blocks, the last record torn.
  Cluster cluster(RaftOptions{.election_timeout = 10s});
  std::vector<LogEntry> entries;
  for (std::uint64_t i = 1; i <= 400; ++i) entries.push_back(put_entry(1, i, i * 10));
  std::vector<AppendReply> replies;
  cluster.call_at(5ms, 0, append(1, 1, 0, 0, entries), replies);
  cluster.crash_at(6ms);
  cluster.restart_at(10ms);
  cluster.run_until(20ms);

  CHECK(replies.empty());  // it never acknowledged the entries
  const RaftLog& log = cluster.server().log();
  CHECK(log.last_index() > 0);
  CHECK(log.last_index() < 400);
  for (std::uint64_t index = 1; index <= log.last_index(); ++index)
    CHECK(log.at(index) == entries[index - 1]);
  CHECK(cluster.server().current_term() == 1);  // the vote record came first
  // The torn tail is cut from the file too, so new records follow the valid prefix.
  const auto durable =
      cluster.world().disk(cluster.server_id()).durable_contents(RaftStorage::file_name);
  REQUIRE(durable.has_value());
  const HardState on_disk = RaftStorage::decode(*durable);
  CHECK(on_disk.discarded_bytes == 0);
  CHECK(on_disk.entries.size() == log.last_index());
}

TEST_CASE("a raft follower redirects a client to the leader it heard from", "[raft]") {
  Cluster cluster(RaftOptions{.election_timeout = 10s});
  std::vector<AppendReply> acks;
  cluster.call_at(10'001ms, 1, append(1, 2, 0, 0, {}), acks);  // n3 leads term 1
  std::vector<ClientReply> replies;
  cluster.call_at(10'002ms, 0, ClientRequest{.kind = OperationKind::get, .key = 1}, replies);
  cluster.run_until(10'010ms);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].status == ReplyStatus::not_leader);
  CHECK(replies[0].leader_hint == 2);
}

TEST_CASE("a raft leader deposed before a client's entry commits answers error, never ok",
          "[raft]") {
  Cluster cluster(RaftOptions{.election_timeout = 50ms}, sim::Distribution::constant(1ms));
  // Votes are granted, but no follower ever acknowledges an entry: nothing commits.
  cluster.run_until(400ms);
  REQUIRE(cluster.server().role_kind() == Role::leader);
  const std::uint64_t term = cluster.server().current_term();
  std::vector<ClientReply> replies;
  cluster.call_at(401ms, 0, ClientRequest{.kind = OperationKind::put, .key = 1, .value = 10},
                  replies);
  cluster.run_until(410ms);
  CHECK(replies.empty());  // appended, waiting for a majority
  CHECK(cluster.server().log().last_index() == 2);
  // A leader of a later term appears: the entry may yet commit under it, or not.
  std::vector<AppendReply> acks;
  cluster.grant_votes = false;
  cluster.call_at(411ms, 1, append(term + 1, 2, 0, 0, {}), acks);
  cluster.run_until(420ms);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].status == ReplyStatus::error);
  CHECK(cluster.server().role_kind() == Role::follower);
}

TEST_CASE("the raft state machine applies a re-sent write once, by its request id", "[raft]") {
  KeyValueMachine machine;
  ClientRequest add{.kind = OperationKind::add, .key = 1, .value = 1, .request_id = 7};
  CHECK(machine.apply(add).value == 1);
  CHECK(machine.apply(add).value == 1);  // the retry gets the first answer, not 2
  add.request_id = 8;
  CHECK(machine.apply(add).value == 2);  // another add with the same value counts
  ClientRequest put{.kind = OperationKind::put, .key = 2, .value = 50, .request_id = 9};
  machine.apply(put);
  machine.apply(ClientRequest{.kind = OperationKind::put, .key = 2, .value = 60, .request_id = 10});
  machine.apply(put);  // a late copy of the first put must not overwrite the second
  CHECK(machine.values().at(2) == 60);
}
