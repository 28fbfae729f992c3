// The World's message path: send -> network -> deliver -> inbox -> CPU -> handler, and
// the node API calls that schedule events (timers, sleeps, calls, tasks).
#include <fmt/format.h>

#include <cmath>

#include "sim/assert.h"
#include "sim/world.h"

namespace scar::sim {

MessageTypeCounters& World::type_counters(const Message::Raw& message) {
  const std::uint32_t index = message.type->index;
  if (index >= type_counters_.size()) {
    type_counters_.resize(index + 1);
    type_names_.resize(index + 1);
  }
  if (type_names_[index].empty()) type_names_[index] = message.type->name;
  return type_counters_[index];
}

std::vector<std::pair<std::string_view, MessageTypeCounters>> World::message_counters() const {
  std::vector<std::pair<std::string_view, MessageTypeCounters>> result;
  for (std::size_t i = 0; i < type_counters_.size(); ++i) {
    if (type_names_[i].empty()) continue;
    auto same_name = std::find_if(result.begin(), result.end(),
                                  [&](const auto& item) { return item.first == type_names_[i]; });
    if (same_name == result.end()) {
      result.emplace_back(type_names_[i], type_counters_[i]);
      continue;
    }
    same_name->second.sent += type_counters_[i].sent;
    same_name->second.delivered += type_counters_[i].delivered;
    same_name->second.dropped += type_counters_[i].dropped;
  }
  std::sort(result.begin(), result.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return result;
}

void World::send(NodeId from, NodeId to, Message message, std::uint64_t correlation) {
  SCAR_ASSERT(index_of(to) < nodes_.size());
  SCAR_ASSERT(!message.empty());
  SCAR_ASSERT(correlation < (std::uint64_t{1} << 32));
  NodeRuntime& sender = runtime(from);
  NodeCounters& counters = sender.counters;
  ++counters.sent;
  counters.sent_bytes += message.size_bytes();
  const std::uint32_t message_id = next_message_id_++;
  Message::Raw raw = std::move(message).release();
  MessageTypeCounters& by_type = type_counters(raw);
  ++by_type.sent;
  if (observer_ != nullptr) observer_->message_sent(now_, from, to, raw.type->name, message_id);
  Event event{.kind = EventKind::deliver,
              .node = to,
              .from = index_of(from),
              .incarnation = network_.faults().epoch(),
              .word = message_word(message_id, correlation),
              .message = raw};
  if (network_.faults().any_cuts() && network_.faults().blocked(from, to)) {
    ++counters.dropped_partition;
    return drop_message(event, DropReason::partition);
  }
  const Network::Route route = network_.route(from, to, now_, sender.network_random);
  if (route.lost) {
    ++counters.dropped_network;
    return drop_message(event, DropReason::network);
  }
  if (route.duplicate_delivery) {
    Message original = Message::adopt(raw);
    Message second = original;  // the copy shares the body: one more reference
    event.message = std::move(second).release();
    schedule_event(*route.duplicate_delivery, event);
    event.message = std::move(original).release();
  }
  schedule_event(route.delivery, event);
}

void World::drop_message(const Event& event, DropReason reason) {
  ++type_counters(event.message).dropped;
  if (observer_ != nullptr) {
    observer_->message_dropped(now_, event.node, NodeId{event.from}, event.message.type->name,
                               message_id_of(event.word), reason);
  }
  Message::adopt(event.message);
}

void World::on_deliver(const Event& event) {
  NodeRuntime& node = runtime(event.node);
  if (!node.up) {
    ++node.counters.dropped_node_down;
    return drop_message(event, DropReason::node_down);
  }
  if (network_.faults().any_cuts() &&
      network_.faults().cut_since(NodeId{event.from}, event.node, event.incarnation)) {
    ++node.counters.dropped_partition;  // it was on the wire when the cut opened
    return drop_message(event, DropReason::partition);
  }
  if (!node.cpu_busy && !node.paused) return start_service(node, event);
  if (node.inbox.size() >= node.inbox_max) {
    ++node.counters.dropped_inbox_full;
    return drop_message(event, DropReason::inbox_full);
  }
  node.inbox.push_back(event);
  node.counters.inbox_depth_max =
      std::max<std::uint64_t>(node.counters.inbox_depth_max, node.inbox.size());
  node.counters.inbox_depth_window_max =
      std::max<std::uint64_t>(node.counters.inbox_depth_window_max, node.inbox.size());
}

void World::start_service(NodeRuntime& node, const Event& event) {
  SCAR_ASSERT(!node.cpu_busy);
  Duration service{0};
  if (!node.cpu_free) {
    service = node.cpu_per_message.sample(node.cpu_random);
    if (node.cpu_factor != 1) {
      service = scaled(service, node.cpu_factor);
    }
  }
  if (observer_ != nullptr) {
    observer_->message_handled(now_, now_ + service, event.node, NodeId{event.from},
                               event.message.type->name, message_id_of(event.word));
  }
  if (service == Duration{0}) return handle_message(node, event);
  node.counters.cpu_busy_ns += service.count();
  Event in_service = event;
  in_service.kind = EventKind::process;
  in_service.incarnation = node.incarnation;
  node.cpu_busy = true;
  queue_.push(now_ + service, in_service);
}

void World::on_process(const Event& event) {
  if (is_stale(event)) return drop_message(event, DropReason::node_down);
  NodeRuntime& node = runtime(event.node);
  node.cpu_busy = false;
  handle_message(node, event);
  drain_inbox(node);
}

void World::drain_inbox(NodeRuntime& node) {
  while (node.up && !node.paused && !node.cpu_busy && !node.inbox.empty()) {
    start_service(node, node.inbox.pop_front());
  }
}

void World::handle_message(NodeRuntime& node, const Event& event) {
  ++type_counters(event.message).delivered;
  ++node.counters.received;
  Envelope envelope{NodeId{event.from}, Message::adopt(event.message)};
  const std::uint64_t correlation = correlation_of(event.word);
  const std::uint64_t request_id = correlation >> 1;
  const bool is_reply = (correlation & 1) != 0;
  if (!is_reply) {
    envelope.request_id = request_id;
    node.node->on_message(node.context, envelope);
    return;
  }
  auto call = node.calls.find(request_id);
  if (call == node.calls.end()) {
    ++node.counters.late_replies;
    return;
  }
  PendingCall& pending = *call->second;
  node.calls.erase(call);
  node.context.complete_call(pending, CallStatus::ok, std::move(envelope.message));
}

TimerId World::set_timer(NodeId id, Duration delay) {
  NodeRuntime& node = runtime(id);
  const TimerId timer = node.next_timer_id++;
  node.live_timers.insert(timer);
  schedule_event(
      later(now_, node.clock.true_delay(delay)),
      Event{.kind = EventKind::timer, .node = id, .incarnation = node.incarnation, .word = timer});
  return timer;
}

void World::on_timer(const Event& event) {
  if (is_stale(event)) return;
  NodeRuntime& node = runtime(event.node);
  if (node.live_timers.erase(event.word) == 0) return;  // cancelled
  node.node->on_timer(node.context, event.word);
}

void World::resume_after(NodeId id, Duration delay, std::coroutine_handle<> waiter) {
  const NodeRuntime& node = runtime(id);
  schedule_event(later(now_, node.clock.true_delay(delay)),
                 Event{.kind = EventKind::resume,
                       .node = id,
                       .incarnation = node.incarnation,
                       .word = reinterpret_cast<std::uint64_t>(waiter.address())});
}

void World::start_call(NodeId id, NodeId to, Message request, Duration timeout, PendingCall& call) {
  NodeRuntime& node = runtime(id);
  call.request_id = node.next_request_id++;
  SCAR_ASSERT(call.request_id < (std::uint64_t{1} << 31));
  node.calls.emplace(call.request_id, &call);
  send(id, to, std::move(request), request_correlation(call.request_id));
  schedule_event(later(now_, node.clock.true_delay(timeout)), Event{.kind = EventKind::call_timeout,
                                                                    .node = id,
                                                                    .incarnation = node.incarnation,
                                                                    .word = call.request_id});
}

void World::cancel_call(NodeId id, PendingCall& call) { runtime(id).calls.erase(call.request_id); }

void World::on_call_timeout(const Event& event) {
  if (is_stale(event)) return;
  NodeRuntime& node = runtime(event.node);
  auto call = node.calls.find(event.word);
  if (call == node.calls.end()) return;  // answered or cancelled
  PendingCall& pending = *call->second;
  node.calls.erase(call);
  node.context.complete_call(pending, CallStatus::timeout, Message{});
}

void World::spawn(NodeId id, Task<> task) {
  NodeRuntime& node = runtime(id);
  detail::Detached root = detail::run_detached(std::move(task));
  const std::uint64_t task_id = node.next_task_id++;
  root.handle.promise().owner = &node;
  root.handle.promise().task_id = task_id;
  node.tasks.emplace(task_id, root.handle);
  root.handle.resume();
}

void World::trace(NodeId id, std::string_view text) {
  if (tracer_ != nullptr) tracer_->line(now_, runtime(id).name, text);
}

void World::trace_event(const Event& event) {
  std::string text;
  switch (event.kind) {
    case EventKind::deliver:
    case EventKind::process: {
      const std::uint64_t correlation = correlation_of(event.word);
      text = fmt::format("{} {} from {}{}", event.kind == EventKind::deliver ? "arrive" : "handle",
                         event.message.type->name, nodes_[event.from].name,
                         (correlation & 1) != 0 ? fmt::format(" (reply to #{})", correlation >> 1)
                         : (correlation >> 1) != 0 ? fmt::format(" (request #{})", correlation >> 1)
                                                   : std::string{});
    } break;
    case EventKind::timer:
      text = fmt::format("timer #{}", event.word);
      break;
    case EventKind::resume:
      text = "resume task";
      break;
    case EventKind::call_timeout:
      text = fmt::format("call #{} deadline", event.word);
      break;
    case EventKind::io_done:
      text = "disk operation done";
      break;
    case EventKind::io_notify:
      text = fmt::format("disk result #{}", event.word);
      break;
    case EventKind::callback:
      tracer_->line(now_, "world", "scheduled action");
      return;
  }
  tracer_->line(now_, runtime(event.node).name, text);
}

}  // namespace scar::sim
