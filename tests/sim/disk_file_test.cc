// DiskFile keeps the durable copy as a view over the cache; these tests hold it to the
// plain model the disk's semantics are written in: two byte strings, the cache and the
// durable copy, where persisting a block copies it across.
#include "sim/disk_file.h"

#include <catch2/catch.hpp>
#include <string>

#include "sim/random.h"

using scar::sim::DiskFile;

namespace {

// The model: what DiskFile must be indistinguishable from.
struct TwoCopies {
  std::uint64_t block_size;
  std::string cache;
  std::string durable;
  bool durable_exists = false;

  void write(std::uint64_t offset, const std::string& bytes) {
    if (cache.size() < offset + bytes.size()) cache.resize(offset + bytes.size());
    cache.replace(offset, bytes.size(), bytes);
  }
  void persist(std::uint64_t block) {
    const std::uint64_t begin = block * block_size;
    const std::uint64_t end = std::min<std::uint64_t>(begin + block_size, cache.size());
    if (durable.size() < end) durable.resize(end);
    if (begin < end) durable.replace(begin, end - begin, cache, begin, end - begin);
    durable_exists = true;
  }
  void resize_durable_to_cache() {
    durable.resize(cache.size());
    durable_exists = true;
  }
};

}  // namespace

TEST_CASE("a disk file's cache and durable copy behave as two separate copies", "[disk]") {
  scar::sim::Random random(7, "disk_file_test");
  for (int trial = 0; trial < 400; ++trial) {
    const std::uint32_t block_size = 1 + static_cast<std::uint32_t>(random.next_below(8));
    DiskFile file(block_size);
    TwoCopies model{block_size, "", "", false};
    for (int step = 0; step < 60; ++step) {
      const std::uint64_t choice = random.next_below(100);
      const std::uint64_t offset = random.next_below(40);
      if (choice < 40) {
        std::string bytes(random.next_below(12), 'a' + static_cast<char>(random.next_below(26)));
        file.write(offset, bytes);
        model.write(offset, bytes);
      } else if (choice < 50) {
        file.truncate(offset);
        model.cache.resize(offset);
      } else if (choice < 75) {
        const std::uint64_t block = random.next_below(40 / block_size + 2);
        file.persist(block);
        model.persist(block);
      } else if (choice < 88) {
        file.resize_durable_to_cache();
        model.resize_durable_to_cache();
      } else if (model.durable_exists) {
        file.crash();
        model.cache = model.durable;
      }
      INFO("trial " << trial << " step " << step << " choice " << choice);
      REQUIRE(file.read(0, 1000) == model.cache);
      REQUIRE(file.durable_exists() == model.durable_exists);
      if (model.durable_exists) REQUIRE(file.durable() == model.durable);
    }
  }
}

TEST_CASE("a log appended and synced keeps one copy of its bytes", "[disk]") {
  DiskFile log(4096);
  for (int record = 0; record < 10'000; ++record) {
    const std::uint64_t end = log.size();
    log.write(end, std::string(100, 'x'));
    for (std::uint64_t block = end / 4096; block * 4096 < log.size(); ++block) log.persist(block);
    log.resize_durable_to_cache();
  }
  CHECK(log.durable() == log.read(0, log.size()));
  CHECK(log.saved_blocks() == 0);
}
