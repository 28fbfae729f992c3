// The messages between Raft servers (Figure 2 of the extended Raft paper, Ongaro and
// Ousterhout 2014): RequestVote and AppendEntries with their replies, and the log entry
// they carry. Terms and indexes are 1-based; index 0 and term 0 stand for "before the log".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "nodes/client_protocol.h"

namespace scar::nodes::raft {

// One entry of the replicated log: the term of the leader that created it, and a client
// command. An entry without a command is the no-op a new leader appends (§8), so that
// entries of earlier terms commit along with it.
struct LogEntry {
  std::uint64_t term = 0;
  std::optional<ClientRequest> command;
};

inline bool same_command(const std::optional<ClientRequest>& a,
                         const std::optional<ClientRequest>& b) {
  if (!a || !b) return a.has_value() == b.has_value();
  return a->kind == b->kind && a->key == b->key && a->value == b->value &&
         a->expected == b->expected && a->expect_found == b->expect_found &&
         a->request_id == b->request_id;
}

inline bool operator==(const LogEntry& a, const LogEntry& b) {
  return a.term == b.term && same_command(a.command, b.command);
}

struct RequestVote {
  static constexpr std::string_view name = "raft_request_vote";
  std::uint64_t term = 0;
  std::uint32_t candidate = 0;  // node id
  std::uint64_t last_log_index = 0;
  std::uint64_t last_log_term = 0;
  // Pre-vote (§9.6 of Ongaro's thesis): "would you vote for me in `term`?" The voter
  // answers without changing its term or vote, so a server cut off from the cluster cannot
  // raise its term by failed elections and depose a healthy leader when it comes back.
  bool pre_vote = false;
};

struct VoteReply {
  static constexpr std::string_view name = "raft_vote_reply";
  std::uint64_t term = 0;  // the voter's term, for the candidate to update itself
  bool granted = false;
};

struct AppendEntries {
  static constexpr std::string_view name = "raft_append_entries";
  std::uint64_t term = 0;
  std::uint32_t leader = 0;  // node id, so followers can redirect clients
  std::uint64_t prev_log_index = 0;
  std::uint64_t prev_log_term = 0;
  std::vector<LogEntry> entries;  // empty for a heartbeat
  std::uint64_t leader_commit = 0;

  // On the wire: a 48-byte header and about 48 bytes per entry.
  std::uint32_t size_bytes() const { return static_cast<std::uint32_t>(48 + 48 * entries.size()); }
};

struct AppendReply {
  static constexpr std::string_view name = "raft_append_reply";
  std::uint64_t term = 0;
  bool success = false;
  // success: the follower's log matches the leader's through this index.
  std::uint64_t match_index = 0;
  // failure: where the leader should try next (the follower's log end + 1, or the first
  // index of the conflicting term), so a lagging follower is found in a few round trips
  // instead of one per entry (§5.3, "the protocol can be optimized").
  std::uint64_t retry_index = 0;
};

}  // namespace scar::nodes::raft
