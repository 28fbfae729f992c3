#include "nodes/raft/server.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <type_traits>

#include "sim/assert.h"

namespace scar::nodes::raft {
namespace {

// At most this many entries per AppendEntries: a far-behind follower catches up in
// batches instead of one message the size of the log.
constexpr std::size_t entries_per_append_max = 128;

}  // namespace

RaftServer::RaftServer(const RaftOptions& options)
    : options_(options), storage_(options.durability) {}

std::string_view RaftServer::role() const {
  switch (role_) {
    case Role::follower:
      return "follower";
    case Role::candidate:
      return "candidate";
    case Role::leader:
      return "leader";
  }
  return "follower";
}

// ---------------------------------------------------------------- startup and failure

void RaftServer::on_start(sim::Context& ctx) {
  for (sim::NodeId server : ctx.servers()) {
    if (server != ctx.self()) peers_.push_back(server);
  }
  ctx.spawn(recover(ctx));
}

sim::Task<> RaftServer::recover(sim::Context& ctx) {
  std::optional<HardState> recovered = co_await storage_.recover(ctx);
  if (!recovered) {  // it cannot know what it promised: it stays out of the cluster
    fail_stop(ctx);
    co_return;
  }
  current_term_ = recovered->term;
  voted_for_ = recovered->voted_for;
  for (LogEntry& entry : recovered->entries) log_.append(std::move(entry));
  if (recovered->discarded_bytes > 0)
    ctx.trace(
        fmt::format("recovered a valid prefix; cut {} torn bytes", recovered->discarded_bytes));
  offline_ = false;
  votes_held_until_ = ctx.now() + options_.election_timeout;
  reset_election_timer(ctx);
}

// A disk that failed a write leaves the log in an unknown state: the server stops taking
// part (it answers no peer and refuses clients) until a restart recovers what the disk kept.
// Rereading the file without a restart would not do: after a failed fsync the cache still
// shows bytes the disk dropped (PostgreSQL's "fsyncgate"), and acknowledging entries on top
// of them would promise what a crash then takes away.
void RaftServer::fail_stop(sim::Context& ctx) {
  ctx.trace("storage failed: stopping until restart");
  fail_waiters(ctx);
  role_ = Role::follower;
  leader_.reset();
  offline_ = true;
  if (election_timer_) ctx.cancel_timer(*election_timer_);
  if (heartbeat_timer_) ctx.cancel_timer(*heartbeat_timer_);
  election_timer_.reset();
  heartbeat_timer_.reset();
}

void RaftServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (const auto* request = envelope.as<ClientRequest>()) {
    on_client(ctx, *request, envelope.reply_address());
    return;
  }
  if (offline_) return;  // no answer: the caller times out, as if this node were down
  if (const auto* append = envelope.as<AppendEntries>()) {
    on_append_entries(ctx, *append, envelope.reply_address());
  } else if (const auto* vote = envelope.as<RequestVote>()) {
    on_request_vote(ctx, *vote, envelope.reply_address());
  }
}

void RaftServer::on_timer(sim::Context& ctx, sim::TimerId timer) {
  if (timer == election_timer_) {
    election_timer_.reset();
    if (role_ != Role::leader) ctx.spawn(run_pre_vote(ctx, current_term_));
  } else if (timer == heartbeat_timer_) {
    heartbeat_timer_ = ctx.set_timer(options_.heartbeat);
    for (Follower& follower : followers_) replicate(ctx, follower);
  }
}

// ---------------------------------------------------------------- roles

void RaftServer::set_term(std::uint64_t term) {
  current_term_ = term;
  voted_for_.reset();
  storage_.save_vote(current_term_, voted_for_);
}

void RaftServer::set_vote(std::optional<std::uint32_t> candidate) {
  voted_for_ = candidate;
  storage_.save_vote(current_term_, voted_for_);
}

void RaftServer::reset_election_timer(sim::Context& ctx) {
  if (election_timer_) ctx.cancel_timer(*election_timer_);
  const auto spread = static_cast<std::uint64_t>(options_.election_timeout.count());
  election_timer_ =
      ctx.set_timer(options_.election_timeout + sim::Duration{ctx.random().next_below(spread + 1)});
}

// Any message with a higher term: adopt it and follow (§5.1). Also a candidate that hears
// from the leader of its own term.
void RaftServer::become_follower(sim::Context& ctx, std::uint64_t term) {
  if (term > current_term_) {
    set_term(term);
    leader_.reset();
  }
  if (role_ == Role::leader) {
    ctx.trace(fmt::format("steps down in term {}", current_term_));
    fail_waiters(ctx);
    followers_.clear();
    lease_expiry_.reset();
    if (heartbeat_timer_) ctx.cancel_timer(*heartbeat_timer_);
    heartbeat_timer_.reset();
  }
  role_ = Role::follower;
  reset_election_timer(ctx);
}

sim::Task<> RaftServer::run_pre_vote(sim::Context& ctx, std::uint64_t term) {
  reset_election_timer(ctx);  // no majority: ask again after another timeout
  const RequestVote request{.term = term + 1,
                            .candidate = sim::index_of(ctx.self()),
                            .last_log_index = log_.last_index(),
                            .last_log_term = log_.last_term(),
                            .pre_vote = true};
  const auto replies = co_await ctx.call_all<VoteReply>(peers_, request, options_.election_timeout);
  if (role_ == Role::leader || current_term_ != term) co_return;  // the world moved on
  std::size_t granted = 1;                                        // its own
  for (const auto& reply : replies) granted += reply && reply->granted ? 1 : 0;
  if (granted >= majority()) start_election(ctx);
}

void RaftServer::start_election(sim::Context& ctx) {
  if (role_ == Role::leader) return;
  role_ = Role::candidate;
  set_term(current_term_ + 1);
  set_vote(sim::index_of(ctx.self()));
  leader_.reset();
  votes_ = 1;
  reset_election_timer(ctx);  // a split vote times out into a new election
  ctx.trace(fmt::format("starts an election for term {}", current_term_));
  ctx.spawn(run_election(ctx, current_term_));
}

sim::Task<> RaftServer::run_election(sim::Context& ctx, std::uint64_t term) {
  // Its own vote is durable before anyone hears of the term: a restart cannot vote twice.
  const bool durable = co_await storage_.sync(ctx);
  if (!durable) {
    fail_stop(ctx);
    co_return;
  }
  if (role_ != Role::candidate || current_term_ != term) co_return;
  if (votes_ >= majority()) {
    become_leader(ctx);
    co_return;
  }
  const RequestVote request{term, sim::index_of(ctx.self()), log_.last_index(), log_.last_term()};
  for (sim::NodeId peer : peers_) ctx.spawn(request_vote(ctx, peer, request));
}

sim::Task<> RaftServer::request_vote(sim::Context& ctx, sim::NodeId peer, RequestVote request) {
  const auto reply = co_await ctx.call<VoteReply>(peer, request, options_.election_timeout);
  if (!reply) co_return;
  if (reply->term > current_term_) {
    become_follower(ctx, reply->term);
    co_return;
  }
  if (role_ != Role::candidate || current_term_ != request.term || !reply->granted) co_return;
  if (++votes_ >= majority()) become_leader(ctx);
}

void RaftServer::become_leader(sim::Context& ctx) {
  role_ = Role::leader;
  leader_ = ctx.self();
  ctx.trace(fmt::format("became leader of term {}", current_term_));
  if (election_timer_) ctx.cancel_timer(*election_timer_);
  election_timer_.reset();
  followers_.clear();
  for (sim::NodeId peer : peers_)
    followers_.push_back(Follower{.id = peer, .next_index = log_.last_index() + 1});
  own_durable_index_ = 0;
  lease_expiry_.reset();
  // The no-op (§8): committing it commits every earlier entry, and tells this leader
  // what is committed.
  append_as_leader(ctx, LogEntry{.term = current_term_});
  term_start_index_ = log_.last_index();
  heartbeat_timer_ = ctx.set_timer(options_.heartbeat);
}

// ---------------------------------------------------------------- followers: the RPCs

void RaftServer::on_request_vote(sim::Context& ctx, const RequestVote& request,
                                 sim::ReplyAddress from) {
  if (request.pre_vote) {  // answered as a vote would be, changing nothing
    const bool leader_heard =
        role_ == Role::leader || (role_ == Role::follower && ctx.now() < votes_held_until_);
    const bool granted = !leader_heard && request.term > current_term_ &&
                         log_.is_behind(request.last_log_index, request.last_log_term);
    ctx.reply(from, VoteReply{current_term_, granted});
    return;
  }
  // A leader was heard lately (or this server just started): neither term nor vote moves.
  if (role_ == Role::follower && ctx.now() < votes_held_until_) {
    ctx.reply(from, VoteReply{current_term_, false});
    return;
  }
  if (request.term > current_term_) become_follower(ctx, request.term);
  const bool free_to_vote = !voted_for_ || *voted_for_ == request.candidate;
  const bool granted = request.term == current_term_ && free_to_vote &&
                       log_.is_behind(request.last_log_index, request.last_log_term);
  if (granted) {
    set_vote(request.candidate);
    reset_election_timer(ctx);
  }
  ctx.spawn(answer_when_durable(ctx, from, VoteReply{current_term_, granted}, current_term_));
}

void RaftServer::on_append_entries(sim::Context& ctx, const AppendEntries& request,
                                   sim::ReplyAddress from) {
  if (request.term < current_term_) {  // a deposed leader: tell it the term
    ctx.reply(from, AppendReply{.term = current_term_});
    return;
  }
  if (request.term > current_term_ || role_ != Role::follower) become_follower(ctx, request.term);
  leader_ = sim::NodeId{request.leader};
  votes_held_until_ = ctx.now() + options_.election_timeout;
  reset_election_timer(ctx);
  ctx.spawn(answer_when_durable(ctx, from, merge(ctx, request), current_term_));
}

// The consistency check, conflict truncation and append of §5.3, then the commit index.
AppendReply RaftServer::merge(sim::Context& ctx, const AppendEntries& request) {
  AppendReply reply{.term = current_term_};
  if (request.prev_log_index > log_.last_index()) {
    reply.retry_index = log_.last_index() + 1;
    return reply;
  }
  if (!log_.matches(request.prev_log_index, request.prev_log_term)) {
    reply.retry_index = log_.first_index_of_term_at(request.prev_log_index);
    return reply;
  }
  std::uint64_t index = request.prev_log_index;
  for (const LogEntry& entry : request.entries) {
    ++index;
    if (index <= log_.last_index()) {
      if (log_.term_at(index) == entry.term) continue;  // already there (a resent batch)
      log_.truncate_from(index);  // a conflict: this entry and all after it go
      storage_.save_truncation(index);
    }
    log_.append(entry);
    storage_.save_entry(index, entry);
  }
  // Only what this request vouched for: entries past `index` may be an old term's.
  const std::uint64_t commit = std::min(request.leader_commit, index);
  if (commit > commit_index_) {
    commit_index_ = commit;
    apply_committed(ctx);
  }
  reply.success = true;
  reply.match_index = index;
  return reply;
}

// Answers once everything this server changed is durable (Figure 2: "respond to RPCs"
// only after updating stable storage). An acknowledgement is sent only if the term it
// was given in still holds: a newer leader may have cut those entries meanwhile.
template <class Reply>
sim::Task<> RaftServer::answer_when_durable(sim::Context& ctx, sim::ReplyAddress to, Reply reply,
                                            std::uint64_t term) {
  const bool durable = co_await storage_.sync(ctx);
  if (!durable) {
    fail_stop(ctx);
    co_return;
  }
  if constexpr (std::is_same_v<Reply, AppendReply>) {
    if (current_term_ != term) reply = AppendReply{.term = current_term_};
  }
  ctx.reply(to, reply);
}

// ---------------------------------------------------------------- leaders

void RaftServer::append_as_leader(sim::Context& ctx, LogEntry entry) {
  log_.append(entry);
  const std::uint64_t index = log_.last_index();
  storage_.save_entry(index, entry);
  ctx.spawn(persist_own(ctx, current_term_, index));
  for (Follower& follower : followers_) replicate(ctx, follower);
}

// The leader writes its own copy in parallel with replication and counts itself once
// that copy is durable.
sim::Task<> RaftServer::persist_own(sim::Context& ctx, std::uint64_t term, std::uint64_t index) {
  const bool durable = co_await storage_.sync(ctx);
  if (!durable) {
    fail_stop(ctx);
    co_return;
  }
  if (role_ != Role::leader || current_term_ != term) co_return;
  own_durable_index_ = std::max(own_durable_index_, index);
  advance_commit(ctx);
}

void RaftServer::replicate(sim::Context& ctx, Follower& follower) {
  if (follower.in_flight) return;
  follower.in_flight = true;
  const auto position = static_cast<std::size_t>(&follower - followers_.data());
  ctx.spawn(send_append(ctx, position, current_term_));
}

sim::Task<> RaftServer::send_append(sim::Context& ctx, std::size_t position, std::uint64_t term) {
  const Follower& target = followers_[position];
  const std::uint64_t prev = target.next_index - 1;
  AppendEntries request{.term = term,
                        .leader = sim::index_of(ctx.self()),
                        .prev_log_index = prev,
                        .prev_log_term = log_.term_at(prev),
                        .entries = log_.slice(target.next_index, entries_per_append_max),
                        .leader_commit = commit_index_};
  const sim::Time sent_at = ctx.now();
  const auto reply =
      co_await ctx.call<AppendReply>(target.id, std::move(request), 2 * options_.heartbeat);
  // followers_ is rebuilt by each new leadership: only this term's may be touched.
  if (role_ != Role::leader || current_term_ != term) co_return;
  Follower& follower = followers_[position];
  follower.in_flight = false;
  if (!reply) co_return;  // lost or slow: the next heartbeat tries again
  take_append_reply(ctx, follower, *reply, sent_at);
}

void RaftServer::take_append_reply(sim::Context& ctx, Follower& follower, const AppendReply& reply,
                                   sim::Time sent_at) {
  if (reply.term > current_term_) return become_follower(ctx, reply.term);
  // Any answer in this term, success or not, acknowledges this leader.
  follower.acked_sent_at = std::max(follower.acked_sent_at.value_or(sent_at), sent_at);
  renew_lease();
  if (reply.success) {
    follower.match_index = std::max(follower.match_index, reply.match_index);
    follower.next_index = std::max(follower.next_index, follower.match_index + 1);
    advance_commit(ctx);
  } else {
    follower.next_index =
        std::max(follower.match_index + 1, std::max<std::uint64_t>(reply.retry_index, 1));
  }
  if (!reply.success || follower.next_index <= log_.last_index()) replicate(ctx, follower);
}

// Figure 2's rule for leaders: the highest N that a majority holds, if entry N is of the
// current term (Figure 8: an older term's entry is never committed by counting replicas).
void RaftServer::advance_commit(sim::Context& ctx) {
  std::vector<std::uint64_t> matches{own_durable_index_};
  for (const Follower& follower : followers_) matches.push_back(follower.match_index);
  std::sort(matches.begin(), matches.end(), std::greater<>());
  const std::uint64_t majority_holds = matches[majority() - 1];
  if (majority_holds <= commit_index_) return;
  if (log_.term_at(majority_holds) != current_term_) return;
  commit_index_ = majority_holds;
  apply_committed(ctx);
}

// The lease starts when the newest heartbeat a majority answered was sent: none of them
// will vote for another candidate (nor time out) until an election timeout after they got
// it, which on the leader's clock is no earlier than the send time plus the timeout, less
// what the clocks may drift apart meanwhile.
void RaftServer::renew_lease() {
  std::vector<sim::Time> acked;
  for (const Follower& follower : followers_) {
    if (follower.acked_sent_at) acked.push_back(*follower.acked_sent_at);
  }
  const std::size_t needed = majority() - 1;  // the leader counts itself
  if (needed == 0 || acked.size() < needed) return;
  std::sort(acked.begin(), acked.end(), std::greater<>());
  lease_expiry_ = acked[needed - 1] + options_.election_timeout - options_.lease_drift;
}

bool RaftServer::lease_holds(sim::Context& ctx) const {
  if (peers_.empty()) return true;  // a cluster of one: nobody else can lead
  return lease_expiry_.has_value() && ctx.now() < *lease_expiry_ &&
         commit_index_ >= term_start_index_;
}

// ---------------------------------------------------------------- state machine, clients

void RaftServer::apply_committed(sim::Context& ctx) {
  while (last_applied_ < commit_index_) {
    ++last_applied_;
    const LogEntry& entry = log_.at(last_applied_);
    const ClientReply result = entry.command ? machine_.apply(*entry.command) : ClientReply{};
    const auto waiter = waiters_.find(last_applied_);
    if (waiter == waiters_.end()) continue;
    const bool same_entry = waiter->second.term == entry.term;
    ctx.reply(waiter->second.client,
              same_entry ? result : ClientReply{.status = ReplyStatus::error});
    waiters_.erase(waiter);
  }
}

// Leadership is lost: whether these entries commit is for a later leader to decide.
void RaftServer::fail_waiters(sim::Context& ctx) {
  for (const auto& [index, waiter] : waiters_)
    ctx.reply(waiter.client, ClientReply{.status = ReplyStatus::error});
  waiters_.clear();
}

std::uint32_t RaftServer::leader_hint(sim::Context& ctx) const {
  if (leader_) return sim::index_of(*leader_);
  // Unknown: the next server, so a client walks the cluster instead of retrying here.
  const std::span<const sim::NodeId> servers = ctx.servers();
  const auto self = std::find(servers.begin(), servers.end(), ctx.self());
  const auto next = self + 1 == servers.end() ? servers.begin() : self + 1;
  return sim::index_of(*next);
}

void RaftServer::on_client(sim::Context& ctx, const ClientRequest& request,
                           sim::ReplyAddress client) {
  if (offline_) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::refused});
    return;
  }
  if (role_ != Role::leader) {
    ctx.reply(client,
              ClientReply{.status = ReplyStatus::not_leader, .leader_hint = leader_hint(ctx)});
    return;
  }
  if (request.kind == OperationKind::get) {
    const bool local = options_.reads == ReadMode::local ||
                       (options_.reads == ReadMode::lease && lease_holds(ctx));
    if (local) {
      ctx.reply(client, machine_.read(request.key));
      return;
    }
  }
  append_as_leader(ctx, LogEntry{.term = current_term_, .command = request});
  waiters_[log_.last_index()] = Waiter{client, current_term_};
}

}  // namespace scar::nodes::raft
