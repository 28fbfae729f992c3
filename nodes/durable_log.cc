#include "nodes/durable_log.h"

#include <cstring>
#include <string>

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

sim::Task<bool> DurableLog::persist(sim::Context& ctx, std::uint64_t key, std::uint64_t value) {
  if (durability_ == Durability::none) co_return true;
  std::string record;
  put_u64(record, key);
  put_u64(record, value);
  const sim::IoResult written = co_await ctx.append(log_file, std::move(record));
  if (!written.ok()) co_return false;
  if (durability_ == Durability::write) co_return true;
  sim::IoResult synced = co_await ctx.fsync(log_file);
  if (!synced.ok() && synced.status != sim::IoStatus::busy && retry_failed_fsync_) {
    synced = co_await ctx.fsync(log_file);
  }
  co_return synced.ok();
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
           "(the retry succeeds because the failed fsync dropped the data)"}};
}

DurableLog durable_log_from(const ProtocolOptions& options) {
  return DurableLog(durability_from(options.choice("durability")),
                    options.choice("fsync_error") == "retry");
}

}  // namespace scar::nodes
