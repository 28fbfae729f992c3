// `raft`: a Raft server (Ongaro and Ousterhout, "In Search of an Understandable Consensus
// Algorithm", extended version, 2014), serving scar's key-value operations from a
// replicated log. Section numbers below are the paper's.
//
// Roles (§5.2): a follower that hears from no leader for a randomized election timeout
// (drawn in [t, 2t] from the node's own random stream) becomes a candidate: it starts a new
// term, votes for itself and asks every peer for a vote (RequestVote). A peer grants at
// most one vote per term, and only to a candidate whose log is at least as up-to-date as
// its own (§5.4.1). A candidate with votes from a majority leads the term: it appends a
// no-op entry (§8) and replicates its log with AppendEntries, which followers accept only
// when their log holds the entry just before the new ones (prevLogIndex/prevLogTerm, §5.3);
// a follower drops a conflicting suffix before appending. Idle followers get heartbeats.
// Any message with a higher term turns its receiver into a follower of that term.
//
// Commit (§5.3, §5.4.2): the leader commits index N when a majority (itself counted once
// its own copy is durable) holds entry N and entry N is of the leader's current term;
// earlier entries commit with it. Counting replicas of an older term's entry is not enough
// (Figure 8), which is why a new leader's no-op matters. Committed entries apply in order
// to the key-value state machine; the leader then answers the client that sent the entry.
//
// Persistence (Figure 2): term, vote and log are made durable (storage.h) before a server
// answers a vote or acknowledges entries, and after a restart it recovers them from the
// disk. Its commit index and state machine are volatile: it re-applies the log as a leader
// tells it what is committed.
//
// Clients: followers answer `not_leader` with the leader they know (or the next server, so
// a client finds one). A leader that loses leadership before an entry of a client commits
// answers `error` (the entry may still commit under the next leader): indeterminate, never
// `ok`. Gets go through the log, or not, as the `reads` option says (options.h); a lease
// read additionally needs an entry of the leader's term committed, so its state machine
// holds everything committed before it.
//
// A follower that heard from a leader less than the minimum election timeout ago ignores
// RequestVote (§4.2.3 of Ongaro's thesis): what keeps a partitioned server from deposing
// a working leader, and what lease reads rely on. A server that just started holds its
// vote as long, since it may have heard a leader just before it crashed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "nodes/client_protocol.h"
#include "nodes/raft/log.h"
#include "nodes/raft/options.h"
#include "nodes/raft/state_machine.h"
#include "nodes/raft/storage.h"
#include "nodes/replica.h"
#include "sim/context.h"

namespace scar::nodes::raft {

enum class Role : std::uint8_t { follower, candidate, leader };

class RaftServer final : public sim::Node, public Replica {
 public:
  explicit RaftServer(const RaftOptions& options);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  void on_timer(sim::Context& ctx, sim::TimerId timer) override;
  std::string_view role() const override;
  const RegisterStore::Map& replica_contents() const override { return machine_.values(); }

  // Read-only views, for invariants and tests.
  Role role_kind() const { return role_; }
  std::uint64_t current_term() const { return current_term_; }
  const RaftLog& log() const { return log_; }
  std::uint64_t commit_index() const { return commit_index_; }
  std::uint64_t last_applied() const { return last_applied_; }
  bool offline() const { return offline_; }

 private:
  struct Waiter {  // a client waiting for its entry to apply
    sim::ReplyAddress client;
    std::uint64_t term;
  };
  struct Follower {  // the leader's view of one peer (Figure 2, "volatile state on leaders")
    sim::NodeId id;
    std::uint64_t next_index = 1;
    std::uint64_t match_index = 0;
    bool in_flight = false;                  // one AppendEntries outstanding at a time
    std::optional<sim::Time> acked_sent_at;  // send time of the latest request it answered
  };

  // Startup and failure.
  sim::Task<> recover(sim::Context& ctx);
  void fail_stop(sim::Context& ctx);

  // Roles.
  void become_follower(sim::Context& ctx, std::uint64_t term);
  // An election timeout: a pre-vote round, then an election if a majority would vote.
  sim::Task<> run_pre_vote(sim::Context& ctx, std::uint64_t term);
  void start_election(sim::Context& ctx);
  sim::Task<> run_election(sim::Context& ctx, std::uint64_t term);
  sim::Task<> request_vote(sim::Context& ctx, sim::NodeId peer, RequestVote request);
  void become_leader(sim::Context& ctx);
  void reset_election_timer(sim::Context& ctx);
  void set_vote(std::optional<std::uint32_t> candidate);
  void set_term(std::uint64_t term);

  // Followers and candidates: the two RPCs.
  void on_request_vote(sim::Context& ctx, const RequestVote& request, sim::ReplyAddress from);
  void on_append_entries(sim::Context& ctx, const AppendEntries& request, sim::ReplyAddress from);
  AppendReply merge(sim::Context& ctx, const AppendEntries& request);
  template <class Reply>
  sim::Task<> answer_when_durable(sim::Context& ctx, sim::ReplyAddress to, Reply reply,
                                  std::uint64_t term);

  // Leaders: replication and commit.
  void append_as_leader(sim::Context& ctx, LogEntry entry);
  sim::Task<> persist_own(sim::Context& ctx, std::uint64_t term, std::uint64_t index);
  void replicate(sim::Context& ctx, Follower& follower);
  sim::Task<> send_append(sim::Context& ctx, std::size_t follower, std::uint64_t term);
  void take_append_reply(sim::Context& ctx, Follower& follower, const AppendReply& reply,
                         sim::Time sent_at);
  void advance_commit(sim::Context& ctx);
  void renew_lease();
  bool lease_holds(sim::Context& ctx) const;

  // The state machine and clients.
  void apply_committed(sim::Context& ctx);
  void on_client(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  void fail_waiters(sim::Context& ctx);
  std::uint32_t leader_hint(sim::Context& ctx) const;
  std::size_t majority() const { return (peers_.size() + 1) / 2 + 1; }

  RaftOptions options_;
  RaftStorage storage_;
  std::vector<sim::NodeId> peers_;  // every other server

  // Persistent state (mirrored to storage_ on every change).
  std::uint64_t current_term_ = 0;
  std::optional<std::uint32_t> voted_for_;
  RaftLog log_;

  // Volatile state.
  Role role_ = Role::follower;
  // Recovering after a start, or stopped by a failed disk: answers no peer, refuses clients.
  bool offline_ = true;
  std::uint64_t commit_index_ = 0;
  std::uint64_t last_applied_ = 0;
  KeyValueMachine machine_;
  std::optional<sim::NodeId> leader_;  // as far as this server knows
  // A follower grants no vote before this (local clock): an election timeout after it last
  // heard the leader, or after it started (it may have heard one just before a crash).
  sim::Time votes_held_until_{};
  std::optional<sim::TimerId> election_timer_;
  std::optional<sim::TimerId> heartbeat_timer_;
  std::size_t votes_ = 0;

  // Volatile state on leaders.
  std::vector<Follower> followers_;
  std::uint64_t own_durable_index_ = 0;      // the leader's own copy, durable through here
  std::uint64_t term_start_index_ = 0;       // the no-op this leader appended
  std::optional<sim::Time> lease_expiry_;    // local clock
  std::map<std::uint64_t, Waiter> waiters_;  // by log index
};

}  // namespace scar::nodes::raft
