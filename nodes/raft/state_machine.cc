#include "nodes/raft/state_machine.h"

#include <optional>

namespace scar::nodes::raft {

ClientReply KeyValueMachine::read(std::uint64_t key) const {
  const auto found = values_.find(key);
  if (found == values_.end()) return ClientReply{.found = false};
  return ClientReply{.found = true, .value = found->second};
}

ClientReply KeyValueMachine::once(const ClientRequest& command, ClientReply reply) {
  writes_applied_.emplace(command.request_id, reply);
  return reply;
}

ClientReply KeyValueMachine::apply(const ClientRequest& command) {
  if (command.kind != OperationKind::get) {
    const auto applied = writes_applied_.find(command.request_id);
    if (applied != writes_applied_.end()) return applied->second;  // a re-sent write
  }
  switch (command.kind) {
    case OperationKind::get:
      return read(command.key);
    case OperationKind::put:
      values_[command.key] = command.value;
      return once(command, ClientReply{});
    case OperationKind::add: {
      const auto found = values_.find(command.key);
      const std::uint64_t sum = (found == values_.end() ? 0 : found->second) + command.value;
      values_[command.key] = sum;
      return once(command, ClientReply{.found = true, .value = sum});
    }
    case OperationKind::cas: {
      ClientReply reply = read(command.key);
      const std::optional<std::uint64_t> holds =
          reply.found ? std::optional(reply.value) : std::nullopt;
      const std::optional<std::uint64_t> expected =
          command.expect_found ? std::optional(command.expected) : std::nullopt;
      reply.applied = holds == expected;
      if (reply.applied) values_[command.key] = command.value;
      return once(command, reply);
    }
  }
  return ClientReply{.status = ReplyStatus::error};
}

}  // namespace scar::nodes::raft
