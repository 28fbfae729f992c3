// The `cache` protocol's database (n2): records in memory, served by one worker. Each
// request (a read, a field write, a record write) holds the worker for `db_latency` and
// takes effect, and is answered, when its turn ends: requests queue behind each other in
// arrival order, so a burst of reads (a thundering herd) makes every request behind it
// wait. Reads are counted as the metric `db_reads`, writes as `db_writes`.
//
// No disk: a crash loses every record (the lessons crash nothing). The worker's schedule
// follows the node's local clock, so a clock fault stretches or shortens one wait.
#pragma once

#include <cstdint>
#include <map>

#include "nodes/cache/record.h"
#include "sim/context.h"

namespace scar::nodes::cache {

class Database {
 public:
  // REQUIRES: fields_per_record >= 1; latency >= 0.
  Database(std::uint32_t fields_per_record, sim::Duration latency);

  // Serves a DatabaseRead, DatabaseWriteField or DatabaseWriteRecord; ignores anything else.
  void on_message(sim::Context& ctx, const sim::Envelope& envelope);

 private:
  // How long a request arriving now waits for the worker and then holds it; books the turn.
  sim::Duration take_turn(sim::Context& ctx);
  Record& record_at(std::uint64_t record);
  sim::Task<> read(sim::Context& ctx, DatabaseRead request, sim::ReplyAddress cache);
  sim::Task<> write_field(sim::Context& ctx, DatabaseWriteField request, sim::ReplyAddress cache);
  sim::Task<> write_record(sim::Context& ctx, DatabaseWriteRecord request, sim::ReplyAddress cache);

  std::uint32_t fields_per_record_;
  sim::Duration latency_;
  sim::Time worker_free_at_{};  // local time the last booked turn ends
  std::map<std::uint64_t, Record> records_;
};

}  // namespace scar::nodes::cache
