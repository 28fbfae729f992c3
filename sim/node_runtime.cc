#include "sim/node_runtime.h"

#include "sim/world.h"

namespace scar::sim {

NodeRuntime::NodeRuntime(World& world, NodeId id, std::string node_name, std::uint64_t seed,
                         std::exception_ptr& run_error)
    : context(world, id),
      random(seed, "node/" + node_name),
      network_random(seed, "network/" + node_name),
      cpu_random(seed, "cpu/" + node_name),
      name(std::move(node_name)),
      run_error(&run_error) {}

void NodeRuntime::task_ended(std::uint64_t task_id, std::exception_ptr error) noexcept {
  tasks.erase(task_id);
  if (error && !*run_error) *run_error = error;
}

std::string_view NodeContext::name() const { return world_->name(self_); }
std::string_view NodeContext::name_of(NodeId node) const { return world_->name(node); }
std::span<const NodeId> NodeContext::servers() const { return world_->servers(); }
Time NodeContext::now() const { return world_->now(); }
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

void NodeContext::resume_after(Duration delay, std::coroutine_handle<> waiter) {
  world_->resume_after(self_, delay, waiter);
}

void NodeContext::start_call(NodeId to, Message request, Duration timeout, PendingCall& call) {
  world_->start_call(self_, to, std::move(request), timeout, call);
}

void NodeContext::cancel_call(PendingCall& call) { world_->cancel_call(self_, call); }

}  // namespace scar::sim
