// The disk model's exact semantics, one property per test. Times are driven by hand.
#include "sim/disk.h"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using namespace scar::sim;

namespace {

DiskOptions constant_latencies() {
  DiskOptions options;
  options.write = Distribution::constant(1ms);
  options.read = Distribution::constant(1ms);
  options.fsync = Distribution::constant(3ms);
  options.queue_depth = 8;
  options.block_size = 4;
  return options;
}

struct Harness {
  Disk disk{constant_latencies(), Random(1, "disk/test")};
  Time now{};
  std::uint64_t next_id = 1;

  // Submits and runs the device until this operation completes.
  IoResult run(IoRequest request) {
    const std::uint64_t id = next_id++;
    REQUIRE(disk.submit(id, std::move(request), now));
    while (true) {
      const auto end = disk.take_started();
      REQUIRE(end.has_value());
      now = *end;
      auto [done, result] = disk.complete(now);
      if (done == id) return result;
    }
  }
  IoResult write(std::string file, std::uint64_t offset, std::string data) {
    return run({IoKind::write, std::move(file), offset, 0, std::move(data)});
  }
  IoResult read(std::string file) {
    return run({IoKind::read, std::move(file), 0, UINT64_MAX, {}});
  }
  IoResult fsync(std::string file) { return run({IoKind::fsync, std::move(file), 0, 0, {}}); }
};

}  // namespace

TEST_CASE("a write is visible to reads at once and lost by a crash without fsync", "[disk]") {
  Harness h;
  CHECK(h.write("f", 0, "hello").ok());
  CHECK(h.read("f").data == "hello");
  h.disk.crash(h.now);
  CHECK(h.read("f").status == IoStatus::not_found);
  CHECK_FALSE(h.disk.durable_contents("f").has_value());
}

TEST_CASE("fsync makes a file's writes survive a crash; later writes do not", "[disk]") {
  Harness h;
  h.write("f", 0, "abcdefgh");
  CHECK(h.fsync("f").ok());
  h.write("f", 0, "XY");
  CHECK(h.read("f").data == "XYcdefgh");
  h.disk.crash(h.now);
  CHECK(h.read("f").data == "abcdefgh");
}

TEST_CASE("operations complete one at a time in submission order", "[disk]") {
  Harness h;
  REQUIRE(h.disk.submit(1, {IoKind::write, "f", 0, 0, "a"}, h.now));
  REQUIRE(h.disk.submit(2, {IoKind::write, "f", 1, 0, "b"}, h.now));
  REQUIRE(h.disk.submit(3, {IoKind::fsync, "f", 0, 0, {}}, h.now));
  std::vector<std::pair<std::uint64_t, Time>> completions;
  while (auto end = h.disk.take_started()) {
    completions.emplace_back(h.disk.complete(*end).first, *end);
  }
  CHECK(completions == std::vector<std::pair<std::uint64_t, Time>>{
                           {1, Time{1ms}}, {2, Time{2ms}}, {3, Time{5ms}}});
}

TEST_CASE("a full device queue refuses operations at once", "[disk]") {
  DiskOptions options = constant_latencies();
  options.queue_depth = 2;
  Disk disk(options, Random(1, "d"));
  CHECK(disk.submit(1, {IoKind::write, "f", 0, 0, "a"}, Time{}));
  CHECK(disk.submit(2, {IoKind::write, "f", 0, 0, "b"}, Time{}));
  CHECK_FALSE(disk.submit(3, {IoKind::write, "f", 0, 0, "c"}, Time{}));
  CHECK(disk.queue_depth() == 2);
}

TEST_CASE("a crash during fsync keeps the blocks already written: a torn write", "[disk][torn]") {
  Harness h;                        // 4-byte blocks, fsync takes 3 ms
  h.write("f", 0, "AAAABBBBCCCC");  // three blocks
  REQUIRE(h.disk.submit(h.next_id++, {IoKind::fsync, "f", 0, 0, {}}, h.now));
  const Time started = h.now;
  REQUIRE(h.disk.take_started() == started + 3ms);
  h.disk.crash(started + 1500us);  // half way: one of three blocks written
  CHECK(h.disk.durable_contents("f") == std::string("AAAA"));
  CHECK(h.read("f").data == "AAAA");
}

TEST_CASE("disk_error fails writes and fsyncs and changes nothing", "[disk][faults]") {
  Harness h;
  h.write("f", 0, "good");
  h.fsync("f");
  h.disk.faults().fail_writes = true;
  CHECK(h.write("f", 0, "bad!").status == IoStatus::error);
  CHECK(h.fsync("f").status == IoStatus::error);
  CHECK(h.read("f").data == "good");
  CHECK(h.read("f").ok());
}

TEST_CASE("lying_write acknowledges writes and fsyncs that persist nothing", "[disk][faults]") {
  Harness h;
  h.disk.faults().lying = true;
  CHECK(h.write("f", 0, "data").ok());
  CHECK(h.fsync("f").ok());
  CHECK(h.read("f").data == "data");  // the cache serves it until the crash
  h.disk.crash(h.now);
  CHECK(h.read("f").status == IoStatus::not_found);
}

TEST_CASE("fsync_failure drops the dirty data, so a retried fsync succeeds with it gone",
          "[disk][faults]") {
  Harness h;
  h.write("f", 0, "old!");
  h.fsync("f");
  h.write("f", 0, "new!");
  h.disk.faults().fsync_fails = true;
  CHECK(h.fsync("f").status == IoStatus::error);
  CHECK(h.fsync("f").ok());  // nothing dirty is left to write, even during the fault
  CHECK(h.read("f").data == "new!");
  h.disk.crash(h.now);
  CHECK(h.read("f").data == "old!");
}

TEST_CASE("slow_disk multiplies service times", "[disk][faults]") {
  Harness h;
  h.disk.faults().latency_factor = 10;
  h.write("f", 0, "x");
  CHECK(h.now == Time{10ms});
}

TEST_CASE("appends go to the end, truncate shortens, reads are clamped", "[disk]") {
  Harness h;
  h.run({IoKind::append, "log", 0, 0, "abc"});
  h.run({IoKind::append, "log", 0, 0, "def"});
  CHECK(h.read("log").data == "abcdef");
  CHECK(h.run({IoKind::truncate, "log", 4, 0, {}}).size == 4);
  CHECK(h.run({IoKind::read, "log", 2, 100, {}}).data == "cd");
}
