// The node API, part two: a node's only window on the world.
//
// Everything node code may do goes through its Context: read its clock, send, set
// timers, draw randomness, run tasks, call peers. Nothing here says whether the node
// runs in the simulator or on real sockets; a second runtime implements the same
// interface. Everything the world does to a node arrives as an ordinary value (a call
// that timed out) or as the node simply not running (crashed, paused).
//
// `send` never reports a message's fate: like a socket write, it "succeeds" and the
// message may still be lost, delayed, duplicated or reordered.
#pragma once

#include <algorithm>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "sim/call.h"
#include "sim/io.h"
#include "sim/message.h"
#include "sim/node.h"
#include "sim/random.h"
#include "sim/task.h"
#include "sim/time.h"

namespace scar::sim {

// A disk operation awaited by a coroutine; lives in the coroutine's frame.
struct PendingIo {
  IoResult result;
  std::coroutine_handle<> waiter;
};

class IoAwaiter;
template <MessageType Response>
class CallAwaiter;
template <MessageType Response>
class CallAllAwaiter;

class Context {
 public:
  static constexpr std::size_t all = std::numeric_limits<std::size_t>::max();

  virtual NodeId self() const = 0;
  virtual std::string_view name() const = 0;
  virtual std::string_view name_of(NodeId node) const = 0;
  // The cluster's server nodes in id order (clients are not servers).
  virtual std::span<const NodeId> servers() const = 0;
  // The node's local clock: true time plus whatever skew and drift faults have set.
  virtual Time now() const = 0;
  // The node's own random stream: deterministic, independent of every other node's.
  virtual Random& random() = 0;

  virtual void send_message(NodeId to, Message message) = 0;
  virtual void send_reply(ReplyAddress to, Message message) = 0;

  // A timer fires on_timer(ctx, id) after `delay` of the node's time. Cancelling a timer
  // that fired or was cancelled already is a no-op.
  virtual TimerId set_timer(Duration delay) = 0;
  virtual void cancel_timer(TimerId timer) = 0;

  // Runs `task` until its first suspension, then keeps it alive until it ends or the
  // node crashes. An exception escaping it is an internal error of the run.
  virtual void spawn(Task<> task) = 0;

  // A line in the run's trace, if tracing is on: "[1.250000s] n1 became leader".
  virtual void trace(std::string_view text) = 0;

  // Adds `delta` to the node's counter `metric` ("cache_misses"): the protocol's own
  // numbers, reported per node and in total as metrics.<name>. Counters are the run's
  // observations, not node state: a crash does not reset them, and counting changes
  // nothing in the run. A protocol declares the names it counts (Protocol::metrics).
  void count(std::string_view metric, std::int64_t delta = 1) { add_to_metric(metric, delta); }
  virtual void add_to_metric(std::string_view metric, std::int64_t delta) = 0;

  // The feature flag `name`'s current value: 0 until the run's schedule sets it (a
  // scenario's `flag` events), then whatever was set last. Flags are the operators' knobs,
  // the same for every node at the same instant: a fraction (0..1) for a ramp ("read_new"
  // at 0.05: 5 % of reads), or 0/1 for a switch. Reading one changes nothing in the run.
  virtual double flag(std::string_view name) const = 0;

  // Disk, handler style: the operation's id; its result arrives in Node::on_io.
  virtual std::uint64_t submit_io(IoRequest request) = 0;

  template <MessageType T>
  void send(NodeId to, T message) {
    send_message(to, Message::make(std::move(message)));
  }
  template <MessageType T>
  void reply(ReplyAddress to, T message) {
    send_reply(to, Message::make(std::move(message)));
  }

  // co_await ctx.sleep_for(10ms): resumes after `delay` (late if the node was paused).
  auto sleep_for(Duration delay) {
    struct Awaiter {
      Context& context;
      Duration delay;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<> waiter) { context.resume_after(delay, waiter); }
      void await_resume() const noexcept {}
    };
    return Awaiter{*this, delay};
  }

  // co_await ctx.call<Ack>(peer, Replicate{...}, 100ms): the reply, or why there is none.
  template <MessageType Response, MessageType Request>
  CallAwaiter<Response> call(NodeId peer, Request request, Duration timeout) {
    return CallAwaiter<Response>(*this, peer, Message::make(std::move(request)), timeout);
  }

  // Disk, coroutine style: co_await ctx.append("log", bytes) gives the IoResult.
  IoAwaiter write(std::string file, std::uint64_t offset, std::string data);
  IoAwaiter append(std::string file, std::string data);
  IoAwaiter read(std::string file, std::uint64_t offset, std::uint64_t length);
  IoAwaiter read_all(std::string file);
  IoAwaiter fsync(std::string file);
  IoAwaiter truncate(std::string file, std::uint64_t size);
  IoAwaiter io(IoRequest request);

  // Calls every peer in parallel; resumes once `needed` replies succeeded (default: all)
  // or every call ended. Calls still pending then are cancelled. Results are in the
  // order of `peers`.
  template <MessageType Response, MessageType Request>
  CallAllAwaiter<Response> call_all(std::span<const NodeId> peers, Request request,
                                    Duration timeout, std::size_t needed = all) {
    return CallAllAwaiter<Response>(*this, peers, Message::make(std::move(request)), timeout,
                                    needed);
  }

  // For awaiters. A runtime resumes `waiter` after `delay`; starts a call and completes it
  // later with complete_call; forgets a call on cancel_call.
  virtual void resume_after(Duration delay, std::coroutine_handle<> waiter) = 0;
  virtual void start_call(NodeId to, Message request, Duration timeout, PendingCall& call) = 0;
  virtual void cancel_call(PendingCall& call) = 0;
  // Starts a disk operation for a coroutine. Returns false when it completed at once
  // (refused: busy), with `io.result` set; otherwise resumes `io.waiter` later.
  virtual bool start_io(IoRequest request, PendingIo& io) = 0;

 protected:
  ~Context() = default;

  // For runtimes: records the call's outcome and resumes whoever waits on it. The
  // waiter may run to completion inside this call: touch nothing of the call after it.
  void complete_call(PendingCall& call, CallStatus status, Message reply);
};

class IoAwaiter {
 public:
  IoAwaiter(Context& context, IoRequest request)
      : context_(context), request_(std::move(request)) {}
  bool await_ready() const noexcept { return false; }
  // False (no suspension) when the device refused the operation at once.
  bool await_suspend(std::coroutine_handle<> waiter) {
    pending_.waiter = waiter;
    return context_.start_io(std::move(request_), pending_);
  }
  IoResult await_resume() { return std::move(pending_.result); }

 private:
  Context& context_;
  IoRequest request_;
  PendingIo pending_;
};

inline IoAwaiter Context::io(IoRequest request) { return IoAwaiter(*this, std::move(request)); }
inline IoAwaiter Context::write(std::string file, std::uint64_t offset, std::string data) {
  return io({IoKind::write, std::move(file), offset, 0, std::move(data)});
}
inline IoAwaiter Context::append(std::string file, std::string data) {
  return io({IoKind::append, std::move(file), 0, 0, std::move(data)});
}
inline IoAwaiter Context::read(std::string file, std::uint64_t offset, std::uint64_t length) {
  return io({IoKind::read, std::move(file), offset, length, {}});
}
inline IoAwaiter Context::read_all(std::string file) {
  return io({IoKind::read, std::move(file), 0, UINT64_MAX, {}});
}
inline IoAwaiter Context::fsync(std::string file) {
  return io({IoKind::fsync, std::move(file), 0, 0, {}});
}
inline IoAwaiter Context::truncate(std::string file, std::uint64_t size) {
  return io({IoKind::truncate, std::move(file), size, 0, {}});
}

template <MessageType Response>
CallResult<Response> result_of(const PendingCall& call) {
  if (call.status != CallStatus::ok) return {call.status, std::nullopt};
  if (const Response* response = call.reply.as<Response>()) return {CallStatus::ok, *response};
  return {CallStatus::bad_reply, std::nullopt};
}

template <MessageType Response>
class CallAwaiter {
 public:
  CallAwaiter(Context& context, NodeId peer, Message request, Duration timeout)
      : context_(context), peer_(peer), request_(std::move(request)), timeout_(timeout) {}

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> waiter) {
    call_.waiter = waiter;
    context_.start_call(peer_, std::move(request_), timeout_, call_);
  }
  CallResult<Response> await_resume() const { return result_of<Response>(call_); }

 private:
  Context& context_;
  NodeId peer_;
  Message request_;
  Duration timeout_;
  PendingCall call_;
};

template <MessageType Response>
class CallAllAwaiter {
 public:
  CallAllAwaiter(Context& context, std::span<const NodeId> peers, Message request, Duration timeout,
                 std::size_t needed)
      : context_(context),
        peers_(peers.begin(), peers.end()),
        request_(std::move(request)),
        timeout_(timeout) {
    group_.calls.resize(peers_.size());
    group_.needed = std::min(needed, peers_.size());
  }

  bool await_ready() const noexcept { return peers_.empty(); }
  void await_suspend(std::coroutine_handle<> waiter) {
    group_.waiter = waiter;
    for (std::size_t i = 0; i < peers_.size(); ++i) {
      group_.calls[i].group = &group_;
      context_.start_call(peers_[i], request_, timeout_, group_.calls[i]);
    }
  }
  std::vector<CallResult<Response>> await_resume() const {
    std::vector<CallResult<Response>> results;
    results.reserve(group_.calls.size());
    for (const PendingCall& call : group_.calls) results.push_back(result_of<Response>(call));
    return results;
  }

 private:
  Context& context_;
  std::vector<NodeId> peers_;
  Message request_;
  Duration timeout_;
  CallGroup group_;
};

// How many results of a fan-out succeeded.
template <MessageType Response>
std::size_t count_ok(const std::vector<CallResult<Response>>& results) {
  std::size_t ok = 0;
  for (const auto& result : results) ok += result.ok() ? 1 : 0;
  return ok;
}

}  // namespace scar::sim
