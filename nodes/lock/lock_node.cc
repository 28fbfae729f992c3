#include "nodes/lock/lock_node.h"

#include "nodes/lock/layout.h"

namespace scar::nodes::lock {

LockNode::LockNode(const ProtocolOptions& options)
    : lease_(options.duration("lease")),
      work_(options.duration("work")),
      fencing_(options.boolean("fencing")) {}

void LockNode::on_start(sim::Context& ctx) {
  const auto servers = ctx.servers();
  if (ctx.self() == servers[service_index]) {
    part_ = std::make_unique<LockService>(lease_);
  } else if (ctx.self() == servers[storage_index]) {
    auto storage = std::make_unique<Storage>(fencing_);
    storage_ = storage.get();
    part_ = std::move(storage);
  } else {
    part_ = std::make_unique<Worker>(lease_, work_);
  }
  part_->on_start(ctx);
}

}  // namespace scar::nodes::lock
