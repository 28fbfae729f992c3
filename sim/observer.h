// Structured observation of a run, for the trace viewers (Perfetto) and the message
// diagram: every message's life (sent, handled or dropped, with a run-unique id), every
// disk operation, every change of a node's state. The World calls an installed Observer
// synchronously; with none installed each hook costs one branch.
//
// Message ids are a 32-bit counter per run (they wrap after 4 billion messages).
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/io.h"
#include "sim/node.h"
#include "sim/time.h"

namespace scar::sim {

enum class DropReason : std::uint8_t { network, partition, inbox_full, node_down };

std::string_view name_of(DropReason reason);

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void message_sent(Time when, NodeId from, NodeId to, std::string_view type,
                            std::uint32_t id) = 0;
  // The node's CPU works on the message from `start` to `end`; its handler runs at `end`.
  virtual void message_handled(Time start, Time end, NodeId node, NodeId from,
                               std::string_view type, std::uint32_t id) = 0;
  virtual void message_dropped(Time when, NodeId where, NodeId from, std::string_view type,
                               std::uint32_t id, DropReason reason) = 0;
  virtual void disk_operation(Time start, Time end, NodeId node, IoKind kind,
                              std::string_view file) = 0;
  // "crash", "restart", "pause", "resume".
  virtual void node_changed(Time when, NodeId node, std::string_view change) = 0;
};

}  // namespace scar::sim
