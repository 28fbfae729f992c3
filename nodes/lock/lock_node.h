// A server of a `lock` cluster. Every server is built alike (a protocol's make_server does
// not know which node it makes); on start each takes the part its place among the servers
// gives it, and hands that part every handler:
//   n1: the lock service (lock_service.h)   n2: the storage (storage.h)
//   n3 and later: workers (worker.h), which serve the clients.
// A restart builds the part afresh, like any node's state.
#pragma once

#include <memory>

#include "nodes/lock/lock_service.h"
#include "nodes/lock/storage.h"
#include "nodes/lock/worker.h"
#include "nodes/protocol_options.h"

namespace scar::nodes::lock {

class LockNode final : public sim::Node {
 public:
  explicit LockNode(const ProtocolOptions& options);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override {
    part_->on_message(ctx, envelope);
  }
  void on_timer(sim::Context& ctx, sim::TimerId timer) override { part_->on_timer(ctx, timer); }
  std::string_view role() const override { return part_ ? part_->role() : std::string_view{}; }

  // The storage, when this node is it (and has started); else null.
  const Storage* storage() const { return storage_; }

 private:
  sim::Duration lease_;
  sim::Duration work_;
  bool fencing_;
  std::unique_ptr<sim::Node> part_;
  const Storage* storage_ = nullptr;  // part_, when it is the storage
};

}  // namespace scar::nodes::lock
