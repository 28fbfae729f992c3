#include "nodes/kv.h"

namespace scar::nodes {

void KvServer::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  const ClientRequest* request = envelope.as<ClientRequest>();
  if (request == nullptr) return;
  ClientReply reply;
  if (request->kind == OperationKind::put) {
    store_[request->key] = request->value;
  } else if (auto found = store_.find(request->key); found != store_.end()) {
    reply.found = true;
    reply.value = found->second;
  }
  ctx.reply(envelope.reply_address(), reply);
}

}  // namespace scar::nodes
