// A `cache` server: n1 is the cache, n2 the database (database.h). Clients send every
// request to the cache.
//
// get: a hit (the record cached and younger than `ttl` by the cache's clock) answers from
// the cache. A miss reads the record from the database, stores it in the cache for `ttl`,
// and answers. Without `coalescing` every miss sends its own read, so when a hot record
// expires under load every get that arrives before the first read returns goes to the
// database (a thundering herd). With it there is one read per record in flight; the
// misses that arrive meanwhile wait for it and are answered from it.
//
// put, writes=invalidate (cache-aside, the safe pattern): the database sets the one field
// in place; then the cache drops the record, and the next get reads it afresh.
//
// put, writes=write_back (the flaw): the cache takes its copy of the record (a hit, or on a
// miss a read from the database as for a get), sets the field in that copy, writes the
// whole copy back to the database, and on success keeps the copy as the cached record.
// Two puts to different fields of one record that overlap both start from the same copy,
// and the later record write replaces the earlier one: the field the earlier put set
// reverts, though that put was acknowledged ok, and gets show the older value afterwards.
//
// In both modes a put that changed a record (or may have) makes the cache forget any read
// of that record already in flight: its answer still goes to the gets waiting on it (they
// overlap the put), but it is not stored, and later misses read again. Without this, a
// read that started before the put could store the old record after it.
//
// Failures: a database call unanswered within `db_timeout` answers error (a put's write may
// have landed; the cache then drops the record), or refused when nothing was written (the
// read of a write_back put). cas and add are refused. Nothing is durable: a crashed cache
// restarts empty; a crashed database loses its records. The cache has no size bound: the
// records are the scenario's keys divided by `fields`; entries leave by expiry or a put.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "nodes/cache/database.h"
#include "nodes/cache/record.h"
#include "nodes/client_protocol.h"
#include "nodes/protocol_options.h"
#include "sim/context.h"

namespace scar::nodes::cache {

class CacheNode final : public sim::Node {
 public:
  explicit CacheNode(const ProtocolOptions& options);

  void on_start(sim::Context& ctx) override;
  void on_message(sim::Context& ctx, const sim::Envelope& envelope) override;
  std::string_view role() const override { return is_cache_ ? "cache" : "database"; }

 private:
  // Called once with the record, or nothing when the database did not answer in time.
  using Waiter = std::function<void(std::optional<Record>)>;
  using Waiters = std::vector<Waiter>;
  struct Entry {
    Record record;
    sim::Time expires{};  // the cache's local time
  };

  void on_client(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  void get(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  void put_write_back(sim::Context& ctx, const ClientRequest& request, sim::ReplyAddress client);
  sim::Task<> put_invalidate(sim::Context& ctx, ClientRequest request, sim::ReplyAddress client);
  sim::Task<> write_back(sim::Context& ctx, ClientRequest request, Record copy,
                         sim::ReplyAddress client);

  // The record from the cache, or from the database on a miss (coalesced or not).
  void look_up(sim::Context& ctx, std::uint64_t record, Waiter waiter);
  const Record* fresh_entry(sim::Context& ctx, std::uint64_t record);
  sim::Task<> fill(sim::Context& ctx, std::uint64_t record, std::shared_ptr<Waiters> waiters);
  // A put changed `record` (or may have): reads in flight must not store what they read.
  void note_change(std::uint64_t record);

  std::uint32_t fields_per_record_;
  sim::Duration ttl_;
  bool coalescing_;
  bool write_back_;
  sim::Duration db_timeout_;
  Database database_;  // used on the database node only
  bool is_cache_ = false;
  sim::NodeId database_node_{};
  std::map<std::uint64_t, Entry> entries_;
  std::map<std::uint64_t, std::shared_ptr<Waiters>> reads_in_flight_;  // coalescing only
  std::map<std::uint64_t, std::uint64_t> changes_;  // per record: puts that changed it
};

}  // namespace scar::nodes::cache
