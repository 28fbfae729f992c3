// A node's disk: named files on one device with a write-back cache.
//
// The device serves one operation at a time, in submission order; each takes a service
// time drawn from the operation kind's distribution. At most `queue_depth` operations wait
// (in service included); more are refused at once with IoStatus::busy. So one slow disk
// makes everything on its node slow, as in production.
//
// When a write completes its bytes are in the cache: reads see them, a crash loses them.
// fsync makes a file's dirty blocks durable when it completes, block by block in
// ascending order over its service time: a crash during an fsync keeps the blocks already
// written, so a multi-block update can be torn. A crash keeps exactly the durable bytes;
// a file never made durable is gone.
//
// Faults change the device (DiskFaults): slower service; writes and fsyncs that fail with
// IoStatus::error; lying writes and fsyncs that report success and persist nothing; an
// fsync with dirty blocks to write that fails and drops them (as Linux does), so a
// retried fsync, finding nothing dirty, succeeds with the data gone. Everything here is
// deterministic: it draws only from the stream it is given.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/disk_file.h"
#include "sim/distribution.h"
#include "sim/io.h"
#include "sim/random.h"
#include "sim/ring_buffer.h"
#include "sim/time.h"

namespace scar::sim {

struct DiskOptions {
  Distribution write = Distribution::constant(std::chrono::microseconds{50});
  Distribution read = Distribution::constant(std::chrono::microseconds{100});
  Distribution fsync = Distribution::constant(std::chrono::milliseconds{2});
  std::uint32_t queue_depth = 32;   // operations waiting or in service; more are refused
  std::uint32_t block_size = 4096;  // the unit of tearing
};

// The device's faults, set and cleared by fault injection.
struct DiskFaults {
  double latency_factor = 1;  // slow_disk
  bool fail_writes = false;   // disk_error: write, append, truncate and fsync return error
  bool lying = false;         // lying_write: writes and fsyncs succeed and persist nothing
  bool fsync_fails = false;   // fsync_failure: an fsync with dirty blocks fails and drops them
};

class Disk {
 public:
  Disk(DiskOptions options, Random random);

  // Queues `request` as operation `id`. Returns false (refused: busy) when the queue is
  // full. When the device was idle the operation starts now: started() then says so.
  bool submit(std::uint64_t id, IoRequest request, Time now);

  // The operation just started and when it will complete, once per start; the caller
  // schedules the completion. Null when nothing started since the last call.
  std::optional<Time> take_started();

  // Completes the operation in service. REQUIRES: one is in service and its completion
  // time has come. Returns its id and result, and starts the next one (take_started).
  std::pair<std::uint64_t, IoResult> complete(Time now);

  // A crash at `now`: the cache is lost, an fsync in progress keeps the blocks it wrote,
  // every queued operation is dropped.
  void crash(Time now);

  DiskFaults& faults() { return faults_; }
  // The operation in service. REQUIRES: one is.
  const IoRequest& in_service() const { return in_service_->request; }
  std::size_t queue_depth() const { return queue_.size() + (in_service_ ? 1 : 0); }

  // What survives a crash (tests and reports): the durable bytes of `file`, if any.
  std::optional<std::string> durable_contents(const std::string& file) const;

 private:
  struct File {
    DiskFile bytes;                 // the cache and the durable copy
    std::set<std::uint64_t> dirty;  // blocks of the cache that fsync would persist
  };
  struct Operation {
    std::uint64_t id;
    IoRequest request;
    Time start;
    Time end;
  };

  void start_next(Time now);
  IoResult apply(const IoRequest& request);
  IoResult apply_write(File& file, std::uint64_t offset, const std::string& bytes);
  IoResult apply_fsync(File& file);
  void mark_dirty(File& file, std::uint64_t from, std::uint64_t to);
  const Distribution& latency_of(IoKind kind) const;

  DiskOptions options_;
  Random random_;
  DiskFaults faults_;
  std::map<std::string, File> files_;
  RingBuffer<std::pair<std::uint64_t, IoRequest>> queue_;
  std::optional<Operation> in_service_;
  bool started_pending_ = false;
};

}  // namespace scar::sim
