#include "nodes/cache/database.h"

#include <algorithm>

namespace scar::nodes::cache {

Database::Database(std::uint32_t fields_per_record, sim::Duration latency)
    : fields_per_record_(fields_per_record), latency_(latency) {}

void Database::on_message(sim::Context& ctx, const sim::Envelope& envelope) {
  if (const auto* read_request = envelope.as<DatabaseRead>()) {
    ctx.spawn(read(ctx, *read_request, envelope.reply_address()));
  } else if (const auto* field_write = envelope.as<DatabaseWriteField>()) {
    ctx.spawn(write_field(ctx, *field_write, envelope.reply_address()));
  } else if (const auto* record_write = envelope.as<DatabaseWriteRecord>()) {
    ctx.spawn(write_record(ctx, *record_write, envelope.reply_address()));
  }
}

sim::Duration Database::take_turn(sim::Context& ctx) {
  const sim::Time start = std::max(ctx.now(), worker_free_at_);
  worker_free_at_ = start + latency_;
  return worker_free_at_ - ctx.now();
}

Record& Database::record_at(std::uint64_t record) {
  auto [found, inserted] = records_.try_emplace(record);
  if (inserted) found->second.fields.resize(fields_per_record_);
  return found->second;
}

sim::Task<> Database::read(sim::Context& ctx, DatabaseRead request, sim::ReplyAddress cache) {
  co_await ctx.sleep_for(take_turn(ctx));
  ctx.count("db_reads");
  ctx.reply(cache, DatabaseReadReply{record_at(request.record)});
}

sim::Task<> Database::write_field(sim::Context& ctx, DatabaseWriteField request,
                                  sim::ReplyAddress cache) {
  co_await ctx.sleep_for(take_turn(ctx));
  ctx.count("db_writes");
  record_at(request.record).fields.at(request.field) = request.value;
  ctx.reply(cache, DatabaseWriteReply{});
}

sim::Task<> Database::write_record(sim::Context& ctx, DatabaseWriteRecord request,
                                   sim::ReplyAddress cache) {
  co_await ctx.sleep_for(take_turn(ctx));
  ctx.count("db_writes");
  record_at(request.record) = std::move(request.contents);
  ctx.reply(cache, DatabaseWriteReply{});
}

}  // namespace scar::nodes::cache
