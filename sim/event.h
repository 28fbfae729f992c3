// What a pending event is: 40 bytes, trivially copyable, carried inline in the EventQueue
// (and in a node's inbox while the message waits for the CPU). A message inside it is in
// Message::Raw form, owned by the event until the event is handled or dropped.
#pragma once

#include <cstdint>

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
  io_done,       // `node`'s disk finished the operation in service
  io_notify,     // tell `node` of a finished disk operation; word = its id
};

struct Event {
  EventKind kind;
  NodeId node;             // the node the event happens to (unused by callbacks)
  std::uint32_t from = 0;  // deliver/process: the sender's id
  // The node's incarnation when scheduled (stale if it changed); for deliver events, the
  // network's cut epoch when the message was sent.
  std::uint32_t incarnation = 0;
  std::uint64_t word = 0;  // kind-specific, see above; deliver/process: message_word()
  Message::Raw message{};  // deliver/process only
};
static_assert(sizeof(Event) == 40);

// Correlation of a message: which call it answers or which call awaits its answer.
// Bit 0 set: a reply to request (correlation >> 1); clear: a request that wants a reply
// when (correlation >> 1) != 0. Request ids stay below 2^31 (asserted).
constexpr std::uint64_t request_correlation(std::uint64_t request_id) { return request_id << 1; }
constexpr std::uint64_t reply_correlation(std::uint64_t request_id) {
  return (request_id << 1) | 1;
}

// A deliver or process event's word: the message's id (high half) and its correlation.
constexpr std::uint64_t message_word(std::uint32_t message_id, std::uint64_t correlation) {
  return (std::uint64_t{message_id} << 32) | correlation;
}
constexpr std::uint64_t correlation_of(std::uint64_t word) { return word & 0xffff'ffffull; }
constexpr std::uint32_t message_id_of(std::uint64_t word) {
  return static_cast<std::uint32_t>(word >> 32);
}

}  // namespace scar::sim
