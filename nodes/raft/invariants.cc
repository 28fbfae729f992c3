#include "nodes/raft/invariants.h"

#include <fmt/format.h>

#include <algorithm>

#include "nodes/raft/server.h"

namespace scar::nodes::raft {
namespace {

using Servers = std::span<const sim::Node* const>;
using Violation = std::optional<std::string>;

// Every server of a `raft` cluster is a RaftServer (the protocol's make_server builds it).
const RaftServer* raft_server(const sim::Node* node) {
  return static_cast<const RaftServer*>(node);
}

// The up server that maximises `rank` (the first of equals), or none.
template <class Rank>
std::optional<std::size_t> best_by(Servers servers, Rank rank) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (servers[i] == nullptr) continue;
    if (!best || rank(*raft_server(servers[i])) > rank(*raft_server(servers[*best]))) best = i;
  }
  return best;
}

// Leaders are few: pairs among them, and each leader against every server.
Violation one_leader_per_term(Servers servers) {
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (servers[i] == nullptr || raft_server(servers[i])->role_kind() != Role::leader) continue;
    const std::uint64_t term = raft_server(servers[i])->current_term();
    for (std::size_t j = i + 1; j < servers.size(); ++j) {
      if (servers[j] == nullptr) continue;
      const RaftServer& other = *raft_server(servers[j]);
      if (other.role_kind() == Role::leader && other.current_term() == term)
        return fmt::format("n{} and n{} both lead term {}", i + 1, j + 1, term);
    }
  }
  return std::nullopt;
}

// Every log against the longest: if two logs share an entry's index and term anywhere,
// they share it at the shorter one's end or both differ from the longest there.
Violation logs_match(Servers servers) {
  const auto longest = best_by(servers, [](const RaftServer& s) { return s.log().last_index(); });
  if (!longest) return std::nullopt;
  const RaftLog& reference = raft_server(servers[*longest])->log();
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (servers[i] == nullptr || i == *longest) continue;
    const RaftLog& log = raft_server(servers[i])->log();
    const std::uint64_t index = log.last_index();
    if (index == 0 || log.term_at(index) != reference.term_at(index)) continue;
    if (log.at(index) == reference.at(index)) continue;
    return fmt::format("n{} and n{} hold different entries of term {} at index {}", i + 1,
                       *longest + 1, log.term_at(index), index);
  }
  return std::nullopt;
}

// `leader` must hold the entry `other` knows committed, if `other`'s term is no later.
Violation holds_committed(const RaftServer& leader, const RaftServer& other, std::size_t l,
                          std::size_t o) {
  const std::uint64_t committed = other.commit_index();
  if (committed == 0 || other.current_term() > leader.current_term()) return std::nullopt;
  const std::uint64_t term = other.log().term_at(committed);
  if (leader.log().last_index() >= committed && leader.log().term_at(committed) == term)
    return std::nullopt;
  return fmt::format("leader n{} of term {} lacks entry {} (term {}) that n{} knows committed",
                     l + 1, leader.current_term(), committed, term, o + 1);
}

Violation leaders_hold_committed(Servers servers) {
  for (std::size_t l = 0; l < servers.size(); ++l) {
    if (servers[l] == nullptr || raft_server(servers[l])->role_kind() != Role::leader) continue;
    for (std::size_t o = 0; o < servers.size(); ++o) {
      if (o == l || servers[o] == nullptr) continue;
      if (Violation found =
              holds_committed(*raft_server(servers[l]), *raft_server(servers[o]), l, o))
        return found;
    }
  }
  return std::nullopt;
}

// Every server against the one that applied most, at its own last applied index (with log
// matching, the same entry there means the same entries before it).
Violation same_entries_applied(Servers servers) {
  const auto most = best_by(servers, [](const RaftServer& s) { return s.last_applied(); });
  if (!most) return std::nullopt;
  const RaftServer& reference = *raft_server(servers[*most]);
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (servers[i] == nullptr) continue;
    const RaftServer& server = *raft_server(servers[i]);
    const std::uint64_t index = server.last_applied();
    if (index == 0) continue;
    if (index > server.log().last_index() || index > reference.log().last_index())
      return fmt::format("n{} or n{} no longer holds applied entry {}", i + 1, *most + 1, index);
    if (server.log().at(index) == reference.log().at(index)) continue;
    return fmt::format("n{} applied an entry of term {} at index {}, n{} one of term {}", i + 1,
                       server.log().term_at(index), index, *most + 1,
                       reference.log().term_at(index));
  }
  return std::nullopt;
}

}  // namespace

std::vector<ClusterInvariant> raft_invariants() {
  return {{"election safety", one_leader_per_term},
          {"log matching", logs_match},
          {"leader completeness", leaders_hold_committed},
          {"state machine safety", same_entries_applied}};
}

}  // namespace scar::nodes::raft
