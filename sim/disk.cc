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
    const DiskFile& bytes = found->second.bytes;
    return IoResult{IoStatus::ok, bytes.read(request.offset, request.length), bytes.size()};
  }
  File& file =
      files_.try_emplace(request.file, File{DiskFile(options_.block_size), {}}).first->second;
  switch (request.kind) {
    case IoKind::write:
      return apply_write(file, request.offset, request.data);
    case IoKind::append:
      return apply_write(file, file.bytes.size(), request.data);
    case IoKind::fsync:
      return apply_fsync(file);
    case IoKind::truncate: {
      const std::uint64_t old_size = file.bytes.size();
      file.bytes.truncate(request.offset);
      // The new end's block changes on disk either way (shrunk or zero-filled).
      mark_dirty(file, std::min(old_size, request.offset), std::max(old_size, request.offset));
      return IoResult{IoStatus::ok, {}, file.bytes.size()};
    }
    case IoKind::read:
      break;
  }
  SCAR_ASSERT(false);
}

IoResult Disk::apply_write(File& file, std::uint64_t offset, const std::string& bytes) {
  file.bytes.write(offset, bytes);
  // A lying write lands in the cache (reads see it) but is never marked for fsync.
  if (!faults_.lying) mark_dirty(file, offset, offset + bytes.size());
  return IoResult{IoStatus::ok, {}, file.bytes.size()};
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
    return IoResult{IoStatus::error, {}, file.bytes.size()};
  }
  if (!faults_.lying) {
    for (std::uint64_t block : file.dirty) file.bytes.persist(block);
    file.bytes.resize_durable_to_cache();
  }
  file.dirty.clear();
  return IoResult{IoStatus::ok, {}, file.bytes.size()};
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
      for (std::size_t i = 0; i < written; ++i, ++block) file.bytes.persist(*block);
    }
  }
  in_service_.reset();
  started_pending_ = false;
  queue_.clear();
  for (auto it = files_.begin(); it != files_.end();) {
    File& file = it->second;
    if (!file.bytes.durable_exists()) {
      it = files_.erase(it);
      continue;
    }
    file.bytes.crash();
    file.dirty.clear();
    ++it;
  }
}

std::optional<std::string> Disk::durable_contents(const std::string& file) const {
  auto found = files_.find(file);
  if (found == files_.end() || !found->second.bytes.durable_exists()) return std::nullopt;
  return found->second.bytes.durable();
}

}  // namespace scar::sim
