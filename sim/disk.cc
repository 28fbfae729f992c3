#include "sim/disk.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::sim {

Disk::Disk(DiskOptions options, Random random) : options_(std::move(options)), random_(random) {
  SCAR_ASSERT(options_.queue_depth >= 1);
  SCAR_ASSERT(options_.block_size >= 1);
}

const Distribution& Disk::latency_of(IoKind kind) const {
  switch (kind) {
    case IoKind::read:
      return options_.read;
    case IoKind::fsync:
      return options_.fsync;
    default:
      return options_.write;
  }
}

bool Disk::submit(std::uint64_t id, IoRequest request, Time now) {
  if (queue_depth() >= options_.queue_depth) return false;
  queue_.push_back({id, std::move(request)});
  if (!in_service_) start_next(now);
  return true;
}

void Disk::start_next(Time now) {
  SCAR_ASSERT(!in_service_);
  if (queue_.empty()) return;
  auto [id, request] = queue_.pop_front();
  const Duration service = latency_of(request.kind).scaled(faults_.latency_factor).sample(random_);
  in_service_ = Operation{id, std::move(request), now, now + service};
  started_pending_ = true;
}

std::optional<Time> Disk::take_started() {
  if (!started_pending_) return std::nullopt;
  started_pending_ = false;
  return in_service_->end;
}

std::pair<std::uint64_t, IoResult> Disk::complete(Time now) {
  SCAR_ASSERT(in_service_);
  SCAR_ASSERT(now >= in_service_->end);
  Operation done = std::move(*in_service_);
  in_service_.reset();
  IoResult result = apply(done.request);
  start_next(now);
  return {done.id, std::move(result)};
}

IoResult Disk::apply(const IoRequest& request) {
  const bool mutates = request.kind != IoKind::read;
  if (mutates && faults_.fail_writes) return IoResult{IoStatus::error};
  if (request.kind == IoKind::read) {
    auto found = files_.find(request.file);
    if (found == files_.end()) return IoResult{IoStatus::not_found};
    const Bytes& data = found->second.data;
    const std::uint64_t offset = std::min<std::uint64_t>(request.offset, data.size());
    const std::uint64_t length = std::min<std::uint64_t>(request.length, data.size() - offset);
    return IoResult{IoStatus::ok,
                    std::string(data.begin() + offset, data.begin() + offset + length),
                    data.size()};
  }
  File& file = files_[request.file];
  switch (request.kind) {
    case IoKind::write:
      return apply_write(file, request.offset, request.data);
    case IoKind::append:
      return apply_write(file, file.data.size(), request.data);
    case IoKind::fsync:
      return apply_fsync(file);
    case IoKind::truncate: {
      const std::uint64_t old_size = file.data.size();
      file.data.resize(request.offset);
      // The new end's block changes on disk either way (shrunk or zero-filled).
      mark_dirty(file, std::min(old_size, request.offset), std::max(old_size, request.offset));
      return IoResult{IoStatus::ok, {}, file.data.size()};
    }
    case IoKind::read:
      break;
  }
  SCAR_ASSERT(false);
}

namespace {
// Files grow by an eighth at a time, not by doubling: a log that grows for hours holds at
// most 12.5% spare room, twice over (the cache and the durable copy).
void grow(Disk::Bytes& bytes, std::uint64_t size) {
  if (bytes.size() >= size) return;
  if (bytes.capacity() < size) bytes.reserve(size + size / 8);
  bytes.resize(size);
}
}  // namespace

IoResult Disk::apply_write(File& file, std::uint64_t offset, const std::string& bytes) {
  grow(file.data, offset + bytes.size());
  std::copy(bytes.begin(), bytes.end(), file.data.begin() + offset);
  // A lying write lands in the cache (reads see it) but is never marked for fsync.
  if (!faults_.lying) mark_dirty(file, offset, offset + bytes.size());
  return IoResult{IoStatus::ok, {}, file.data.size()};
}

void Disk::mark_dirty(File& file, std::uint64_t from, std::uint64_t to) {
  if (from == to) {
    file.dirty.insert(from / options_.block_size);
    return;
  }
  for (std::uint64_t block = from / options_.block_size; block * options_.block_size < to;
       ++block) {
    file.dirty.insert(block);
  }
}

IoResult Disk::apply_fsync(File& file) {
  if (faults_.fsync_fails && !file.dirty.empty()) {
    file.dirty.clear();  // the kernel marks the pages clean though they never reached the disk
    return IoResult{IoStatus::error, {}, file.data.size()};
  }
  if (!faults_.lying) {
    for (std::uint64_t block : file.dirty) persist_block(file, block);
    file.durable.resize(file.data.size());
    file.durable_exists = true;
  }
  file.dirty.clear();
  return IoResult{IoStatus::ok, {}, file.data.size()};
}

void Disk::persist_block(File& file, std::uint64_t block) {
  const std::uint64_t begin = block * options_.block_size;
  const std::uint64_t end = std::min<std::uint64_t>(begin + options_.block_size, file.data.size());
  grow(file.durable, end);
  if (begin < end)
    std::copy(file.data.begin() + begin, file.data.begin() + end, file.durable.begin() + begin);
  file.durable_exists = true;
}

void Disk::crash(Time now) {
  // An fsync in progress has written a prefix of its blocks, in proportion to the time
  // it has run: the torn write.
  if (in_service_ && in_service_->request.kind == IoKind::fsync && !faults_.lying &&
      !faults_.fsync_fails && !faults_.fail_writes) {
    auto found = files_.find(in_service_->request.file);
    if (found != files_.end()) {
      File& file = found->second;
      const double span = static_cast<double>((in_service_->end - in_service_->start).count());
      const double elapsed = static_cast<double>((now - in_service_->start).count());
      const double fraction = span <= 0 ? 1.0 : std::clamp(elapsed / span, 0.0, 1.0);
      const auto written =
          static_cast<std::size_t>(fraction * static_cast<double>(file.dirty.size()));
      auto block = file.dirty.begin();
      for (std::size_t i = 0; i < written; ++i, ++block) persist_block(file, *block);
    }
  }
  in_service_.reset();
  started_pending_ = false;
  queue_.clear();
  for (auto it = files_.begin(); it != files_.end();) {
    File& file = it->second;
    if (!file.durable_exists) {
      it = files_.erase(it);
      continue;
    }
    file.data = file.durable;
    file.dirty.clear();
    ++it;
  }
}

std::optional<std::string> Disk::durable_contents(const std::string& file) const {
  auto found = files_.find(file);
  if (found == files_.end() || !found->second.durable_exists) return std::nullopt;
  return std::string(found->second.durable.begin(), found->second.durable.end());
}

}  // namespace scar::sim
