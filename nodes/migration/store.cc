#include "nodes/migration/store.h"

#include "nodes/migration/rollout.h"
#include "sim/random.h"

namespace scar::nodes::migration {

Store::Store(bool is_new, double new_bug) : is_new_(is_new), new_bug_(is_new ? new_bug : 0) {}

bool Store::affected(std::uint64_t key) const {
  // 53 bits of a fixed mix of the key, as a fraction in [0, 1).
  const double position =
      static_cast<double>(sim::mix64(key ^ sim::stable_hash("migration")) >> 11) * 0x1p-53;
  return position < new_bug_;
}

void Store::on_request(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client) {
  if (!is_new_ && old_retired(ctx)) {
    ctx.reply(client, ClientReply{.status = ReplyStatus::refused});
    return;
  }
  ctx.reply(client, serve(request));
}

ClientReply Store::serve(const ClientRequest& request) {
  switch (request.kind) {
    case OperationKind::get: {
      if (affected(request.key)) return ClientReply{.status = ReplyStatus::error};
      const auto found = values_.find(request.key);
      if (found == values_.end()) return ClientReply{.found = false};
      return ClientReply{.found = true, .value = found->second};
    }
    case OperationKind::put:
      values_[request.key] = request.value;
      return ClientReply{};
    case OperationKind::cas:
    case OperationKind::add:
      break;
  }
  return ClientReply{.status = ReplyStatus::refused};
}

}  // namespace scar::nodes::migration
