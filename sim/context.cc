#include "sim/context.h"

#include "sim/assert.h"

namespace scar::sim {

void Context::complete_call(PendingCall& call, CallStatus status, Message reply) {
  SCAR_ASSERT(call.status == CallStatus::pending);
  SCAR_ASSERT(status != CallStatus::pending);
  call.status = status;
  call.reply = std::move(reply);
  if (call.group == nullptr) {
    call.waiter.resume();
    return;
  }
  CallGroup& group = *call.group;
  ++group.ended;
  if (status == CallStatus::ok) ++group.succeeded;
  SCAR_ASSERT(!group.resumed);
  if (group.succeeded < group.needed && group.ended < group.calls.size()) return;
  group.resumed = true;
  for (PendingCall& other : group.calls) {
    if (other.status != CallStatus::pending) continue;
    cancel_call(other);
    other.status = CallStatus::cancelled;
  }
  group.waiter.resume();
}

}  // namespace scar::sim
