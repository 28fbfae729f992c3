// Exactly-once writes over at-least-once retries: a server remembers the replies it gave
// to the last `remembered_max` write requests it applied, by request id (the same for every
// retry of an operation, see ClientRequest::request_id), and answers a retry of one of them
// from that reply instead of applying it again.
//
// Bounded: at most `remembered_max` answered requests (the oldest is forgotten first, in the
// order they were answered), plus the requests in progress (accepted, still being made
// durable), which the server's inbox bounds. A retry that arrives after `remembered_max`
// later writes were answered is applied again. Volatile: a crash forgets everything, so a
// retry that reaches a restarted server is applied again too.
//
// Deterministic: lookups only, eviction in answer order; nothing iterates a hash map.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>

#include "nodes/client_protocol.h"

namespace scar::nodes {

class RequestDeduplicator {
 public:
  static constexpr std::size_t remembered_max = 65'536;

  // The reply given to `request_id`, when it was answered and is still remembered.
  const ClientReply* answered(std::uint64_t request_id) const {
    const auto found = entries_.find(request_id);
    if (found == entries_.end() || !found->second) return nullptr;
    return &*found->second;
  }

  // The request was accepted and is not answered yet (its write is being made durable).
  bool in_progress(std::uint64_t request_id) const {
    const auto found = entries_.find(request_id);
    return found != entries_.end() && !found->second;
  }

  // REQUIRES: the request is neither answered nor in progress.
  void start(std::uint64_t request_id) { entries_.emplace(request_id, std::nullopt); }

  // The request was applied and answered with `reply`: remember it, forgetting the oldest
  // answered request when full.
  void finish(std::uint64_t request_id, const ClientReply& reply) {
    entries_[request_id] = reply;
    order_.push_back(request_id);
    if (order_.size() <= remembered_max) return;
    entries_.erase(order_.front());
    order_.pop_front();
  }

  // The request in progress failed and changed nothing: a retry may apply it.
  void abandon(std::uint64_t request_id) { entries_.erase(request_id); }

  std::size_t remembered() const { return order_.size(); }

 private:
  // Answered (a reply) or in progress (none), by request id.
  std::unordered_map<std::uint64_t, std::optional<ClientReply>> entries_;
  std::deque<std::uint64_t> order_;  // answered request ids, oldest first
};

}  // namespace scar::nodes
