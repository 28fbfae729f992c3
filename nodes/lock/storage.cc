#include "nodes/lock/storage.h"

#include <fmt/format.h>

#include <algorithm>

namespace scar::nodes::lock {

void Storage::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (const auto* request = envelope.as<StorageWrite>()) {
    ctx.reply(envelope.reply_address(), write(ctx, *request, envelope.from));
  } else if (const auto* request = envelope.as<StorageRead>()) {
    ctx.reply(envelope.reply_address(), read(*request));
  }
}

StorageWriteReply Storage::write(sim::Context& ctx, const StorageWrite& write, sim::NodeId writer) {
  if (fencing_ && write.token < highest_token_) {
    ++fenced_writes_;
    ctx.count("stale_writes_refused");
    ctx.trace(fmt::format("refused {}'s write with token {}: token {} was seen",
                          ctx.name_of(writer), write.token, highest_token_));
    return StorageWriteReply{.accepted = false};
  }
  if (write.token < highest_token_) ctx.count("stale_writes_accepted");
  highest_token_ = std::max(highest_token_, write.token);
  values_[write.key] = write.value;
  write_order_.accepted(write.token, write.key, writer);
  return StorageWriteReply{.accepted = true};
}

StorageReadReply Storage::read(const StorageRead& read) const {
  const auto found = values_.find(read.key);
  if (found == values_.end()) return StorageReadReply{};
  return StorageReadReply{.found = true, .value = found->second};
}

}  // namespace scar::nodes::lock
