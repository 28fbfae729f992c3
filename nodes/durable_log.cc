#include "nodes/durable_log.h"

#include <cstring>
#include <string>
#include <utility>

#include "nodes/protocol_options.h"

namespace scar::nodes {
namespace {

constexpr const char* log_file = "store.log";
constexpr std::size_t record_size = 16;

void put_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t get_u64(std::string_view in) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value |= std::uint64_t{static_cast<unsigned char>(in[i])} << (8 * i);
  return value;
}

}  // namespace

Durability durability_from(std::string_view name) {
  if (name == "write") return Durability::write;
  if (name == "fsync") return Durability::fsync;
  return Durability::none;
}

// Suspends a put (its append numbered `append`) until flush_batches resumes it with the
// outcome of the first fsync that covers it: the one in flight when that fsync was
// submitted after the append, else the next, starting flush_batches when none runs.
class DurableLog::BatchAwaiter {
 public:
  BatchAwaiter(DurableLog& log, sim::Context& ctx, std::uint64_t append)
      : log_(log), ctx_(ctx), append_(append) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> handle) {
    waiter_.handle = handle;
    if (log_.flushing_ && append_ < log_.in_flight_covers_) {
      log_.in_flight_.push_back(&waiter_);
      return;
    }
    log_.waiting_.push_back(&waiter_);
    if (!log_.flushing_) ctx_.spawn(log_.flush_batches(ctx_));
  }
  bool await_resume() const noexcept { return waiter_.synced; }

 private:
  DurableLog& log_;
  sim::Context& ctx_;
  std::uint64_t append_;
  FsyncWaiter waiter_;
};

sim::Task<bool> DurableLog::persist(sim::Context& ctx, std::uint64_t key, std::uint64_t value) {
  if (durability_ == Durability::none) co_return true;
  std::string record;
  put_u64(record, key);
  put_u64(record, value);
  const std::uint64_t append = appends_submitted_++;
  const sim::IoResult written = co_await ctx.append(log_file, std::move(record));
  if (!written.ok()) co_return false;
  if (durability_ == Durability::write) co_return true;
  if (group_commit_) co_return co_await BatchAwaiter(*this, ctx, append);
  co_return co_await sync(ctx);
}

sim::Task<bool> DurableLog::sync(sim::Context& ctx) {
  ctx.count("fsyncs");
  sim::IoResult synced = co_await ctx.fsync(log_file);
  if (!synced.ok() && synced.status != sim::IoStatus::busy && retry_failed_fsync_) {
    ctx.count("fsyncs");
    synced = co_await ctx.fsync(log_file);
  }
  co_return synced.ok();
}

// An fsync covers every append submitted before it (the disk serves in order), so each
// batch is the puts written since the last fsync was submitted, plus those whose append
// was submitted before this one and completes while it is in flight. Puts written during
// the fsync otherwise wait for the next. Waiters resume through the event queue (a zero
// delay), never inside this loop, so a put that ends cannot disturb the batch.
sim::Task<> DurableLog::flush_batches(sim::Context& ctx) {
  flushing_ = true;
  while (!waiting_.empty()) {
    in_flight_ = std::exchange(waiting_, {});
    in_flight_covers_ = appends_submitted_;
    const bool synced = co_await sync(ctx);
    for (FsyncWaiter* waiter : std::exchange(in_flight_, {})) {
      waiter->synced = synced;
      ctx.resume_after(sim::Duration::zero(), waiter->handle);
    }
  }
  flushing_ = false;
}

sim::Task<std::optional<std::unordered_map<std::uint64_t, std::uint64_t>>> DurableLog::recover(
    sim::Context& ctx) {
  std::unordered_map<std::uint64_t, std::uint64_t> store;
  if (durability_ == Durability::none) co_return store;
  const sim::IoResult log = co_await ctx.read_all(log_file);
  if (log.status == sim::IoStatus::not_found) co_return store;
  if (!log.ok()) co_return std::nullopt;
  const std::string_view bytes = log.data;
  for (std::size_t at = 0; at + record_size <= bytes.size(); at += record_size) {
    store[get_u64(bytes.substr(at, 8))] = get_u64(bytes.substr(at + 8, 8));
  }
  co_return store;
}

std::vector<OptionSpec> durable_log_options() {
  return {{"durability",
           OptionType::choice,
           "none",
           {"none", "write", "fsync"},
           "what a put waits for before it is acknowledged: nothing (memory only), a write to "
           "the disk's cache, or a write and an fsync"},
          {"fsync_error",
           OptionType::choice,
           "fail",
           {"fail", "retry"},
           "when an fsync fails: answer the put with an error, or fsync again and acknowledge "
           "(the retry succeeds because the failed fsync dropped the data)"},
          {"group_commit",
           OptionType::boolean,
           "false",
           {},
           "with durability fsync: puts written while an fsync is in flight wait together "
           "for one next fsync that covers them all (each acknowledged only after it "
           "succeeded), instead of each fsyncing alone"}};
}

DurableLog durable_log_from(const ProtocolOptions& options) {
  return DurableLog(durability_from(options.choice("durability")),
                    options.choice("fsync_error") == "retry", options.boolean("group_commit"));
}

std::vector<MetricSpec> durable_log_metrics() {
  return {{"fsyncs", "fsyncs of the write-ahead log (each put alone, or one per group commit)"}};
}

}  // namespace scar::nodes
