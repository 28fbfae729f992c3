// The bodies of pending events, kept in a slab beside the EventQueue (which holds only
// time, sequence and a slot number). A body is 40 bytes and trivially copyable; a message
// inside it is in Message::Raw form, owned by the slot until the event is handled.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/assert.h"
#include "sim/message.h"
#include "sim/node.h"

namespace scar::sim {

enum class EventKind : std::uint8_t {
  deliver,       // a message reaches `node`'s network interface
  process,       // `node`'s CPU finished its service time on the message
  timer,         // a node timer; word = timer id
  resume,        // resume a coroutine; word = its handle's address
  call_timeout,  // word = the request id of the call
  callback,      // an engine callback; word = its index
};

struct Event {
  EventKind kind;
  NodeId node;                 // the node the event happens to (unused by callbacks)
  std::uint32_t from = 0;      // deliver/process: the sender's id
  std::uint32_t incarnation = 0;  // the node's incarnation when scheduled (stale if it changed)
  std::uint64_t word = 0;      // kind-specific, see above; deliver/process: correlation
  Message::Raw message{};      // deliver/process only
};
static_assert(sizeof(Event) == 40);

// Correlation of a message: which call it answers or which call awaits its answer.
// Bit 0 set: a reply to request (word >> 1); clear: a request that wants a reply when
// (word >> 1) != 0.
constexpr std::uint64_t request_correlation(std::uint64_t request_id) { return request_id << 1; }
constexpr std::uint64_t reply_correlation(std::uint64_t request_id) {
  return (request_id << 1) | 1;
}

// Fixed-size slots with a free list; slot numbers are reused lowest-recently-freed first.
class EventSlab {
 public:
  std::uint32_t allocate(const Event& event) {
    if (!free_.empty()) {
      const std::uint32_t slot = free_.back();
      free_.pop_back();
      events_[slot] = event;
      return slot;
    }
    events_.push_back(event);
    return static_cast<std::uint32_t>(events_.size() - 1);
  }
  Event& operator[](std::uint32_t slot) { return events_[slot]; }
  void release(std::uint32_t slot) { free_.push_back(slot); }
  void reserve(std::size_t count) {
    events_.reserve(count);
    free_.reserve(count);
  }
  std::size_t capacity_bytes() const {
    return events_.capacity() * sizeof(Event) + free_.capacity() * sizeof(std::uint32_t);
  }

 private:
  std::vector<Event> events_;
  std::vector<std::uint32_t> free_;
};

}  // namespace scar::sim
