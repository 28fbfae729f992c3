// One file of a simulated disk: the bytes reads see (the cache) and the bytes a crash
// keeps (the durable copy), stored once.
//
// The durable copy is a view over the cache: block by block it equals the cache, except
// for the blocks in `saved_`, which hold the durable bytes the cache has since overwritten
// (or that lie past its end). A block is saved just before the cache first changes it, and
// dropped when it is persisted again. A log appended and fsynced for hours keeps one copy
// of its bytes and at most a block or two saved, where two full copies would double the
// memory of every replica's disk.
//
// Semantics, as the disk model states them (sim/disk.h): persist(block) makes the durable
// bytes of that block equal the cache's, growing the durable size to cover them (zeros fill
// any gap); resize_durable_to_cache() gives the durable copy the cache's length (fsync's
// end: a shrink cuts it, growth is zeros for the blocks not persisted); crash() makes the
// cache the durable bytes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace scar::sim {

class DiskFile {
 public:
  using Bytes = std::vector<char>;

  explicit DiskFile(std::uint32_t block_size) : block_size_(block_size) {}

  std::uint64_t size() const { return cache_.size(); }
  // Up to `length` bytes from `offset` of the cache (fewer at its end).
  std::string read(std::uint64_t offset, std::uint64_t length) const;

  // The cache: bytes at `offset` (a gap before it is zeros), or a new length.
  void write(std::uint64_t offset, const std::string& bytes);
  void truncate(std::uint64_t size);

  void persist(std::uint64_t block);
  void resize_durable_to_cache();
  bool durable_exists() const { return durable_exists_; }
  std::string durable() const;
  // The cache becomes the durable bytes. REQUIRES: durable_exists().
  void crash();
  // Blocks whose durable bytes are kept apart from the cache (the memory beyond one copy).
  std::size_t saved_blocks() const { return saved_.size(); }

 private:
  std::uint64_t block_of(std::uint64_t offset) const { return offset / block_size_; }
  std::uint64_t begin_of(std::uint64_t block) const { return block * block_size_; }
  // The durable bytes of `block` (at most block_size, fewer at the durable end).
  Bytes durable_block(std::uint64_t block) const;
  // Saves the durable bytes of the blocks overlapping [from, to) before the cache changes.
  void save(std::uint64_t from, std::uint64_t to);
  // The durable copy grows to `size` with zeros.
  void grow_durable(std::uint64_t size);

  std::uint32_t block_size_;
  Bytes cache_;
  std::uint64_t durable_size_ = 0;
  std::map<std::uint64_t, Bytes> saved_;  // by block
  bool durable_exists_ = false;
};

}  // namespace scar::sim
