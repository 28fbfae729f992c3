// A node's disk in a live run: real files in the node's own directory, with real pwrite,
// pread, ftruncate and fdatasync, run on a small pool of disk threads so one node's fsync
// does not stall the others. A node's operations run one at a time, in submission order.
//
// What a crash loses: a live crash stops the node, not the machine, so the kernel would
// keep unsynced writes. To give `durability` options their meaning (what a power loss
// does), the disk remembers each file's contents as of its last successful fsync and a
// crash puts every file back to that: a file never fsynced disappears. Operations still
// queued when the crash comes are dropped, never run (as the simulated disk's queue is).
//
// Cost: an fsync rereads the whole file to remember it, fine for the small files of a
// scenario lasting seconds.
#pragma once

#include <atomic>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "sim/io.h"

namespace scar::live {

class LiveDisk {
 public:
  // REQUIRES: `pool` outlives the disk. Creates `directory`.
  LiveDisk(boost::asio::thread_pool& pool, std::filesystem::path directory);
  ~LiveDisk();
  LiveDisk(const LiveDisk&) = delete;
  LiveDisk& operator=(const LiveDisk&) = delete;

  // Runs `request` on a disk thread; `done` is called there, with its result.
  void submit(sim::IoRequest request, std::function<void(sim::IoResult)> done);
  // Queued behind the operations already submitted: files go back to their fsynced state.
  void crash();
  // Waits for every queued operation (before the disk is destroyed).
  void drain();

 private:
  struct File {
    int descriptor = -1;
    std::string durable;  // the contents as of the last fsync
    bool synced = false;  // fsynced at least once
  };

  sim::IoResult perform(const sim::IoRequest& request);
  File* open(const std::string& name, bool create);
  void restore_durable();

  boost::asio::strand<boost::asio::thread_pool::executor_type> strand_;
  std::filesystem::path directory_;
  std::map<std::string, File> files_;      // touched only on the strand
  std::atomic<std::uint64_t> crashes_{0};  // an operation submitted before a crash is dropped
};

}  // namespace scar::live
