// Disk operations as node code sees them: a request, and a result that is an ordinary
// value (an error or a refusal is a status, never an exception). See disk.h for what
// the device does with them.
#pragma once

#include <cstdint>
#include <string>

namespace scar::sim {

enum class IoKind : std::uint8_t { write, append, read, fsync, truncate };

enum class IoStatus : std::uint8_t {
  ok,
  error,      // the device failed the operation (disk_error, fsync_failure)
  busy,       // refused: the device queue was full
  not_found,  // read of a file that does not exist
};

struct IoRequest {
  IoKind kind = IoKind::read;
  std::string file;
  std::uint64_t offset = 0;  // write, read; truncate: the new size
  std::uint64_t length = 0;  // read (clamped to the file's end)
  std::string data;          // write, append
};

struct IoResult {
  IoStatus status = IoStatus::ok;
  std::string data;        // read: the bytes read
  std::uint64_t size = 0;  // the file's size after the operation (as reads see it)
  bool ok() const { return status == IoStatus::ok; }
};

}  // namespace scar::sim
