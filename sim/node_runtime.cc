#include "sim/node_runtime.h"

#include <cmath>

#include "sim/world.h"

namespace scar::sim {

NodeRuntime::NodeRuntime(World& world, NodeId id, std::string node_name, std::uint64_t seed,
                         DiskOptions disk_options, std::exception_ptr& run_error)
    : context(world, id),
      random(seed, "node/" + node_name),
      network_random(seed, "network/" + node_name),
      cpu_random(seed, "cpu/" + node_name),
      disk(std::make_unique<Disk>(std::move(disk_options), Random(seed, "disk/" + node_name))),
      name(std::move(node_name)),
      run_error(&run_error) {}

void NodeRuntime::task_ended(std::uint64_t task_id, std::exception_ptr error) noexcept {
  tasks.erase(task_id);
  if (error && !*run_error) *run_error = error;
}

std::string_view NodeContext::name() const { return world_->name(self_); }
std::string_view NodeContext::name_of(NodeId node) const { return world_->name(node); }
std::span<const NodeId> NodeContext::servers() const { return world_->servers(); }
Time NodeClock::local(Time true_time) const {
  Time local_time = true_time + offset;
  if (drift_ppm != 0) {
    const double drifted =
        static_cast<double>((true_time - drift_since).count()) * drift_ppm * 1e-6;
    local_time += Duration{std::llround(drifted)};
  }
  return local_time;
}

Duration NodeClock::true_delay(Duration local_delay) const {
  if (drift_ppm == 0) return local_delay;
  return scaled(local_delay, 1 / (1 + drift_ppm * 1e-6));
}

Time NodeContext::now() const { return world_->runtime(self_).clock.local(world_->now()); }
Random& NodeContext::random() { return world_->runtime(self_).random; }

void NodeContext::send_message(NodeId to, Message message) {
  world_->send(self_, to, std::move(message), 0);
}

void NodeContext::send_reply(ReplyAddress to, Message message) {
  const std::uint64_t correlation = to.request_id == 0 ? 0 : reply_correlation(to.request_id);
  world_->send(self_, to.to, std::move(message), correlation);
}

TimerId NodeContext::set_timer(Duration delay) { return world_->set_timer(self_, delay); }

void NodeContext::cancel_timer(TimerId timer) { world_->runtime(self_).live_timers.erase(timer); }

void NodeContext::spawn(Task<> task) { world_->spawn(self_, std::move(task)); }

void NodeContext::trace(std::string_view text) { world_->trace(self_, text); }

double NodeContext::flag(std::string_view name) const { return world_->flag(name); }

void NodeContext::add_to_metric(std::string_view metric, std::int64_t delta) {
  auto& metrics = world_->runtime(self_).counters.metrics;
  const auto found = metrics.find(metric);
  if (found != metrics.end()) {
    found->second += delta;
  } else {
    metrics.emplace(std::string(metric), delta);
  }
}

void NodeContext::resume_after(Duration delay, std::coroutine_handle<> waiter) {
  world_->resume_after(self_, delay, waiter);
}

void NodeContext::start_call(NodeId to, Message request, Duration timeout, PendingCall& call) {
  world_->start_call(self_, to, std::move(request), timeout, call);
}

void NodeContext::cancel_call(PendingCall& call) { world_->cancel_call(self_, call); }

std::uint64_t NodeContext::submit_io(IoRequest request) {
  return world_->submit_io(self_, std::move(request), nullptr);
}

bool NodeContext::start_io(IoRequest request, PendingIo& io) {
  world_->submit_io(self_, std::move(request), &io);
  return io.waiter != nullptr;  // cleared when the device refused at once
}

}  // namespace scar::sim
