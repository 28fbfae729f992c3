// Request-reply calls between nodes, as node code sees them: `Context::call` returns a
// CallResult that holds either the reply or why there is none. A call never throws: a
// timeout is an ordinary outcome, because a lost request and a slow one look the same.
#pragma once

#include <coroutine>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sim/message.h"

namespace scar::sim {

enum class CallStatus : std::uint8_t {
  pending,    // no answer yet
  ok,         // the reply arrived
  timeout,    // no reply within the timeout (lost, slow, or the peer is down: unknowable)
  cancelled,  // a fan-out no longer needed it
  bad_reply,  // a reply of another type than the caller expected
};

template <MessageType Response>
class CallResult {
 public:
  CallResult(CallStatus status, std::optional<Response> value)
      : status_(status), value_(std::move(value)) {}

  CallStatus status() const { return status_; }
  bool ok() const { return status_ == CallStatus::ok; }
  explicit operator bool() const { return ok(); }
  // REQUIRES: ok().
  const Response& value() const { return *value_; }
  const Response& operator*() const { return *value_; }
  const Response* operator->() const { return &*value_; }

 private:
  CallStatus status_;
  std::optional<Response> value_;
};

class CallGroup;

// One outstanding call, owned by the awaiting coroutine's frame. The runtime finds it by
// `request_id` and completes it with `complete_call` below.
struct PendingCall {
  std::uint64_t request_id = 0;
  CallStatus status = CallStatus::pending;
  Message reply;
  std::coroutine_handle<> waiter;  // resumed when this call completes (single call)
  CallGroup* group = nullptr;      // or: the fan-out this call is part of
};

// A fan-out: resumes its waiter once `needed` calls succeeded or every call ended.
class CallGroup {
 public:
  std::vector<PendingCall> calls;
  std::size_t needed = 0;
  std::size_t ended = 0;
  std::size_t succeeded = 0;
  std::coroutine_handle<> waiter;
  bool resumed = false;
};

}  // namespace scar::sim
