// The World: one simulated run. It owns the event queue, the network, and every node's
// runtime, and advances virtual time from event to event on one thread.
//
// Determinism: events are handled in (time, sequence) order; every random draw comes
// from a stream named after its owner; nothing depends on pointer values or on hash-table
// iteration. The same options, nodes and seed give the same events and the same
// trace_hash().
//
// Limits: at most `events_max` events per run (run_until then returns
// RunEnd::events_max), at most 2^32 pending events, and each node's
// inbox holds at most `inbox_max` messages (the rest are dropped and counted).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/distribution.h"
#include "sim/event.h"
#include "sim/event_queue.h"
#include "sim/network.h"
#include "sim/node.h"
#include "sim/node_runtime.h"
#include "sim/observer.h"
#include "sim/trace.h"

namespace scar::sim {

struct WorldOptions {
  std::uint64_t seed = 1;
  NetworkOptions network;
  std::uint64_t events_max = 10'000'000'000;
};

struct NodeSpec {
  std::string name;
  std::string zone = "z1";
  std::string rack = "r1";
  bool server = true;  // counted in Context::servers(); clients are not servers
  // CPU service time per handled message; zero means handling is instantaneous.
  Distribution cpu_per_message;
  std::size_t inbox_max = 100'000;  // messages waiting for the CPU; more are dropped
  DiskOptions disk;
  std::function<std::unique_ptr<Node>()> make;  // called at start and at every restart
};

enum class RunEnd { time_reached, idle, events_max, invariant_violated };

class World;

// A cluster-wide property over the nodes' read-only state ("at most one leader per term"),
// checked after every event while any is installed. `violation` returns what is wrong, or
// nothing when the property holds.
struct Invariant {
  std::string name;
  std::function<std::optional<std::string>(const World&)> violation;
};

struct InvariantViolation {
  std::string name;
  std::string detail;
  Time time{};
  std::uint64_t event = 0;  // the event after which it failed (1-based)
};

// Message counters per message type (by name).
struct MessageTypeCounters {
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped = 0;
};

class World {
 public:
  explicit World(WorldOptions options);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // REQUIRES: the run has not started; names are unique.
  NodeId add_node(NodeSpec spec);

  // Starts every node, in id order, at the current time.
  void start();

  // Handles every event due at or before `end`, then sets the time to `end` unless the
  // event budget ran out first. Rethrows an exception that escaped a node's task.
  RunEnd run_until(Time end);

  // An engine callback (workload end, fault start and end) at `at`. REQUIRES: at >= now().
  void schedule(Time at, std::function<void()> callback);

  // Crash: the node stops; its volatile state, timers, calls, tasks and queued messages
  // are destroyed. Restart: a fresh node object, on_start again. REQUIRES: up / down.
  void crash(NodeId id);
  void restart(NodeId id);

  // Fault mechanisms (faults/ decides what, when and to whom).
  // Pause: the node runs nothing; messages wait in its inbox, due timers, wake-ups and
  // disk completions wait in order; resume runs them all, late, then the inbox.
  void pause(NodeId id);   // REQUIRES: up and not paused
  void resume(NodeId id);  // REQUIRES: paused; a no-op if the node crashed meanwhile
  bool is_paused(NodeId id) const { return runtime(id).paused; }
  void set_cpu_factor(NodeId id, double factor);  // slow_node: service times x factor
  NodeClock& clock(NodeId id) { return runtime(id).clock; }
  Disk& disk(NodeId id) { return *runtime(id).disk; }
  NetworkFaults& network_faults() { return network_.faults(); }

  Time now() const { return now_; }
  std::uint64_t seed() const { return options_.seed; }
  std::size_t node_count() const { return nodes_.size(); }
  std::span<const NodeId> servers() const { return servers_; }
  std::string_view name(NodeId id) const { return runtime(id).name; }
  std::optional<NodeId> find(std::string_view name) const;
  std::string_view zone(NodeId id) const { return runtime(id).zone; }
  std::string_view rack(NodeId id) const { return runtime(id).rack; }  // "zone/rack"
  bool is_server(NodeId id) const { return runtime(id).server; }
  bool is_up(NodeId id) const { return runtime(id).up; }
  // The node object while up, else null (for role queries by fault targets).
  const Node* node(NodeId id) const { return runtime(id).node.get(); }

  std::uint64_t trace_hash() const { return trace_hash_.value(); }
  std::uint64_t events_handled() const { return events_handled_; }
  const NodeCounters& counters(NodeId id) const { return runtime(id).counters; }
  // Starts new windows for the *_window_max counters.
  void reset_window_counters(NodeId id);
  // Sorted by type name.
  std::vector<std::pair<std::string_view, MessageTypeCounters>> message_counters() const;

  // Calls `sample(boundary)` for every multiple of `period` the run passes, before any
  // event after it is handled (and at the end of run_until). No events are added, so
  // sampling changes nothing in the run. REQUIRES: period > 0.
  void set_sampler(Duration period, std::function<void(Time)> sample);

  // Calls `beat()` every `every_events` events handled: for progress displays, which read
  // the wall clock outside the run. REQUIRES: every_events > 0.
  void set_heartbeat(std::uint64_t every_events, std::function<void()> beat);

  // Checks `invariant` after every event from now on; run_until stops at the first event
  // after which one fails and returns RunEnd::invariant_violated.
  void add_invariant(Invariant invariant) { invariants_.push_back(std::move(invariant)); }
  const std::optional<InvariantViolation>& invariant_violation() const { return violation_; }

  // Feature flags (Context::flag): named numbers the run's schedule changes while it goes
  // on. Set a flag from an engine callback (schedule) so that the change is an event of
  // its own, in order with every other; it is traced ("flag read_new = 0.05") and mixed
  // into the trace hash. A flag never set reads 0. REQUIRES: name non-empty, value finite.
  void set_flag(std::string_view name, double value);
  double flag(std::string_view name) const;

  // Installs a tracer or an observer (not owned; null to remove).
  void set_tracer(Tracer* tracer) { tracer_ = tracer; }
  void set_observer(Observer* observer) { observer_ = observer; }

 private:
  friend class NodeContext;

  NodeRuntime& runtime(NodeId id) { return nodes_[index_of(id)]; }
  const NodeRuntime& runtime(NodeId id) const { return nodes_[index_of(id)]; }

  // Node API, on behalf of NodeContext.
  void send(NodeId from, NodeId to, Message message, std::uint64_t correlation);
  TimerId set_timer(NodeId id, Duration delay);
  void resume_after(NodeId id, Duration delay, std::coroutine_handle<> waiter);
  void start_call(NodeId id, NodeId to, Message request, Duration timeout, PendingCall& call);
  void cancel_call(NodeId id, PendingCall& call);
  void spawn(NodeId id, Task<> task);
  void trace(NodeId id, std::string_view text);
  std::uint64_t submit_io(NodeId id, IoRequest request, PendingIo* io);

  // The event loop.
  void schedule_event(Time at, const Event& event);
  void handle(Time time, const Event& event);
  bool invariant_failed();  // records the first failing invariant
  void on_deliver(const Event& event);
  void on_process(const Event& event);
  void start_service(NodeRuntime& node, const Event& event);
  void handle_message(NodeRuntime& node, const Event& event);
  void drain_inbox(NodeRuntime& node);
  void on_timer(const Event& event);
  void on_call_timeout(const Event& event);
  void dispatch_node_event(NodeRuntime& node, const Event& event);
  void on_io_done(const Event& event);
  void schedule_disk(NodeRuntime& node, NodeId id);
  void deliver_io(NodeRuntime& node, std::uint64_t io_id, IoResult result);
  void drop_message(const Event& event, DropReason reason);
  MessageTypeCounters& type_counters(const Message::Raw& message);
  bool is_stale(const Event& event) const;
  void start_node(NodeRuntime& node);
  void trace_event(const Event& event);
  void prefetch_node(NodeId id) const;
  void sample_until(Time time);

  WorldOptions options_;
  Network network_;
  EventQueue<Event> queue_;
  std::vector<NodeRuntime> nodes_;         // by id; grows only before start()
  std::vector<const Node*> node_objects_;  // by id, null while down: dense, for prefetching
  std::vector<NodeId> servers_;
  std::unordered_map<std::string, std::uint32_t> zone_ids_;
  std::unordered_map<std::string, std::uint32_t> rack_ids_;
  std::unordered_map<std::string, NodeId> ids_by_name_;
  std::vector<std::function<void()>> callbacks_;
  std::vector<MessageTypeCounters> type_counters_;  // by MessageTypeInfo::index
  std::vector<std::string_view> type_names_;        // by MessageTypeInfo::index
  Time now_{};
  std::uint64_t events_handled_ = 0;
  TraceHash trace_hash_;
  Tracer* tracer_ = nullptr;
  Observer* observer_ = nullptr;
  std::uint32_t next_message_id_ = 0;
  std::function<void(Time)> sampler_;
  Duration sample_period_{0};
  Time next_sample_ = Time::max();
  std::function<void()> heartbeat_;
  std::uint64_t heartbeat_every_ = 0;
  std::uint64_t next_heartbeat_ = UINT64_MAX;
  std::exception_ptr task_error_;  // the first exception that escaped a node's task
  std::map<std::string, double, std::less<>> flags_;  // by name; absent: 0
  std::vector<Invariant> invariants_;
  std::optional<InvariantViolation> violation_;
  bool started_ = false;
};

}  // namespace scar::sim
