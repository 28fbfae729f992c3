#include "nodes/raft/storage.h"

#include <chrono>
#include <utility>

namespace scar::nodes::raft {
namespace {

enum class RecordKind : std::uint8_t { vote = 1, entry = 2, truncation = 3 };

constexpr std::uint32_t no_vote = 0xffffffff;
constexpr std::uint8_t no_command = 0xff;

void put_u8(std::string& out, std::uint8_t value) { out.push_back(static_cast<char>(value)); }

void put_u32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void put_u64(std::string& out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// Reads fixed-size fields off the front of a byte string; `ok` turns false (and stays
// false) when the bytes run out.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::uint64_t take(int width) {
    if (bytes_.size() < static_cast<std::size_t>(width)) {
      ok_ = false;
      return 0;
    }
    std::uint64_t value = 0;
    for (int i = 0; i < width; ++i)
      value |= std::uint64_t{static_cast<unsigned char>(bytes_[i])} << (8 * i);
    bytes_.remove_prefix(width);
    return value;
  }
  std::string_view take_bytes(std::size_t count) {
    if (bytes_.size() < count) {
      ok_ = false;
      return {};
    }
    const std::string_view taken = bytes_.substr(0, count);
    bytes_.remove_prefix(count);
    return taken;
  }
  bool ok() const { return ok_; }
  bool empty() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
  bool ok_ = true;
};

// Built outside co_await expressions: g++ 12 mishandles braced temporaries inside them.
sim::IoRequest request(sim::IoKind kind, std::uint64_t offset = 0, std::string data = {}) {
  sim::IoRequest io;
  io.kind = kind;
  io.file = RaftStorage::file_name;
  io.offset = offset;
  io.data = std::move(data);
  return io;
}

std::string framed(const std::string& body) {
  std::string record;
  put_u32(record, static_cast<std::uint32_t>(body.size()));
  record += body;
  put_u64(record, sim::stable_hash(body));
  return record;
}

// Applies one record's body to `state`, unless the body makes no sense (then false, and
// `state` is unchanged).
bool replay(std::string_view body, HardState& state) {
  Reader in(body);
  const auto kind = static_cast<RecordKind>(in.take(1));
  if (kind == RecordKind::vote) {
    const std::uint64_t term = in.take(8);
    const auto vote = static_cast<std::uint32_t>(in.take(4));
    if (!in.ok() || !in.empty()) return false;
    state.term = term;
    state.voted_for = vote == no_vote ? std::nullopt : std::optional(vote);
    return true;
  }
  if (kind == RecordKind::entry) {
    const std::uint64_t index = in.take(8);
    LogEntry entry{.term = in.take(8)};
    const auto operation = static_cast<std::uint8_t>(in.take(1));
    if (operation != no_command) {
      ClientRequest command;
      command.kind = static_cast<OperationKind>(operation);
      command.key = in.take(8);
      command.value = in.take(8);
      command.expected = in.take(8);
      command.expect_found = in.take(1) != 0;
      command.request_id = in.take(8);
      entry.command = command;
    }
    // Entries are written in order: one that does not extend the log is garbage.
    if (!in.ok() || !in.empty() || index == 0 || index > state.entries.size() + 1) return false;
    state.entries.resize(index - 1);
    state.entries.push_back(entry);
    return true;
  }
  if (kind == RecordKind::truncation) {
    const std::uint64_t from = in.take(8);
    if (!in.ok() || !in.empty() || from == 0) return false;
    if (from <= state.entries.size()) state.entries.resize(from - 1);
    return true;
  }
  return false;
}

}  // namespace

std::string RaftStorage::encode_vote(std::uint64_t term, std::optional<std::uint32_t> voted_for) {
  std::string body;
  put_u8(body, static_cast<std::uint8_t>(RecordKind::vote));
  put_u64(body, term);
  put_u32(body, voted_for.value_or(no_vote));
  return framed(body);
}

std::string RaftStorage::encode_entry(std::uint64_t index, const LogEntry& entry) {
  std::string body;
  put_u8(body, static_cast<std::uint8_t>(RecordKind::entry));
  put_u64(body, index);
  put_u64(body, entry.term);
  if (!entry.command) {
    put_u8(body, no_command);
  } else {
    put_u8(body, static_cast<std::uint8_t>(entry.command->kind));
    put_u64(body, entry.command->key);
    put_u64(body, entry.command->value);
    put_u64(body, entry.command->expected);
    put_u8(body, entry.command->expect_found ? 1 : 0);
    put_u64(body, entry.command->request_id);
  }
  return framed(body);
}

std::string RaftStorage::encode_truncation(std::uint64_t from_index) {
  std::string body;
  put_u8(body, static_cast<std::uint8_t>(RecordKind::truncation));
  put_u64(body, from_index);
  return framed(body);
}

HardState RaftStorage::decode(std::string_view bytes) {
  HardState state;
  Reader in(bytes);
  while (!in.empty()) {
    const auto length = static_cast<std::uint32_t>(in.take(4));
    const std::string_view body = in.take_bytes(length);
    const std::uint64_t checksum = in.take(8);
    if (!in.ok() || checksum != sim::stable_hash(body)) break;  // torn or partial
    if (!replay(body, state)) break;
    state.valid_bytes += 4 + length + 8;
  }
  state.discarded_bytes = bytes.size() - state.valid_bytes;
  return state;
}

void RaftStorage::save_vote(std::uint64_t term, std::optional<std::uint32_t> voted_for) {
  if (durability_ == Durability::none) return;
  buffer_ += encode_vote(term, voted_for);
  ++buffered_;
}

void RaftStorage::save_entry(std::uint64_t index, const LogEntry& entry) {
  if (durability_ == Durability::none) return;
  buffer_ += encode_entry(index, entry);
  ++buffered_;
}

void RaftStorage::save_truncation(std::uint64_t from_index) {
  if (durability_ == Durability::none) return;
  buffer_ += encode_truncation(from_index);
  ++buffered_;
}

// Awaits the end of the flush under way.
class RaftStorage::FlushDone {
 public:
  explicit FlushDone(RaftStorage& storage) : storage_(storage) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> waiter) { storage_.waiting_.push_back(waiter); }
  void await_resume() const noexcept {}

 private:
  RaftStorage& storage_;
};

sim::Task<bool> RaftStorage::sync(sim::Context& ctx) {
  const std::uint64_t target = buffered_;
  while (!failed_ && durable_ < target) {
    if (flushing_) {
      co_await FlushDone(*this);
    } else {
      co_await flush(ctx);
    }
  }
  co_return !failed_;
}

// A full device queue refuses at once: wait a little and offer the operation again.
sim::Task<sim::IoResult> RaftStorage::retry_busy(sim::Context& ctx, sim::IoRequest request) {
  while (true) {
    sim::IoResult result = co_await ctx.io(request);
    if (result.status != sim::IoStatus::busy) co_return result;
    co_await ctx.sleep_for(std::chrono::milliseconds{1});
  }
}

sim::Task<> RaftStorage::flush(sim::Context& ctx) {
  flushing_ = true;
  const std::uint64_t covered = buffered_;
  std::string bytes = std::exchange(buffer_, {});
  sim::IoResult result =
      co_await retry_busy(ctx, request(sim::IoKind::append, 0, std::move(bytes)));
  if (result.ok() && durability_ == Durability::fsync)
    result = co_await retry_busy(ctx, request(sim::IoKind::fsync));
  if (result.ok()) {
    durable_ = covered;
  } else {
    failed_ = true;
  }
  flushing_ = false;
  for (std::coroutine_handle<> waiter : std::exchange(waiting_, {})) waiter.resume();
}

sim::Task<std::optional<HardState>> RaftStorage::recover(sim::Context& ctx) {
  if (durability_ == Durability::none) co_return HardState{};
  sim::IoRequest read_all = request(sim::IoKind::read);
  read_all.length = UINT64_MAX;
  const sim::IoResult read = co_await retry_busy(ctx, std::move(read_all));
  if (read.status == sim::IoStatus::not_found) co_return HardState{};
  if (!read.ok()) co_return std::nullopt;
  HardState state = decode(read.data);
  if (state.discarded_bytes > 0) {
    sim::IoResult cut = co_await retry_busy(ctx, request(sim::IoKind::truncate, state.valid_bytes));
    if (cut.ok()) cut = co_await retry_busy(ctx, request(sim::IoKind::fsync));
    if (!cut.ok()) co_return std::nullopt;
  }
  co_return state;
}

}  // namespace scar::nodes::raft
