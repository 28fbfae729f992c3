#include "sim/disk_file.h"

#include <algorithm>

#include "sim/assert.h"

namespace scar::sim {
namespace {

// The cache grows by an eighth at a time, not by doubling: a log that grows for hours
// holds at most 12.5% spare room.
void grow(DiskFile::Bytes& bytes, std::uint64_t size) {
  if (bytes.size() >= size) return;
  if (bytes.capacity() < size) bytes.reserve(size + size / 8);
  bytes.resize(size);
}

}  // namespace

std::string DiskFile::read(std::uint64_t offset, std::uint64_t length) const {
  const std::uint64_t from = std::min<std::uint64_t>(offset, cache_.size());
  const std::uint64_t to = from + std::min<std::uint64_t>(length, cache_.size() - from);
  return std::string(cache_.begin() + from, cache_.begin() + to);
}

DiskFile::Bytes DiskFile::durable_block(std::uint64_t block) const {
  if (const auto found = saved_.find(block); found != saved_.end()) return found->second;
  const std::uint64_t begin = begin_of(block);
  const std::uint64_t end = std::min(begin + block_size_, durable_size_);
  if (begin >= end) return {};
  SCAR_ASSERT(end <= cache_.size());  // an unsaved durable block lies within the cache
  return Bytes(cache_.begin() + begin, cache_.begin() + end);
}

void DiskFile::save(std::uint64_t from, std::uint64_t to) {
  if (from >= durable_size_) return;
  const std::uint64_t last = block_of(std::min(std::max(to, from + 1), durable_size_) - 1);
  for (std::uint64_t block = block_of(from); block <= last; ++block) {
    if (!saved_.contains(block)) saved_.emplace(block, durable_block(block));
  }
}

void DiskFile::write(std::uint64_t offset, const std::string& bytes) {
  const std::uint64_t end = offset + bytes.size();
  save(std::min<std::uint64_t>(offset, cache_.size()), std::max<std::uint64_t>(end, offset + 1));
  grow(cache_, end);
  std::copy(bytes.begin(), bytes.end(), cache_.begin() + offset);
}

void DiskFile::truncate(std::uint64_t size) {
  const std::uint64_t old_size = cache_.size();
  save(std::min(size, old_size), std::max(size, old_size));
  if (size > old_size) {
    grow(cache_, size);
  } else {
    cache_.resize(size);
  }
}

void DiskFile::grow_durable(std::uint64_t size) {
  if (size <= durable_size_) return;
  for (std::uint64_t block = block_of(durable_size_); begin_of(block) < size; ++block) {
    Bytes content = durable_block(block);
    content.resize(std::min<std::uint64_t>(begin_of(block) + block_size_, size) - begin_of(block));
    saved_[block] = std::move(content);
  }
  durable_size_ = size;
}

void DiskFile::persist(std::uint64_t block) {
  durable_exists_ = true;
  const std::uint64_t begin = begin_of(block);
  const std::uint64_t end = std::min<std::uint64_t>(begin + block_size_, cache_.size());
  if (begin >= end) {  // past the cache's end: the durable copy reaches at least the cache's
    grow_durable(end);
    return;
  }
  grow_durable(begin);
  // The block's durable bytes past the cache's end (a truncated cache) stay.
  const Bytes before = durable_block(block);
  durable_size_ = std::max(durable_size_, end);
  if (before.size() <= end - begin) {
    saved_.erase(block);
    return;
  }
  Bytes content(cache_.begin() + begin, cache_.begin() + end);
  content.insert(content.end(), before.begin() + (end - begin), before.end());
  saved_[block] = std::move(content);
}

void DiskFile::resize_durable_to_cache() {
  durable_exists_ = true;
  if (cache_.size() > durable_size_) {
    grow_durable(cache_.size());
    return;
  }
  durable_size_ = cache_.size();
  saved_.erase(saved_.lower_bound(block_of(durable_size_ + block_size_ - 1)), saved_.end());
  if (auto last = saved_.find(block_of(durable_size_)); last != saved_.end())
    last->second.resize(
        std::min<std::uint64_t>(last->second.size(), durable_size_ - begin_of(last->first)));
}

std::string DiskFile::durable() const {
  std::string bytes(cache_.begin(), cache_.begin() + std::min(cache_.size(), durable_size_));
  bytes.resize(durable_size_);
  for (const auto& [block, content] : saved_)
    std::copy(content.begin(), content.end(), bytes.begin() + begin_of(block));
  return bytes;
}

void DiskFile::crash() {
  SCAR_ASSERT(durable_exists_);
  cache_.resize(durable_size_);
  for (const auto& [block, content] : saved_)
    std::copy(content.begin(), content.end(), cache_.begin() + begin_of(block));
  saved_.clear();
}

}  // namespace scar::sim
