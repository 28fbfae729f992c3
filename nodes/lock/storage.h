// The storage a lock protects (`lock` protocol, node n2): a register per key that the
// workers read and write. Every write carries the token of the lease its writer believed
// it held when it decided to write.
//
// With `fencing` the storage refuses a write whose token is lower than the highest token it
// has accepted (Kleppmann's fencing token): a deposed holder, woken from a pause, cannot
// overwrite what its successor wrote, and learns it (`accepted = false`). Without fencing it
// accepts every write, as a store that knows nothing of the lock does.
//
// Every accepted write is recorded in a WriteOrder, which the protocol's invariant reads.
// Volatile: a crash loses the data, the highest token and the record (durable state is not
// needed for the lesson; a restarted storage starts empty).
#pragma once

#include <cstdint>
#include <unordered_map>

#include "nodes/lock/messages.h"
#include "nodes/lock/write_order.h"
#include "sim/context.h"

namespace scar::nodes::lock {

class Storage final : public sim::Node {
 public:
  explicit Storage(bool fencing) : fencing_(fencing) {}

  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  std::string_view role() const override { return "storage"; }

  const WriteOrder& write_order() const { return write_order_; }
  // Writes refused for an old token (fencing only).
  std::uint64_t fenced_writes() const { return fenced_writes_; }

 private:
  StorageWriteReply write(sim::Context& ctx, const StorageWrite& write, sim::NodeId writer);
  StorageReadReply read(const StorageRead& read) const;

  bool fencing_;
  std::uint64_t highest_token_ = 0;  // of the writes accepted: what fencing compares with
  std::uint64_t fenced_writes_ = 0;
  std::unordered_map<std::uint64_t, std::uint64_t> values_;  // looked up only, never iterated
  WriteOrder write_order_;
};

}  // namespace scar::nodes::lock
