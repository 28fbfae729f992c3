// The World's disk path: submit -> device queue -> completion -> the node's coroutine or
// on_io handler (later, if the node is paused).
#include <algorithm>

#include "sim/assert.h"
#include "sim/world.h"

namespace scar::sim {

std::uint64_t World::submit_io(NodeId id, IoRequest request, PendingIo* io) {
  NodeRuntime& node = runtime(id);
  const std::uint64_t io_id = node.next_io_id++;
  if (!node.disk->submit(io_id, std::move(request), now_)) {
    if (io != nullptr) {  // the coroutine continues at once with the refusal
      io->result = IoResult{IoStatus::busy};
      io->waiter = nullptr;
      return io_id;
    }
    node.io_results[io_id] = IoResult{IoStatus::busy};
    schedule_event(now_, Event{.kind = EventKind::io_notify,
                               .node = id,
                               .incarnation = node.incarnation,
                               .word = io_id});
    return io_id;
  }
  node.ios[io_id] = io;
  node.counters.disk_queue_window_max =
      std::max<std::uint64_t>(node.counters.disk_queue_window_max, node.disk->queue_depth());
  schedule_disk(node, id);
  return io_id;
}

void World::schedule_disk(NodeRuntime& node, NodeId id) {
  if (const std::optional<Time> end = node.disk->take_started()) {
    if (observer_ != nullptr) {
      const IoRequest& request = node.disk->in_service();
      observer_->disk_operation(now_, *end, id, request.kind, request.file);
    }
    schedule_event(*end,
                   Event{.kind = EventKind::io_done, .node = id, .incarnation = node.incarnation});
  }
}

void World::on_io_done(const Event& event) {
  if (is_stale(event)) return;  // the crash dropped the operation with the cache
  NodeRuntime& node = runtime(event.node);
  // The device works on through a pause: the effect lands now, the node hears later.
  auto [io_id, result] = node.disk->complete(now_);
  schedule_disk(node, event.node);
  if (node.paused) {
    node.io_results[io_id] = std::move(result);
    node.deferred.push_back(Event{.kind = EventKind::io_notify,
                                  .node = event.node,
                                  .incarnation = node.incarnation,
                                  .word = io_id});
    return;
  }
  deliver_io(node, io_id, std::move(result));
}

void World::deliver_io(NodeRuntime& node, std::uint64_t io_id, IoResult result) {
  PendingIo* io = nullptr;
  if (auto found = node.ios.find(io_id); found != node.ios.end()) {
    io = found->second;
    node.ios.erase(found);
  }
  if (io == nullptr) {
    node.node->on_io(node.context, io_id, result);
    return;
  }
  io->result = std::move(result);
  io->waiter.resume();
}

}  // namespace scar::sim
