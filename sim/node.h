// The node API, part one: what a protocol implements.
//
// A node is a state machine. The runtime calls its handlers one at a time, never
// concurrently, each with the node's Context (its only window on the world). All of a
// node's member state is volatile: a crash destroys the Node object, and a restart
// constructs a fresh one whose on_start sees only what its disk kept.
#pragma once

#include <compare>
#include <cstdint>
#include <string_view>

#include "sim/io.h"
#include "sim/message.h"

namespace scar::sim {

class Context;

// A node's identity within a run: dense, starting at 0, in the order nodes were added.
enum class NodeId : std::uint32_t {};
constexpr std::uint32_t index_of(NodeId id) { return static_cast<std::uint32_t>(id); }

using TimerId = std::uint64_t;

// Where a reply goes: the requester and its request number (0 for a one-way message).
struct ReplyAddress {
  NodeId to;
  std::uint64_t request_id;
};

// A delivered message. `request_id` is non-zero when the sender awaits a reply
// (Context::call); answer it with Context::reply(envelope.reply_address(), ...).
struct Envelope {
  NodeId from;
  Message message;
  std::uint64_t request_id = 0;

  template <MessageType T>
  const T* as() const {
    return message.as<T>();
  }
  template <MessageType T>
  bool is() const {
    return message.is<T>();
  }
  ReplyAddress reply_address() const { return {from, request_id}; }
};

class Node {
 public:
  virtual ~Node() = default;

  // Called when the node first starts and after every restart.
  virtual void on_start(Context&) {}
  // A message arrived and the node's CPU has spent its service time on it. Replies to
  // the node's own calls never come here: they resume the awaiting task.
  virtual void on_message(Context&, const Envelope&) {}
  // A timer set with Context::set_timer fired (late, if the node was paused).
  virtual void on_timer(Context&, TimerId) {}
  // A disk operation started with Context::submit_io completed.
  virtual void on_io(Context&, std::uint64_t /*io_id*/, const IoResult&) {}
  // The node's role as the protocol sees it ("leader", "primary", "backup"): what fault
  // targets such as `leader` resolve by. Empty when the protocol has no roles.
  virtual std::string_view role() const { return {}; }
};

}  // namespace scar::sim
