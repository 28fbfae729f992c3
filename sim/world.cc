#include "sim/world.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>

#include "sim/assert.h"

namespace scar::sim {
namespace {

std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& ids, const std::string& key) {
  return ids.try_emplace(key, static_cast<std::uint32_t>(ids.size())).first->second;
}

}  // namespace

World::World(WorldOptions options) : options_(std::move(options)), network_(options_.network) {}

World::~World() {
  // Free what pending events and inboxes still own; nodes and their tasks go with nodes_.
  while (!queue_.empty()) Message::adopt(queue_.pop().payload.message);
  for (NodeRuntime& node : nodes_) {
    while (!node.inbox.empty()) Message::adopt(node.inbox.pop_front().message);
    for (auto& [id, task] : node.tasks) task.destroy();
    node.tasks.clear();
  }
}

NodeId World::add_node(NodeSpec spec) {
  SCAR_ASSERT(!started_);
  SCAR_ASSERT(!ids_by_name_.contains(spec.name));
  SCAR_ASSERT(spec.make != nullptr);
  const NodeId id{static_cast<std::uint32_t>(nodes_.size())};
  NodeRuntime& node =
      nodes_.emplace_back(*this, id, spec.name, options_.seed, std::move(spec.disk), task_error_);
  node.make = std::move(spec.make);
  node.cpu_free = spec.cpu_per_message.is_zero();
  node.cpu_per_message = std::move(spec.cpu_per_message);
  node.inbox_max = spec.inbox_max;
  node.zone = spec.zone;
  node.rack = spec.zone + "/" + spec.rack;
  node.server = spec.server;
  ids_by_name_.emplace(node.name, id);
  node_objects_.push_back(nullptr);
  if (spec.server) servers_.push_back(id);
  const Placement placement{intern(zone_ids_, spec.zone),
                            intern(rack_ids_, spec.zone + "/" + spec.rack)};
  network_.add_endpoint(placement);
  return id;
}

std::optional<NodeId> World::find(std::string_view name) const {
  auto found = ids_by_name_.find(std::string(name));
  if (found == ids_by_name_.end()) return std::nullopt;
  return found->second;
}

void World::start() {
  SCAR_ASSERT(!started_);
  started_ = true;
  for (NodeRuntime& node : nodes_) start_node(node);
}

void World::start_node(NodeRuntime& node) {
  node.up = true;
  node.node = node.make();
  SCAR_ASSERT(node.node != nullptr);
  node_objects_[index_of(node.context.self())] = node.node.get();
  node.node->on_start(node.context);
}

void World::crash(NodeId id) {
  NodeRuntime& node = runtime(id);
  SCAR_ASSERT(node.up);
  node.up = false;
  node.paused = false;
  ++node.incarnation;
  node.cpu_busy = false;
  node.calls.clear();
  node.live_timers.clear();
  node.ios.clear();
  node.io_results.clear();
  node.disk->crash(now_);
  while (!node.inbox.empty()) drop_message(node.inbox.pop_front(), DropReason::node_down);
  while (!node.deferred.empty()) {
    const Event event = node.deferred.pop_front();
    if (event.kind == EventKind::process) drop_message(event, DropReason::node_down);
  }
  if (observer_ != nullptr) observer_->node_changed(now_, id, "crash");
  for (auto& [task_id, task] : node.tasks) task.destroy();
  node.tasks.clear();
  node.node.reset();
  node_objects_[index_of(id)] = nullptr;
}

void World::restart(NodeId id) {
  NodeRuntime& node = runtime(id);
  SCAR_ASSERT(!node.up);
  if (observer_ != nullptr) observer_->node_changed(now_, id, "restart");
  start_node(node);
}

void World::schedule(Time at, std::function<void()> callback) {
  SCAR_ASSERT(at >= now_);
  callbacks_.push_back(std::move(callback));
  schedule_event(at, Event{.kind = EventKind::callback, .word = callbacks_.size() - 1});
}

void World::set_flag(std::string_view name, double value) {
  SCAR_ASSERT(!name.empty());
  SCAR_ASSERT(std::isfinite(value));
  const auto found = flags_.find(name);
  if (found != flags_.end()) {
    found->second = value;
  } else {
    flags_.emplace(std::string(name), value);
  }
  trace_hash_.add(std::bit_cast<std::uint64_t>(value) ^ stable_hash(name));
  if (tracer_ != nullptr) tracer_->line(now_, "world", fmt::format("flag {} = {}", name, value));
}

double World::flag(std::string_view name) const {
  const auto found = flags_.find(name);
  return found == flags_.end() ? 0 : found->second;
}

void World::schedule_event(Time at, const Event& event) {
  SCAR_ASSERT(at >= now_);
  queue_.push(at, event);
}

RunEnd World::run_until(Time end) {
  RunContext assert_context{options_.seed, to_ns(now_)};
  set_assert_context(&assert_context);
  RunEnd result = RunEnd::idle;
  while (true) {
    if (events_handled_ >= options_.events_max && !queue_.empty() && queue_.next_time() <= end) {
      set_assert_context(nullptr);
      return RunEnd::events_max;
    }
    const std::optional<EventQueue<Event>::Popped> popped = queue_.pop_until(end);
    if (!popped) {
      if (!queue_.empty()) result = RunEnd::time_reached;
      break;
    }
    const auto& next = *popped;
    if (next.time >= next_sample_) sample_until(next.time);
    now_ = next.time;
    assert_context.now_ns = to_ns(now_);
    ++events_handled_;
    if (events_handled_ == next_heartbeat_) {
      next_heartbeat_ += heartbeat_every_;
      heartbeat_();
    }
    // The next event's node is most likely not in cache: start fetching it now, so the
    // wait overlaps handling this one.
    if (!queue_.empty()) prefetch_node(queue_.peek().node);
    handle(next.time, next.payload);
    if (!invariants_.empty() && invariant_failed()) {
      set_assert_context(nullptr);
      return RunEnd::invariant_violated;
    }
    if (task_error_) {
      set_assert_context(nullptr);
      std::rethrow_exception(std::exchange(task_error_, nullptr));
    }
  }
  now_ = std::max(now_, end);
  if (end >= next_sample_) sample_until(end);
  set_assert_context(nullptr);
  return result;
}

bool World::invariant_failed() {
  for (const Invariant& invariant : invariants_) {
    if (auto detail = invariant.violation(*this)) {
      violation_ = InvariantViolation{invariant.name, std::move(*detail), now_, events_handled_};
      return true;
    }
  }
  return false;
}

void World::reset_window_counters(NodeId id) {
  NodeCounters& counters = runtime(id).counters;
  counters.inbox_depth_window_max = runtime(id).inbox.size();
  counters.disk_queue_window_max = runtime(id).disk->queue_depth();
}

void World::set_heartbeat(std::uint64_t every_events, std::function<void()> beat) {
  SCAR_ASSERT(every_events > 0);
  heartbeat_every_ = every_events;
  heartbeat_ = std::move(beat);
  next_heartbeat_ = events_handled_ + every_events;
}

void World::set_sampler(Duration period, std::function<void(Time)> sample) {
  SCAR_ASSERT(period > Duration{0});
  sample_period_ = period;
  sampler_ = std::move(sample);
  next_sample_ = now_ - (now_ - time_zero) % period + period;
}

void World::sample_until(Time time) {
  while (next_sample_ <= time) {
    sampler_(next_sample_);
    next_sample_ += sample_period_;
  }
}

void World::handle(Time time, const Event& event) {
  // One mix per event: the time (odd multiplier, so distinct times stay distinct) with who,
  // what kind, from whom and which message type.
  trace_hash_.add(
      static_cast<std::uint64_t>(to_ns(time)) * 0x9e3779b97f4a7c15ull ^
      (std::uint64_t{index_of(event.node)} << 8 | static_cast<std::uint8_t>(event.kind)) ^
      (std::uint64_t{event.from} << 40) ^
      (event.message.type != nullptr ? event.message.type->name_hash : 0));
  if (tracer_ != nullptr) trace_event(event);
  switch (event.kind) {
    case EventKind::deliver:
      return on_deliver(event);
    case EventKind::io_done:
      return on_io_done(event);
    case EventKind::callback: {
      auto callback = std::move(callbacks_[event.word]);
      callbacks_[event.word] = nullptr;
      callback();
      return;
    }
    default:
      break;
  }
  if (is_stale(event)) {
    if (event.kind == EventKind::process) drop_message(event, DropReason::node_down);
    return;
  }
  NodeRuntime& node = runtime(event.node);
  if (node.paused) {
    node.deferred.push_back(event);
    return;
  }
  dispatch_node_event(node, event);
}

void World::dispatch_node_event(NodeRuntime& node, const Event& event) {
  switch (event.kind) {
    case EventKind::process:
      return on_process(event);
    case EventKind::timer:
      return on_timer(event);
    case EventKind::resume:
      std::coroutine_handle<>::from_address(reinterpret_cast<void*>(event.word)).resume();
      return;
    case EventKind::call_timeout:
      return on_call_timeout(event);
    case EventKind::io_notify: {
      auto found = node.io_results.find(event.word);
      SCAR_ASSERT(found != node.io_results.end());
      IoResult result = std::move(found->second);
      node.io_results.erase(found);
      return deliver_io(node, event.word, std::move(result));
    }
    default:
      SCAR_ASSERT(false);
  }
}

void World::pause(NodeId id) {
  NodeRuntime& node = runtime(id);
  SCAR_ASSERT(node.up);
  SCAR_ASSERT(!node.paused);
  node.paused = true;
  if (observer_ != nullptr) observer_->node_changed(now_, id, "pause");
}

void World::resume(NodeId id) {
  NodeRuntime& node = runtime(id);
  if (!node.up) return;
  SCAR_ASSERT(node.paused);
  node.paused = false;
  if (observer_ != nullptr) observer_->node_changed(now_, id, "resume");
  // What came due during the pause happens now, in the order it came due: timers fire
  // late, calls time out even if their replies sit in the inbox, then the inbox drains.
  const std::uint32_t incarnation = node.incarnation;
  while (!node.deferred.empty() && node.up && !node.paused && node.incarnation == incarnation) {
    dispatch_node_event(node, node.deferred.pop_front());
  }
  drain_inbox(node);
}

void World::set_cpu_factor(NodeId id, double factor) {
  SCAR_ASSERT(factor > 0);
  runtime(id).cpu_factor = factor;
}

std::string_view name_of(DropReason reason) {
  switch (reason) {
    case DropReason::network:
      return "lost by the network";
    case DropReason::partition:
      return "cut by a partition";
    case DropReason::inbox_full:
      return "inbox full";
    case DropReason::node_down:
      return "node down";
  }
  return "";
}

void World::prefetch_node(NodeId id) const {
  const std::uint32_t index = index_of(id);
  if (index >= nodes_.size()) return;
  __builtin_prefetch(&nodes_[index]);
  __builtin_prefetch(node_objects_[index]);
}

bool World::is_stale(const Event& event) const {
  const NodeRuntime& node = runtime(event.node);
  return !node.up || node.incarnation != event.incarnation;
}

}  // namespace scar::sim
