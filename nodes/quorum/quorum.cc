#include "nodes/quorum/quorum.h"

#include <fmt/format.h>

#include <cmath>

namespace scar::nodes {
namespace {

// The newest version among the replies that arrived; none when no replica held the key.
std::optional<Version> newest_of(const std::vector<sim::CallResult<QuorumReadReply>>& replies) {
  std::optional<Version> newest;
  for (const auto& reply : replies) {
    if (reply && reply->version && (!newest || *newest < *reply->version)) newest = reply->version;
  }
  return newest;
}

std::optional<OptionProblem> quorum_size_problem(const ProtocolOptions& options,
                                                 const std::string& name, std::uint32_t nodes) {
  const double size = options.number(name);
  if (size == std::floor(size) && size >= 1 && size <= nodes) return std::nullopt;
  return OptionProblem{name, fmt::format("expected a whole number of replicas from 1 to {} "
                                         "(cluster.nodes), found {}",
                                         nodes, size)};
}

}  // namespace

std::vector<OptionSpec> quorum_options() {
  return {{"r", OptionType::number, "2", {}, "replies a get waits for (1..nodes)"},
          {"w", OptionType::number, "2", {}, "acknowledgements a put waits for (1..nodes)"},
          {"clock",
           OptionType::choice,
           "logical",
           {"wall", "logical"},
           "a put's timestamp: the coordinator's own clock (wall: skew loses writes), or one "
           "past the newest a read quorum reports (logical, as the ABD register)"},
          {"read_repair",
           OptionType::choice,
           "sync",
           {"sync", "async"},
           "sync: a get answers once w replicas hold what it read (linearizable with r+w>N and "
           "clock=logical); async: it answers at once and repairs in the background"},
          {"replica_timeout",
           OptionType::duration,
           "100ms",
           {},
           "how long a coordinator waits for replicas before answering error"}};
}

std::optional<OptionProblem> quorum_option_problem(const ProtocolOptions& options,
                                                   std::uint32_t nodes) {
  if (auto problem = quorum_size_problem(options, "r", nodes)) return problem;
  return quorum_size_problem(options, "w", nodes);
}

QuorumServer::QuorumServer(const ProtocolOptions& options)
    : reads_needed_(static_cast<std::size_t>(options.number("r"))),
      writes_needed_(static_cast<std::size_t>(options.number("w"))),
      logical_clock_(options.choice("clock") == "logical"),
      synchronous_repair_(options.choice("read_repair") == "sync"),
      replica_timeout_(options.duration("replica_timeout")) {}

void QuorumServer::on_start(sim::Context& ctx) {
  replicas_.assign(ctx.servers().begin(), ctx.servers().end());
}

void QuorumServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (const auto* read = envelope.as<QuorumRead>()) {
    ctx.reply(envelope.reply_address(), QuorumReadReply{store_.newest(read->key)});
  } else if (const auto* write = envelope.as<QuorumWrite>()) {
    store_.offer(write->key, write->version);
    ctx.reply(envelope.reply_address(), QuorumWriteAck{});
  } else if (const auto* request = envelope.as<ClientRequest>()) {
    if (request->kind == OperationKind::get) {
      ctx.spawn(get(ctx, request->key, envelope.reply_address()));
    } else if (request->kind == OperationKind::put) {
      ctx.spawn(put(ctx, request->key, request->value, envelope.reply_address()));
    } else {  // no cas: last writer wins cannot compare and set
      ctx.reply(envelope.reply_address(), ClientReply{.status = ReplyStatus::refused});
    }
  }
}

sim::Task<> QuorumServer::get(sim::Context& ctx, std::uint64_t key, sim::ReplyAddress client) {
  const ReadReplies replies = co_await ctx.call_all<QuorumReadReply>(
      replicas_, QuorumRead{key}, replica_timeout_, reads_needed_);
  if (sim::count_ok(replies) < reads_needed_) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::error});
    co_return;
  }
  const std::optional<Version> newest = newest_of(replies);
  if (newest) {
    const bool repaired = co_await repair(ctx, key, *newest, replies);
    if (!repaired) {
      ctx.reply(client, ClientReply{.status = ReplyStatus::error});
      co_return;
    }
  }
  ctx.reply(client, ClientReply{.found = newest.has_value(), .value = newest ? newest->value : 0});
}

sim::Task<bool> QuorumServer::repair(sim::Context& ctx, std::uint64_t key, Version newest,
                                     const ReadReplies& replies) {
  std::vector<sim::NodeId> stale;      // answered with something older
  std::vector<sim::NodeId> not_known;  // older, or did not answer in time
  std::size_t holders = 0;
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (replies[i] && replies[i]->version == newest) {
      ++holders;
      continue;
    }
    if (replies[i]) stale.push_back(replicas_[i]);
    not_known.push_back(replicas_[i]);
  }
  if (!synchronous_repair_ || holders >= writes_needed_) {
    if (!stale.empty()) ctx.spawn(write_back(ctx, key, newest, std::move(stale)));
    co_return true;
  }
  // ABD's read phase two: make a write quorum hold what this get returns before it
  // returns it, so no later get can return anything older.
  const std::size_t needed = writes_needed_ - holders;
  const auto acks = co_await ctx.call_all<QuorumWriteAck>(not_known, QuorumWrite{key, newest},
                                                          replica_timeout_, needed);
  co_return sim::count_ok(acks) >= needed;
}

sim::Task<> QuorumServer::write_back(sim::Context& ctx, std::uint64_t key, Version newest,
                                     std::vector<sim::NodeId> replicas) {
  co_await ctx.call_all<QuorumWriteAck>(replicas, QuorumWrite{key, newest}, replica_timeout_);
}

sim::Task<> QuorumServer::put(sim::Context& ctx, std::uint64_t key, std::uint64_t value,
                              sim::ReplyAddress client) {
  const std::optional<Version> version = co_await version_for(ctx, key, value);
  if (!version) {  // the timestamp query failed before anything was written
    ctx.reply(client, ClientReply{.status = ReplyStatus::refused});
    co_return;
  }
  const auto acks = co_await ctx.call_all<QuorumWriteAck>(replicas_, QuorumWrite{key, *version},
                                                          replica_timeout_, writes_needed_);
  const bool written = sim::count_ok(acks) >= writes_needed_;
  ctx.reply(client, ClientReply{.status = written ? ReplyStatus::ok : ReplyStatus::error});
}

sim::Task<std::optional<Version>> QuorumServer::version_for(sim::Context& ctx, std::uint64_t key,
                                                            std::uint64_t value) {
  const std::uint32_t self = sim::index_of(ctx.self());
  if (!logical_clock_) co_return Version{(ctx.now() - sim::time_zero).count(), self, value};
  const ReadReplies replies = co_await ctx.call_all<QuorumReadReply>(
      replicas_, QuorumRead{key}, replica_timeout_, reads_needed_);
  if (sim::count_ok(replies) < reads_needed_) co_return std::nullopt;
  const std::optional<Version> newest = newest_of(replies);
  co_return Version{newest ? newest->counter + 1 : 1, self, value};
}

}  // namespace scar::nodes
