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

// Calls `check(a, b, i, j)` for every pair of up servers i < j until one reports.
template <class Check>
Violation for_each_pair(Servers servers, Check check) {
  for (std::size_t i = 0; i < servers.size(); ++i) {
    if (servers[i] == nullptr) continue;
    for (std::size_t j = i + 1; j < servers.size(); ++j) {
      if (servers[j] == nullptr) continue;
      if (Violation found = check(*raft_server(servers[i]), *raft_server(servers[j]), i, j))
        return found;
    }
  }
  return std::nullopt;
}

Violation one_leader_per_term(Servers servers) {
  return for_each_pair(
      servers,
      [](const RaftServer& a, const RaftServer& b, std::size_t i, std::size_t j) -> Violation {
        if (a.role_kind() != Role::leader || b.role_kind() != Role::leader) return std::nullopt;
        if (a.current_term() != b.current_term()) return std::nullopt;
        return fmt::format("n{} and n{} both lead term {}", i + 1, j + 1, a.current_term());
      });
}

Violation logs_match(Servers servers) {
  return for_each_pair(
      servers,
      [](const RaftServer& a, const RaftServer& b, std::size_t i, std::size_t j) -> Violation {
        const std::uint64_t index = std::min(a.log().last_index(), b.log().last_index());
        if (index == 0 || a.log().term_at(index) != b.log().term_at(index)) return std::nullopt;
        if (a.log().at(index) == b.log().at(index)) return std::nullopt;
        return fmt::format("n{} and n{} hold different entries of term {} at index {}", i + 1,
                           j + 1, a.log().term_at(index), index);
      });
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
  return for_each_pair(
      servers,
      [](const RaftServer& a, const RaftServer& b, std::size_t i, std::size_t j) -> Violation {
        if (a.role_kind() == Role::leader)
          if (Violation found = holds_committed(a, b, i, j)) return found;
        if (b.role_kind() == Role::leader) return holds_committed(b, a, j, i);
        return std::nullopt;
      });
}

Violation same_entries_applied(Servers servers) {
  return for_each_pair(
      servers,
      [](const RaftServer& a, const RaftServer& b, std::size_t i, std::size_t j) -> Violation {
        const std::uint64_t index = std::min(a.last_applied(), b.last_applied());
        if (index > a.log().last_index() || index > b.log().last_index())
          return fmt::format("n{} or n{} no longer holds applied entry {}", i + 1, j + 1, index);
        if (index == 0 || a.log().at(index) == b.log().at(index)) return std::nullopt;
        return fmt::format("n{} applied an entry of term {} at index {}, n{} one of term {}", i + 1,
                           a.log().term_at(index), index, j + 1, b.log().term_at(index));
      });
}

}  // namespace

std::vector<ClusterInvariant> raft_invariants() {
  return {{"election safety", one_leader_per_term},
          {"log matching", logs_match},
          {"leader completeness", leaders_hold_committed},
          {"state machine safety", same_entries_applied}};
}

}  // namespace scar::nodes::raft
