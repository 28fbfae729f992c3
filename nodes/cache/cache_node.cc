#include "nodes/cache/cache_node.h"

namespace scar::nodes::cache {

CacheNode::CacheNode(const ProtocolOptions& options)
    : fields_per_record_(static_cast<std::uint32_t>(options.number("fields"))),
      ttl_(options.duration("ttl")),
      coalescing_(options.boolean("coalescing")),
      write_back_(options.choice("writes") == "write_back"),
      db_timeout_(options.duration("db_timeout")),
      database_(fields_per_record_, options.duration("db_latency")) {}

void CacheNode::on_start(sim::Context& ctx) {
  const auto servers = ctx.servers();
  is_cache_ = ctx.self() == servers[0];
  database_node_ = servers[1];
}

void CacheNode::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (!is_cache_) {
    database_.on_message(ctx, envelope);
  } else if (const auto* request = envelope.as<ClientRequest>()) {
    on_client(ctx, *request, envelope.reply_address());
  }
}

void CacheNode::on_client(sim::Context& ctx, const ClientRequest& request,
                          sim::ReplyAddress client) {
  switch (request.kind) {
    case OperationKind::get:
      get(ctx, request, client);
      return;
    case OperationKind::put:
      if (write_back_) {
        put_write_back(ctx, request, client);
      } else {
        ctx.spawn(put_invalidate(ctx, request, client));
      }
      return;
    case OperationKind::cas:
    case OperationKind::add:
      ctx.reply(client, ClientReply{.status = ReplyStatus::refused});
      return;
  }
}

void CacheNode::get(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client) {
  const FieldAddress address = address_of(request.key, fields_per_record_);
  look_up(ctx, address.record, [&ctx, address, client](std::optional<Record> record) {
    if (!record) {
      ctx.reply(client, ClientReply{.status = ReplyStatus::error});
      return;
    }
    const auto& value = record->fields.at(address.field);
    ctx.reply(client, ClientReply{.found = value.has_value(), .value = value.value_or(0)});
  });
}

sim::Task<> CacheNode::put_invalidate(sim::Context& ctx, ClientRequest request,
                                      sim::ReplyAddress client) {
  const FieldAddress address = address_of(request.key, fields_per_record_);
  const auto written = co_await ctx.call<DatabaseWriteReply>(
      database_node_, DatabaseWriteField{address.record, address.field, request.value},
      db_timeout_);
  // Even unanswered, the write may have landed: the cached record may be stale either way.
  entries_.erase(address.record);
  note_change(address.record);
  ctx.reply(client, ClientReply{.status = written ? ReplyStatus::ok : ReplyStatus::error});
}

void CacheNode::put_write_back(sim::Context& ctx, const ClientRequest& request,
                               sim::ReplyAddress client) {
  const std::uint64_t record = address_of(request.key, fields_per_record_).record;
  look_up(ctx, record, [this, &ctx, request, client](std::optional<Record> copy) {
    if (!copy) {  // the read failed; nothing was written
      ctx.reply(client, ClientReply{.status = ReplyStatus::refused});
      return;
    }
    ctx.spawn(write_back(ctx, request, std::move(*copy), client));
  });
}

sim::Task<> CacheNode::write_back(sim::Context& ctx, ClientRequest request, Record copy,
                                  sim::ReplyAddress client) {
  const FieldAddress address = address_of(request.key, fields_per_record_);
  copy.fields.at(address.field) = request.value;  // modify the cached copy...
  // ...and write it all. Built outside the co_await: g++ 12 mishandles braced temporaries there.
  DatabaseWriteRecord whole_record{address.record, copy};
  const auto written =
      co_await ctx.call<DatabaseWriteReply>(database_node_, std::move(whole_record), db_timeout_);
  note_change(address.record);
  if (!written) {
    entries_.erase(address.record);
    ctx.reply(client, ClientReply{.status = ReplyStatus::error});
    co_return;
  }
  entries_[address.record] = Entry{std::move(copy), ctx.now() + ttl_};
  ctx.reply(client, ClientReply{});
}

const Record* CacheNode::fresh_entry(sim::Context& ctx, std::uint64_t record) {
  const auto found = entries_.find(record);
  if (found == entries_.end()) return nullptr;
  if (ctx.now() < found->second.expires) return &found->second.record;
  entries_.erase(found);
  return nullptr;
}

void CacheNode::look_up(sim::Context& ctx, std::uint64_t record, Waiter waiter) {
  if (const Record* cached = fresh_entry(ctx, record)) {
    ctx.count("cache_hits");
    waiter(*cached);
    return;
  }
  ctx.count("cache_misses");
  if (!coalescing_) {
    ctx.spawn(fill(ctx, record, std::make_shared<Waiters>(Waiters{std::move(waiter)})));
    return;
  }
  std::shared_ptr<Waiters>& in_flight = reads_in_flight_[record];
  if (in_flight) {
    in_flight->push_back(std::move(waiter));
    return;
  }
  in_flight = std::make_shared<Waiters>(Waiters{std::move(waiter)});
  ctx.spawn(fill(ctx, record, in_flight));
}

sim::Task<> CacheNode::fill(sim::Context& ctx, std::uint64_t record,
                            std::shared_ptr<Waiters> waiters) {
  const std::uint64_t changes_before = changes_[record];
  const auto read =
      co_await ctx.call<DatabaseReadReply>(database_node_, DatabaseRead{record}, db_timeout_);
  const auto in_flight = reads_in_flight_.find(record);
  if (in_flight != reads_in_flight_.end() && in_flight->second == waiters) {
    reads_in_flight_.erase(in_flight);
  }
  std::optional<Record> result;
  if (read) {
    result = read->record;
    if (changes_[record] == changes_before) {
      entries_[record] = Entry{read->record, ctx.now() + ttl_};
    }
  }
  for (const Waiter& waiter : *waiters) waiter(result);
}

void CacheNode::note_change(std::uint64_t record) {
  ++changes_[record];
  reads_in_flight_.erase(record);  // the read's own task still answers its waiters
}

}  // namespace scar::nodes::cache
