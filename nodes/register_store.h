// The registers a server holds, one per key: the applied value (what reads return) and the
// writes accepted but not yet applied (what a compare-and-set must see).
//
// A write is accepted when the server takes it on, and applied once it is durable (at once
// when nothing needs to be waited for). A cas is decided against the key's latest accepted
// write (the last one pending, else the applied value), so a second cas cannot slip in
// between a first one's acceptance and its application and both succeed. A write that
// fails after acceptance is withdrawn: it no longer counts, and a cas sees what was
// accepted before it (or after it) instead. Volatile: a crash loses it; recovery restores
// it from the log.
//
// An add is decided the same way, as a put of the latest accepted value plus the increment
// (0 when the key holds nothing): two adds accepted back to back both count, and the log
// and the backups see only puts of absolute values.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "nodes/client_protocol.h"

namespace scar::nodes {

class RegisterStore {
 public:
  using Map = std::unordered_map<std::uint64_t, std::uint64_t>;

  // The applied value, if the key has one.
  std::optional<std::uint64_t> read(std::uint64_t key) const {
    const auto found = applied_.find(key);
    return found == applied_.end() ? std::nullopt : std::optional(found->second);
  }

  // Accepts a put, an add, or a cas whose expectation the latest accepted write meets. A
  // cas that does not meet it is not accepted; `found` is what the key holds as writers see
  // it; `written` the value an accepted write puts (for an add: found + the increment).
  struct Decision {
    bool accepted;
    std::optional<std::uint64_t> found;
    std::uint64_t written = 0;
  };
  Decision accept(const ClientRequest& request) {
    const std::optional<std::uint64_t> found = latest(request.key);
    if (request.kind == OperationKind::cas &&
        found != (request.expect_found ? std::optional(request.expected) : std::nullopt)) {
      return {false, found};
    }
    const std::uint64_t written =
        request.kind == OperationKind::add ? found.value_or(0) + request.value : request.value;
    pending_[request.key].push_back(written);
    return {true, found, written};
  }

  // The replies both outcomes need: a get's, and a cas's that was not accepted (done, and
  // nothing written; it says what the key holds).
  ClientReply read_reply(std::uint64_t key) const {
    const auto value = read(key);
    return ClientReply{.found = value.has_value(), .value = value.value_or(0)};
  }
  static ClientReply rejection(const Decision& decision) {
    return ClientReply{
        .found = decision.found.has_value(), .value = decision.found.value_or(0), .applied = false};
  }
  // The reply to an accepted write once it is applied: an add's carries the new sum.
  static ClientReply acknowledgement(const ClientRequest& request, const Decision& decision) {
    if (request.kind != OperationKind::add) return ClientReply{};
    return ClientReply{.found = true, .value = decision.written};
  }

  // An accepted write is durable: reads see it.
  void apply(std::uint64_t key, std::uint64_t value) {
    forget_pending(key, value);
    applied_[key] = value;
  }

  // An accepted write failed: it no longer counts.
  void withdraw(std::uint64_t key, std::uint64_t value) { forget_pending(key, value); }

  // A write decided elsewhere (a backup applying its primary's).
  void overwrite(std::uint64_t key, std::uint64_t value) { applied_[key] = value; }

  const Map& applied() const { return applied_; }

  // After recovery: the log's contents, nothing pending.
  void restore(Map recovered) {
    applied_ = std::move(recovered);
    pending_.clear();
  }

 private:
  std::optional<std::uint64_t> latest(std::uint64_t key) const {
    const auto pending = pending_.find(key);
    if (pending != pending_.end() && !pending->second.empty()) return pending->second.back();
    return read(key);
  }

  // Removes one accepted instance of `value` (a retried put can be accepted twice).
  void forget_pending(std::uint64_t key, std::uint64_t value) {
    const auto pending = pending_.find(key);
    if (pending == pending_.end()) return;
    std::vector<std::uint64_t>& values = pending->second;
    if (const auto at = std::find(values.begin(), values.end(), value); at != values.end())
      values.erase(at);
    if (values.empty()) pending_.erase(pending);
  }

  Map applied_;
  std::unordered_map<std::uint64_t, std::vector<std::uint64_t>> pending_;  // acceptance order
};

}  // namespace scar::nodes
