#include "nodes/migration/migration_node.h"

namespace scar::nodes::migration {

MigrationNode::MigrationNode(const ProtocolOptions& options)
    : service_options_{options.duration("store_timeout"), options.boolean("auto_rollback"),
                       static_cast<std::int64_t>(options.number("rollback_after"))},
      new_bug_(options.number("new_bug")) {}

void MigrationNode::on_start(sim::Context& ctx) {
  const Stores stores = stores_of(ctx);
  if (ctx.self() == stores.old_store) {
    store_.emplace(false, 0);
  } else if (ctx.self() == stores.new_store) {
    store_.emplace(true, new_bug_);
  } else {
    service_.emplace(service_options_);
  }
}

void MigrationNode::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  const auto* request = envelope.as<ClientRequest>();
  if (request == nullptr) return;
  if (service_) service_->on_request(ctx, *request, envelope.reply_address());
  if (store_) store_->on_request(ctx, *request, envelope.reply_address());
}

std::string_view MigrationNode::role() const {
  if (service_) return "service";
  return store_ && store_->is_new() ? "new_store" : "old_store";
}

}  // namespace scar::nodes::migration
