// What the World keeps for each node: the node object and everything the engine does on
// its behalf (CPU and inbox, timers, outstanding calls, spawned tasks, counters), plus
// NodeContext, the simulator's implementation of the node API.
//
// Volatile state (the Node object, timers, calls, tasks, inbox) is destroyed by a crash;
// the incarnation number then changes, so events scheduled by the old incarnation are
// recognised as stale and dropped when they come due.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "sim/context.h"
#include "sim/disk.h"
#include "sim/distribution.h"
#include "sim/event.h"
#include "sim/node.h"
#include "sim/random.h"
#include "sim/ring_buffer.h"

namespace scar::sim {

class World;

class NodeContext final : public Context {
 public:
  NodeContext(World& world, NodeId self) : world_(&world), self_(self) {}

  NodeId self() const override { return self_; }
  std::string_view name() const override;
  std::string_view name_of(NodeId node) const override;
  std::span<const NodeId> servers() const override;
  Time now() const override;
  Random& random() override;
  void send_message(NodeId to, Message message) override;
  void send_reply(ReplyAddress to, Message message) override;
  TimerId set_timer(Duration delay) override;
  void cancel_timer(TimerId timer) override;
  void spawn(Task<> task) override;
  void trace(std::string_view text) override;
  void add_to_metric(std::string_view metric, std::int64_t delta) override;
  double flag(std::string_view name) const override;
  std::uint64_t submit_io(IoRequest request) override;
  void resume_after(Duration delay, std::coroutine_handle<> waiter) override;
  void start_call(NodeId to, Message request, Duration timeout, PendingCall& call) override;
  void cancel_call(PendingCall& call) override;
  bool start_io(IoRequest request, PendingIo& io) override;

  using Context::complete_call;

 private:
  World* world_;
  NodeId self_;
};

// Per-node message counters. Drops are charged to the node that lost the message: the
// sender for network loss, the receiver for a full inbox or being down.
struct NodeCounters {
  std::uint64_t sent = 0;
  std::uint64_t sent_bytes = 0;
  std::uint64_t received = 0;  // handled by the node (after CPU service)
  std::uint64_t dropped_network = 0;
  std::uint64_t dropped_inbox_full = 0;
  std::uint64_t dropped_node_down = 0;
  std::uint64_t dropped_partition = 0;  // sent across a cut, or on the wire when it opened
  std::uint64_t late_replies = 0;       // replies to calls that had already ended
  std::uint64_t inbox_depth_max = 0;
  std::int64_t cpu_busy_ns = 0;  // service time of handled messages, counted when handled
  // Maxima since the last sample (World::set_sampler), for time series.
  std::uint64_t inbox_depth_window_max = 0;
  std::uint64_t disk_queue_window_max = 0;

  // The protocol's own counters (Context::count), by name.
  std::map<std::string, std::int64_t, std::less<>> metrics;

  std::uint64_t dropped() const {
    return dropped_network + dropped_inbox_full + dropped_node_down + dropped_partition;
  }
};

// The node's local clock: true time plus `offset`, plus `drift_ppm` parts per million of
// the time elapsed since `drift_since`.
struct NodeClock {
  Duration offset{0};
  double drift_ppm = 0;
  Time drift_since{};

  Time local(Time true_time) const;
  // How much true time passes while the local clock advances by `local_delay`.
  Duration true_delay(Duration local_delay) const;
};

// Laid out for the message path: what every delivery and send touches comes first and
// shares a few adjacent cache lines; with 100,000 nodes each delivery goes to a node
// whose data is not in cache, so every extra line touched is a memory stall.
struct alignas(64) NodeRuntime final : detail::TaskOwner {
  NodeRuntime(World& world, NodeId id, std::string node_name, std::uint64_t seed,
              DiskOptions disk_options, std::exception_ptr& run_error);

  void task_ended(std::uint64_t task_id, std::exception_ptr error) noexcept override;

  // Hot: every message.
  bool up = false;
  bool cpu_busy = false;
  bool cpu_free = true;  // cpu_per_message is zero (and no slow_node): no draw, no event
  bool paused = false;   // gc_pause: nothing runs; events wait in `deferred`
  std::uint32_t incarnation = 0;
  double cpu_factor = 1;       // slow_node
  std::unique_ptr<Node> node;  // null while down
  NodeContext context;
  Random random;          // the node's own stream, for node code
  Random network_random;  // the fate of what it sends ("network/<name>")
  NodeCounters counters;

  // Warm: busy nodes and calls.
  RingBuffer<Event> inbox;  // messages waiting for the CPU
  std::size_t inbox_max = 0;
  Distribution cpu_per_message;
  Random cpu_random;  // service times
  std::uint64_t next_timer_id = 1;
  std::uint64_t next_request_id = 1;  // never reset: a stale reply must not match a new call
  std::uint64_t next_task_id = 1;
  std::unordered_set<TimerId> live_timers;
  std::unordered_map<std::uint64_t, PendingCall*> calls;
  std::map<std::uint64_t, std::coroutine_handle<>> tasks;  // ordered: destroyed in spawn order
  RingBuffer<Event> deferred;  // events that came due while paused, in order
  NodeClock clock;
  std::unique_ptr<Disk> disk;  // on the heap: only disk paths touch it
  std::uint64_t next_io_id = 1;
  std::unordered_map<std::uint64_t, PendingIo*> ios;       // null: handler style (on_io)
  std::unordered_map<std::uint64_t, IoResult> io_results;  // completed while paused

  // Cold.
  std::string name;
  std::string zone;
  std::string rack;  // "zone/rack"
  bool server = true;
  std::function<std::unique_ptr<Node>()> make;
  std::exception_ptr* run_error;  // where an exception escaping a task goes (World's)
};

}  // namespace scar::sim
